// Which IP addresses an outbound request must never reach: everything but the public unicast
// internet (IANA IPv4 and IPv6 Special-Purpose Address Registries, RFC 6890 and its updates).
// A URL a stranger supplies could otherwise make the server call its own loopback, the cloud
// metadata service (169.254.169.254) or the private network behind it (SSRF).
import net from 'node:net';

interface Range {
  label: string;
  list: net.BlockList;
}

function range(label: string, family: 'ipv4' | 'ipv6', subnets: [string, number][]): Range {
  const list = new net.BlockList();
  for (const [address, prefix] of subnets) list.addSubnet(address, prefix, family);
  return { label, list };
}

/** IPv4 (RFC 6890 §2.2.2 and the registry since). Listed first: IPv4-mapped IPv6 is checked here too. */
const IPV4: Range[] = [
  range('unspecified ("this network")', 'ipv4', [['0.0.0.0', 8]]),
  range('private (RFC 1918)', 'ipv4', [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
  ]),
  range('shared address space (CGNAT, RFC 6598)', 'ipv4', [['100.64.0.0', 10]]),
  range('loopback', 'ipv4', [['127.0.0.0', 8]]),
  range('link-local', 'ipv4', [['169.254.0.0', 16]]),
  range('reserved for protocol assignments', 'ipv4', [
    ['192.0.0.0', 24],
    ['192.88.99.0', 24],
  ]),
  range('documentation', 'ipv4', [
    ['192.0.2.0', 24],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
  ]),
  range('benchmarking', 'ipv4', [['198.18.0.0', 15]]),
  range('multicast', 'ipv4', [['224.0.0.0', 4]]),
  range('reserved', 'ipv4', [['240.0.0.0', 4]]),
];

const IPV6: Range[] = [
  range('unspecified', 'ipv6', [['::', 128]]),
  range('loopback', 'ipv6', [['::1', 128]]),
  // ::/96 (IPv4-compatible, deprecated) and the other embeddings carry an IPv4 address we do not route to.
  range('IPv4-compatible (deprecated)', 'ipv6', [['::', 96]]),
  range('IPv4/IPv6 translation', 'ipv6', [
    ['64:ff9b::', 96],
    ['64:ff9b:1::', 48],
  ]),
  range('discard-only', 'ipv6', [['100::', 64]]),
  range('reserved for protocol assignments (Teredo and others)', 'ipv6', [['2001::', 23]]),
  range('documentation', 'ipv6', [
    ['2001:db8::', 32],
    ['3fff::', 20],
  ]),
  range('6to4', 'ipv6', [['2002::', 16]]),
  range('segment routing', 'ipv6', [['5f00::', 16]]),
  range('unique local (private)', 'ipv6', [['fc00::', 7]]),
  range('link-local', 'ipv6', [['fe80::', 10]]),
  range('site-local (deprecated)', 'ipv6', [['fec0::', 10]]),
  range('multicast', 'ipv6', [['ff00::', 8]]),
];

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d, RFC 4291 §2.5.5.2), else null. */
function mappedIpv4(address: string): string | null {
  const m = /^::ffff:(?:0:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (m) {
    const hi = parseInt(m[1]!, 16);
    const lo = parseInt(m[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  const dotted = /^::ffff:(?:0:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return dotted ? dotted[1]! : null;
}

/** Why `address` is not a public unicast address ("loopback", ...), or null when it is one. */
export function reservedRange(address: string): string | null {
  const family = net.isIP(address);
  if (family === 0) return 'not an IP address';
  if (family === 4) return IPV4.find((r) => r.list.check(address, 'ipv4'))?.label ?? null;
  const v4 = mappedIpv4(address.toLowerCase());
  if (v4 !== null) {
    const label = IPV4.find((r) => r.list.check(v4, 'ipv4'))?.label;
    return label ? `${label}, IPv4-mapped` : null;
  }
  return IPV6.find((r) => r.list.check(address, 'ipv6'))?.label ?? null;
}
