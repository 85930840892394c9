// The dashboard's only way to tenant data: the Management API, called in-process with a
// short-lived token minted for the signed-in operator and the selected tenant. The API's own
// scope checks, validation and errors apply exactly as for any other caller.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/container.ts';
import type { Tenant } from '../domain/tenant.ts';
import { issuerFor, managementAudience } from '../tenancy/issuer.ts';
import { StoreUnavailableError } from '../storage/ports.ts';
import { issueAccessToken } from '../oauth/tokens/access-token.ts';
import { MANAGEMENT_SCOPES } from '../domain/management-scopes.ts';
import type { ManagementErrorBody } from '../management/errors.ts';

/** `azp` of dashboard tokens: no stored client stands behind them. */
export const DASHBOARD_CLIENT_ID = 'latchkey-dashboard';
/** One page render makes a few calls; the token is not kept past it. */
const TOKEN_LIFETIME_SECONDS = 60;

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: ManagementErrorBody };

export type Query = Record<string, string | number | boolean | undefined>;

export class DashboardApi {
  #token: string | undefined;

  constructor(
    private readonly app: FastifyInstance,
    private readonly services: Services,
    private readonly tenant: Tenant,
    private readonly operatorId: string,
    /** the page request's id, so API log lines can be matched with it */
    private readonly requestId: string,
  ) {}

  private async token(): Promise<string> {
    if (this.#token) return this.#token;
    const issuer = issuerFor(this.tenant, this.services.config.publicUrl);
    const { token } = await issueAccessToken(this.services.keys, {
      tenantId: this.tenant.id,
      issuer,
      subject: `${this.operatorId}@operators`,
      audience: managementAudience(issuer),
      clientId: DASHBOARD_CLIENT_ID,
      scopes: [...MANAGEMENT_SCOPES],
      lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
    });
    return (this.#token = token);
  }

  async call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, opts: { query?: Query; body?: unknown } = {}): Promise<ApiResult<T>> {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== '') search.set(k, String(v));
    const qs = search.toString();
    const res = await this.app.inject({
      method,
      url: `/api/v2${path}${qs ? `?${qs}` : ''}`,
      // The Host header selects the tenant, as it does for any API client.
      headers: { host: this.tenant.domain, authorization: `Bearer ${await this.token()}`, 'x-request-id': this.requestId },
      ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
    });
    const body = res.body ? JSON.parse(res.body) : undefined;
    // Nothing the operator typed is wrong: the whole page says so, not a field.
    if (res.statusCode === 503) throw new StoreUnavailableError('the Management API answered 503');
    if (res.statusCode >= 400) return { ok: false, status: res.statusCode, error: body as ManagementErrorBody };
    return { ok: true, status: res.statusCode, body: body as T };
  }

  get<T>(path: string, query?: Query) {
    return this.call<T>('GET', path, query ? { query } : {});
  }
}

/** Path segment for an id that may hold `|` or `/` (user ids, API identifiers). */
export const seg = (id: string): string => encodeURIComponent(id);
