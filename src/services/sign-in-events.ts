// Tenant log events with Auth0's type codes: sign-ins (s, f, fp, fu, limit_wc), sign-ups (ss,
// fs), logout (slo), token grants (seacft/feacft, sertft/fertft, seccft/feccft) and Management
// API writes (sapi, fapi). The request never waits for the entry: it is handed to the store,
// whose group commit writes the entries that arrive together in one transaction. A failed write
// is reported, never answered; beyond MAX_PENDING entries in flight new ones are dropped (and
// counted), so a store that stalls cannot grow memory.
import type { FastifyRequest } from 'fastify';
import type { TenantStores } from '../storage/ports.ts';
import type { Metrics } from './metrics.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant log's writer (the same for every request). */
    events: TenantEvents;
  }
}

const MAX_PENDING = 10_000;
const USER_AGENT_LENGTH = 512;

/** Who and what an event is about; descriptions and details never carry secrets or tokens. */
export interface EventFields {
  clientId?: string | null;
  clientName?: string;
  userId?: string;
  userName?: string;
  details?: Record<string, unknown>;
}

/** Where the request came from. */
export interface EventOrigin {
  ip: string | null;
  userAgent: string | null;
}

export function originOf(request: FastifyRequest): EventOrigin {
  const ua = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof ua === 'string' ? ua.slice(0, USER_AGENT_LENGTH) : null };
}

/** Notes an event of `request`'s tenant; returns at once. */
export function logEvent(request: FastifyRequest, type: string, description: string, fields: EventFields = {}): void {
  request.events.fromRequest(request, type, description, fields);
}

export class TenantEvents {
  readonly #pending = new Set<Promise<unknown>>();

  constructor(
    private readonly metrics: Metrics,
    private readonly onError: (err: unknown, type: string) => void,
  ) {}

  /** Notes an event of `request`'s tenant; returns at once. */
  fromRequest(request: FastifyRequest, type: string, description: string, fields: EventFields = {}): void {
    this.record(request.ctx.stores, originOf(request), type, description, fields);
  }

  /** Notes an event; returns at once. */
  record(stores: TenantStores, origin: EventOrigin, type: string, description: string, fields: EventFields = {}): void {
    this.metrics.event(type);
    if (this.#pending.size >= MAX_PENDING) {
      this.metrics.logEvent('dropped');
      return;
    }
    const details: Record<string, unknown> = { ...fields.details };
    if (fields.userId !== undefined) details.user_id = fields.userId;
    if (fields.userName !== undefined) details.user_name = fields.userName;
    if (fields.clientName !== undefined) details.client_name = fields.clientName;
    const write = stores.logs.append({ type, description, ...origin, clientId: fields.clientId ?? null, details }).then(
      () => this.metrics.logEvent('written'),
      (err: unknown) => {
        this.metrics.logEvent('failed');
        this.onError(err, type);
      },
    );
    this.#pending.add(write);
    void write.finally(() => this.#pending.delete(write));
  }

  /** Resolves once the entries noted so far are written (or failed): readers of the log, shutdown. */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }
}
