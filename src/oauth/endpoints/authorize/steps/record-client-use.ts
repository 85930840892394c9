import type { ValidatedRequest } from '../context.ts';

/**
 * A code or tokens were issued, so the client is in use (expiry of unused registrations,
 * RFC 7591 §5). Recorded off the request's path: the response never waits for it.
 */
export function recordClientUse({ usage, ctx, client, now }: ValidatedRequest): void {
  usage.record(ctx.stores, client.client_id, now);
}
