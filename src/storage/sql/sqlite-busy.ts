// Waiting for SQLite's write lock without stopping the process. SQLite's own busy handler
// (busy_timeout) sleeps inside the call, so while another process (another worker, the CLI)
// holds the lock, every request of this process stands still too. Instead the connection does
// not wait (busy_timeout 0), and a statement refused with SQLITE_BUSY is tried again after a
// short timer, the event loop serving other requests meanwhile (whose writes then join the next
// group commit). After BUSY_WAIT_MS the refusal stands: the request gets a 503.
import { setTimeout as sleep } from 'node:timers/promises';

export const BUSY_WAIT_MS = 5000;

/**
 * SQLITE_BUSY and its extended codes, except BUSY_SNAPSHOT: a deferred transaction whose
 * snapshot is stale never succeeds by trying again.
 */
function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY') && code !== 'SQLITE_BUSY_SNAPSHOT';
}

/**
 * Runs `work` until it is not refused as busy, or BUSY_WAIT_MS have passed. Safe for any
 * statement: one refused with SQLITE_BUSY did nothing (a COMMIT so refused leaves its
 * transaction open, to be committed again).
 */
export async function retryWhileBusy<T>(work: () => T | Promise<T>): Promise<T> {
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
      await sleep(Math.min(attempt, 10));
    }
  }
}
