// Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document-02): a client_id
// that is an https URL names the client's metadata, fetched through the guarded fetcher (https
// only, public addresses, no redirects, 5 KiB, JSON; §8.6, §8.7) and validated (document.ts).
//
// Caching (§5.2): the fetcher keeps a document for its Cache-Control max-age clamped to
// [5 minutes, 24 hours]; a refused one is remembered here for 5 minutes, so that neither is
// fetched twice within that time. Each instance caches on its own: a cached document is only an
// optimisation (the document stays the source of truth), so several instances each serving a
// copy at most its max-age old is what the draft allows of one. Imported clients are stored
// and read like any other client; their refresh is an explicit action.
import type { Client } from '../../domain/client.ts';
import type { Tenant } from '../../domain/tenant.ts';
import type { OutboundFetcher } from '../../outbound/fetcher.ts';
import { OutboundRefusal } from '../../outbound/fetcher.ts';
import { MIN_TTL_MS } from '../../outbound/cache.ts';
import type { TenantStores } from '../../storage/ports.ts';
import { clientIdUrlProblem, looksLikeUrl } from './client-id-url.ts';
import { DOCUMENT_MAX_BYTES, validateDocument, type Validation } from './document.ts';

/** The document named by a client_id cannot be used; `reason` is one line for people. */
export class ClientMetadataRefused extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Client ID Metadata Document refused: ${reason}`);
    this.name = 'ClientMetadataRefused';
  }
}

/** How long a refused document is refused without fetching it again. */
const REFUSAL_TTL_MS = MIN_TTL_MS;
const MAX_REFUSALS = 10_000;

export interface LookupContext {
  tenant: Tenant;
  stores: Pick<TenantStores, 'clients' | 'logs'>;
  /** who asked, for the tenant log */
  ip?: string;
  userAgent?: string | undefined;
}

export class ClientIdMetadataDocuments {
  private readonly refused = new Map<string, { reason: string; until: number }>();

  constructor(
    private readonly outbound: Pick<OutboundFetcher, 'fetchJson'>,
    private readonly warn: (details: object, message: string) => void,
  ) {}

  /**
   * Fetches and validates the document at `url` for `tenant`. A document that cannot be fetched
   * is a violation like any other. `fresh`: fetched again even when cached (an operator's
   * preview, import or refresh; never for a request a stranger can send).
   */
  async read(tenant: Tenant, url: string, options: { fresh?: boolean } = {}): Promise<Validation> {
    const problem = clientIdUrlProblem(url);
    if (problem) return { violations: [problem], warnings: [], unreadable: true };
    let json: unknown;
    try {
      ({ json } = await this.outbound.fetchJson(url, { tenantId: tenant.id, maxBytes: DOCUMENT_MAX_BYTES, fresh: options.fresh === true }));
    } catch (err) {
      if (err instanceof OutboundRefusal) return { violations: [`the document could not be fetched: ${err.reason}`], warnings: [], unreadable: true };
      throw err;
    }
    const validation = validateDocument(url, json, { strict: tenant.settings.dynamic_client_registration_security_mode === 'strict' });
    if (validation.client) this.refused.delete(refusalKey(tenant, url));
    return validation;
  }

  /**
   * The client `clientId` names: a stored one (an imported document's client too: its client_id
   * is its URL) without fetching anything; else, when the tenant supports metadata documents
   * and `clientId` is a URL, the client its document describes. Undefined for an unknown
   * client; ClientMetadataRefused (logged once per refusal) for a document that cannot be used.
   */
  async findClient(ctx: LookupContext, clientId: string): Promise<Client | undefined> {
    const stored = await ctx.stores.clients.findById(clientId);
    if (stored || !ctx.tenant.settings.client_id_metadata_document_supported || !looksLikeUrl(clientId)) return stored;
    const key = refusalKey(ctx.tenant, clientId);
    const known = this.refused.get(key);
    if (known && known.until > Date.now()) throw new ClientMetadataRefused(clientId, known.reason);
    const { violations, client } = await this.read(ctx.tenant, clientId);
    if (!client) {
      const reason = violations.join('; ');
      this.remember(key, reason);
      await this.log(ctx, clientId, reason);
      throw new ClientMetadataRefused(clientId, reason);
    }
    const now = new Date();
    return { ...client, tenantId: ctx.tenant.id, createdAt: now, updatedAt: now, lastUsedAt: null };
  }

  private remember(key: string, reason: string): void {
    this.refused.delete(key);
    if (this.refused.size >= MAX_REFUSALS) this.refused.delete(this.refused.keys().next().value!);
    this.refused.set(key, { reason, until: Date.now() + REFUSAL_TTL_MS });
  }

  /** A refusal in the tenant log; a failure to log it never replaces the refusal. */
  private async log(ctx: LookupContext, url: string, reason: string): Promise<void> {
    try {
      await ctx.stores.logs.append({
        type: 'cimd_failure',
        description: 'Client ID Metadata Document refused',
        ip: ctx.ip ?? null,
        userAgent: ctx.userAgent?.slice(0, 512) ?? null,
        clientId: url.slice(0, 512),
        details: { client_id: url, reason },
      });
    } catch (err) {
      this.warn({ err }, 'could not log a refused client metadata document');
    }
  }
}

const refusalKey = (tenant: Tenant, url: string) => `${tenant.id}\n${url}`;
