// Records that a client was used (an authorization or a token issued to it), for the expiry of
// unused registrations. The hot path pays a map lookup: each (tenant, client) is written at most
// once an hour by this process (and, by a conditional UPDATE, by all instances together), and
// the write is never awaited by the request: a failed write is logged, never answered.
import { USE_RECORD_INTERVAL_MS } from '../domain/client.ts';
import type { TenantStores } from '../storage/ports.ts';

/** (tenant, client) pairs remembered at most; the oldest go first, so a flood cannot grow memory. */
const MAX_REMEMBERED = 100_000;

export class ClientUsage {
  /** when this process last wrote (or began writing) each pair's use */
  readonly #written = new Map<string, number>();
  readonly #pending = new Set<Promise<unknown>>();

  constructor(private readonly onError: (err: unknown, clientId: string) => void) {}

  /** Notes a use of `clientId` at `now`; returns at once. */
  record(stores: TenantStores, clientId: string, now = new Date()): void {
    const key = `${stores.tenantId}\u0000${clientId}`;
    const last = this.#written.get(key);
    if (last !== undefined && now.getTime() - last < USE_RECORD_INTERVAL_MS) return;
    this.#written.delete(key);
    if (this.#written.size >= MAX_REMEMBERED) this.#written.delete(this.#written.keys().next().value!);
    this.#written.set(key, now.getTime());
    const write = stores.clients.recordUse(clientId, now, USE_RECORD_INTERVAL_MS).then(
      () => {},
      (err: unknown) => {
        // The next use tries again.
        if (this.#written.get(key) === now.getTime()) this.#written.delete(key);
        this.onError(err, clientId);
      },
    );
    this.#pending.add(write);
    void write.finally(() => this.#pending.delete(write));
  }

  /** Resolves once the writes begun so far have ended (shutdown, tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }
}
