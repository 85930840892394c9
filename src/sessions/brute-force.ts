// Brute-force protection as Auth0's: consecutive failed sign-ins are counted per identifier and
// client network (an IPv6 /64 as one address, RFC 6177 §2), or per identifier whatever the
// address; reaching the tenant's max_attempts triggers its shields. The key also covers unknown
// identifiers, so the block itself does not reveal whether an account exists.
import { hashToken } from '../crypto.ts';
import { BLOCK_MS, isAllowlisted, type BruteForceProtection } from '../domain/brute-force.ts';
import { clientNetwork, networkLabel } from '../domain/client-network.ts';
import type { FailureSubject, LoginFailureStore, TenantStores } from '../storage/ports.ts';

export interface SignInAttempt {
  /** what the user typed to name the account (an email) */
  identifier: string;
  ip: string;
  connection: string;
  /** operators' counts are kept apart from the tenant's users' and are not listed as user blocks */
  realm?: 'user' | 'operator';
}

/** The client network an attempt from `ip` is counted under, as people write it; null when counted per identifier. */
export function countedNetwork(settings: BruteForceProtection, ip: string): string | null {
  return settings.mode === 'count_per_identifier_and_ip' ? networkLabel(clientNetwork(ip)) : null;
}

/** The key and subject this attempt is counted under; none when protection is off or the address is allowlisted. */
function countedAs(settings: BruteForceProtection, a: SignInAttempt): { keyHash: string; subject: FailureSubject } | undefined {
  if (!settings.enabled || isAllowlisted(a.ip, settings.allowlist)) return undefined;
  const identifier = a.identifier.toLowerCase();
  const ip = countedNetwork(settings, a.ip);
  return { keyHash: hashToken([a.realm ?? 'user', identifier, ip ?? '*'].join('\u0000')), subject: { identifier, ip, connection: a.connection } };
}

/** Whether the block shield refuses this attempt (checked before the password, which is then not verified). */
export async function isBlocked(store: LoginFailureStore, settings: BruteForceProtection, a: SignInAttempt, now = new Date()): Promise<boolean> {
  const counted = countedAs(settings, a);
  if (!counted) return false;
  // Asked even without the block shield: a block that ran out is forgotten here, and the count starts again.
  const until = await store.blockedUntil(counted.keyHash, now, settings.max_attempts);
  return until !== undefined && settings.shields.includes('block');
}

/** Counts a failed attempt; true for the one failure that reached max_attempts (the shields act on it). */
export async function recordFailure(store: LoginFailureStore, settings: BruteForceProtection, a: SignInAttempt, now = new Date()): Promise<boolean> {
  const counted = countedAs(settings, a);
  if (!counted) return false;
  const subject = (a.realm ?? 'user') === 'user' ? counted.subject : undefined;
  return (await store.recordFailure(counted.keyHash, now, settings.max_attempts, BLOCK_MS, subject)).blockedNow;
}

/** A successful sign-in resets the count it was counted under. */
export async function clearFailures(store: LoginFailureStore, settings: BruteForceProtection, a: SignInAttempt): Promise<void> {
  const counted = countedAs(settings, a);
  if (counted) await store.clear(counted.keyHash);
}

/**
 * What to tell a sign-up for this email from this client address while the block shield holds
 * it (refused too); undefined when it may go on. Password-reset requests stay open: the new
 * password lifts the block.
 */
export async function blockedNotice(stores: Pick<TenantStores, 'attackProtection' | 'loginFailures'>, a: SignInAttempt): Promise<string | undefined> {
  const settings = await stores.attackProtection.bruteForce();
  return (await isBlocked(stores.loginFailures, settings, a)) ? blockedMessage(settings) : undefined;
}

/** What the login page and the Authentication API say to a blocked attempt. */
export function blockedMessage(settings: BruteForceProtection): string {
  const where = settings.mode === 'count_per_identifier_and_ip' ? ' from your network' : '';
  const unblock = settings.shields.includes('user_notification') ? ', or use the unblock link in the email sent to the account' : '';
  return `This account has been blocked after too many failed login attempts${where}. Try again in ${BLOCK_MS / 60_000} minutes${unblock}.`;
}
