// The unit a per-IP rate limit counts. One IPv6 subscriber usually holds a whole /64, so
// counting single IPv6 addresses would give one client 2^64 buckets (RFC 6177 §2).
import net from 'node:net';

/** Expands an IPv6 address to its eight 16-bit groups (no :: and no dotted quad). */
function ipv6Groups(ip: string): string[] {
  let [text = ''] = ip.toLowerCase().split('%');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (v4 !== undefined) {
    // The pattern guarantees four parts; the defaults only satisfy the type checker.
    const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = v4.split('.').map(Number);
    text = text.slice(0, -v4.length) + `${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => g.padStart(4, '0'));
}

/** IPv4 address as is; IPv4-mapped IPv6 as its IPv4 address; other IPv6 as its /64 prefix. */
export function clientNetwork(ip: string): string {
  if (!net.isIPv6(ip)) return ip;
  const groups = ipv6Groups(ip);
  if (groups.slice(0, 5).every((g) => g === '0000') && groups[5] === 'ffff') {
    const [hi = 0, lo = 0] = groups.slice(6).map((g) => parseInt(g, 16));
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** A client network as people write it: `2001:db8:1:2::/64` for `2001:0db8:0001:0002::/64`. */
export function networkLabel(network: string): string {
  if (!network.endsWith('::/64')) return network;
  return `${network
    .slice(0, -'::/64'.length)
    .split(':')
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
