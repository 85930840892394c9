// Brute-force protection settings (Auth0's /api/v2/attack-protection/brute-force-protection)
// and the address rules they use: which client addresses are allowlisted, in IPv4 or IPv6,
// single addresses or CIDR ranges.
import net from 'node:net';

export const BRUTE_FORCE_SHIELDS = ['block', 'user_notification'] as const;
export type BruteForceShield = (typeof BRUTE_FORCE_SHIELDS)[number];

export const BRUTE_FORCE_MODES = ['count_per_identifier_and_ip', 'count_per_identifier'] as const;
export type BruteForceMode = (typeof BRUTE_FORCE_MODES)[number];

export interface BruteForceProtection {
  enabled: boolean;
  /** what happens when an identifier reaches max_attempts: refuse sign-ins, and/or mail the user */
  shields: BruteForceShield[];
  /** per (identifier, client network), or per identifier whatever the address */
  mode: BruteForceMode;
  /** consecutive failed sign-ins that trigger the shields */
  max_attempts: number;
  /** addresses and CIDR ranges never counted or blocked */
  allowlist: string[];
}

export const MAX_ATTEMPTS_RANGE = { minimum: 1, maximum: 100 } as const;

/** Auth0's defaults for a new tenant. */
export function defaultBruteForceProtection(): BruteForceProtection {
  return { enabled: true, shields: ['block', 'user_notification'], mode: 'count_per_identifier_and_ip', max_attempts: 10, allowlist: [] };
}

/** How long a reached threshold blocks, unless the user or an administrator lifts it first. */
export const BLOCK_MS = 15 * 60_000;

interface Range {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** An IPv4 or IPv6 address, optionally with a /prefix; undefined when it is neither. */
function parseRange(entry: string): Range | undefined {
  const [address = '', prefixText, extra] = entry.split('/');
  if (extra !== undefined) return undefined;
  const version = net.isIP(address);
  if (version === 0) return undefined;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** The allowlist entries that are neither an IP address nor a CIDR range. */
export function invalidAllowlistEntries(allowlist: readonly string[]): string[] {
  return allowlist.filter((e) => parseRange(e) === undefined);
}

/** Whether `ip` falls in one of the allowlist's addresses or ranges (IPv4-mapped IPv6 counts as its IPv4 address). */
export function isAllowlisted(ip: string, allowlist: readonly string[]): boolean {
  if (allowlist.length === 0) return false;
  const list = new net.BlockList();
  for (const e of allowlist) {
    const r = parseRange(e);
    if (r) list.addSubnet(r.address, r.prefix, r.family);
  }
  const family = net.isIP(ip);
  if (family === 0) return false;
  return list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}
