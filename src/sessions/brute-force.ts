// Brute-force protection as Auth0's: 10 consecutive failed sign-ins for one account from
// one IP address block that pair for a while. The key also covers unknown emails, so the
// lockout itself does not reveal whether an account exists.
import type { RequestContext } from '../tenancy/context.ts';
import { hashToken } from '../crypto.ts';

export const MAX_FAILURES = 10;
export const BLOCK_MS = 15 * 60_000;

export const failureKey = (email: string, ip: string): string => hashToken(`${email.toLowerCase()}\u0000${ip}`);

export async function isBlocked(ctx: RequestContext, key: string, now = new Date()): Promise<boolean> {
  return (await ctx.stores.loginFailures.blockedUntil(key, now)) !== undefined;
}

/** Counts a failure; true when this failure blocked the pair. */
export async function recordFailure(ctx: RequestContext, key: string, now = new Date()): Promise<boolean> {
  const { blockedUntil } = await ctx.stores.loginFailures.recordFailure(key, now, MAX_FAILURES, BLOCK_MS);
  return blockedUntil !== undefined;
}

export const clearFailures = (ctx: RequestContext, key: string): Promise<void> => ctx.stores.loginFailures.clear(key);
