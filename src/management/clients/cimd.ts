// Auth0's manual import of Client ID Metadata Documents: POST /api/v2/clients/cimd/preview
// fetches and validates a document and shows how it maps to a client, creating nothing;
// POST /api/v2/clients/cimd/register creates or updates the client it describes (keyed by its
// URL, which is its client_id too). Both need the tenant setting client_id_metadata_document_supported.
import type { Client, NewClient } from '../../domain/client.ts';
import type { Validation } from '../../oauth/cimd/document.ts';
import type { RequestContext } from '../../tenancy/context.ts';
import type { Services } from '../../services/container.ts';
import { DuplicateError } from '../../storage/ports/errors.ts';
import type { ManagementAuth } from '../auth.ts';
import { insufficientScope, ManagementError } from '../errors.ts';

export const cimdDisabled = () =>
  new ManagementError(
    403,
    'Client ID Metadata Documents are disabled for this tenant: set the tenant setting client_id_metadata_document_supported to true.',
    'operation_not_supported',
  );

/** Auth0's mapped_fields: the client fields the document sets. */
export function mappedFields(url: string, client: NewClient | undefined): Record<string, unknown> {
  if (!client) return { external_client_id: url };
  const m = client.registration_metadata ?? {};
  const keys = (m.jwks as { keys?: { kid?: string; alg?: string }[] } | undefined)?.keys;
  return {
    external_client_id: url,
    name: client.name,
    app_type: client.app_type,
    callbacks: client.callbacks,
    ...(client.logo_uri !== undefined && { logo_uri: client.logo_uri }),
    grant_types: client.grant_types,
    token_endpoint_auth_method: client.token_endpoint_auth_method,
    ...(typeof m.jwks_uri === 'string' && { jwks_uri: m.jwks_uri }),
    ...(keys && {
      client_authentication_methods: {
        private_key_jwt: { credentials: keys.map((k) => ({ credential_type: 'public_key', ...(k.kid && { kid: k.kid }), ...(k.alg && { alg: k.alg }) })) },
      },
    }),
  };
}

const validationOf = (v: Validation) => ({ valid: v.client !== undefined, violations: v.violations, warnings: v.warnings });

async function read(ctx: RequestContext, services: Services, url: string): Promise<Validation> {
  if (!ctx.tenant.settings.client_id_metadata_document_supported) throw cimdDisabled();
  return services.clientIdMetadata.read(ctx.tenant, url, { fresh: true });
}

/** The preview: 200 also for an invalid document (valid false, with its violations). */
export async function previewCimd(ctx: RequestContext, services: Services, url: string): Promise<Record<string, unknown>> {
  const v = await read(ctx, services, url);
  const existing = await ctx.stores.clients.findById(url, { fresh: true });
  return {
    ...(existing && { client_id: existing.client_id }),
    errors: v.unreadable ? v.violations : [],
    validation: validationOf(v),
    mapped_fields: mappedFields(url, v.client),
  };
}

/** The document's fields over the stored client; what the operator set beyond them stays. */
function refreshed(current: Client, from: NewClient): Client {
  const { client_secret: _s, client_id: _id, ...fields } = from;
  const next: Client = { ...current, ...fields, client_secret: null };
  if (from.logo_uri === undefined) delete next.logo_uri;
  return next;
}

/**
 * The upsert: 201 (create:clients) when the client is new, 200 (update:clients) when it is
 * refreshed from its document; 400 with the violations for an invalid document.
 */
export async function registerCimd(
  ctx: RequestContext,
  services: Services,
  auth: ManagementAuth,
  url: string,
): Promise<{ created: boolean; client: Client; body: Record<string, unknown> }> {
  const v = await read(ctx, services, url);
  if (!v.client) throw new ManagementError(400, `Invalid Client ID Metadata Document: ${v.violations.join('; ')}`, 'invalid_client_metadata');
  const body = (client: Client) => ({ client_id: client.client_id, mapped_fields: mappedFields(url, v.client), validation: validationOf(v) });
  for (let attempt = 0; attempt < 2; attempt++) {
    const current = await ctx.stores.clients.findById(url, { fresh: true });
    if (current) {
      if (!auth.scopes.has('update:clients')) throw insufficientScope(['update:clients']);
      const next = refreshed(current, v.client);
      if (await ctx.stores.clients.replace(next)) return { created: false, client: next, body: body(next) };
      continue;
    }
    if (!auth.scopes.has('create:clients')) throw insufficientScope(['create:clients']);
    try {
      const client = await ctx.stores.clients.create(v.client);
      return { created: true, client, body: body(client) };
    } catch (err) {
      // Imported at the same moment by another request: update it instead.
      if (!(err instanceof DuplicateError)) throw err;
    }
  }
  throw new ManagementError(409, 'The client changed while it was being imported; try again.', 'conflict');
}
