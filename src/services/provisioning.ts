// Creates a tenant with everything it needs to be used at once: its signing key, its
// Management API, a machine-to-machine client holding every Management API scope, and
// an administrator account (the default tenant's owners own it too). One transaction: a
// tenant is created whole or not at all.
import { defaultTenantSettings, type Tenant } from '../domain/tenant.ts';
import { newClientGrantId, newClientId, newClientSecret, newOperatorId, newPassword, newResourceServerId, newTenantId } from '../domain/ids.ts';
import { DuplicateError, type Storage } from '../storage/ports.ts';
import { createSigningKeys } from './signing-keys.ts';
import { MANAGEMENT_SCOPES } from '../domain/management-scopes.ts';
import { issuerFor, managementAudience } from '../tenancy/issuer.ts';
import { hashPassword } from './passwords.ts';

/** The shape written to initial-credentials.json and printed by `latchkey tenant create --json`. */
export interface TenantCredentials {
  tenant: string;
  domain: string;
  issuer: string;
  management: { client_id: string; client_secret: string; audience: string };
  admin: { email: string; password: string };
}

export interface ProvisionInput {
  name: string;
  domain: string;
  isDefault: boolean;
  publicUrl: string;
  adminEmail?: string;
  /** An existing operator who also becomes owner (the installation's first administrator). */
  alsoOwnedBy?: string;
}

const MANAGEMENT_SCOPE_DESCRIPTIONS: Record<string, string> = {
  read: 'Read',
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
};

function describeScope(scope: string): string {
  const [verb = '', object = ''] = scope.split(':');
  return `${MANAGEMENT_SCOPE_DESCRIPTIONS[verb] ?? verb} ${object.replace(/_/g, ' ')}`;
}

async function pickAdminEmail(storage: Storage, wanted: string | undefined, domain: string, tenantName: string): Promise<string> {
  if (wanted) return wanted.toLowerCase();
  const host = domain.split(':')[0];
  const plain = `admin@${host}`;
  return (await storage.operators.findByEmail(plain)) ? `admin+${tenantName}@${host}` : plain;
}

export async function provisionTenant(storage: Storage, input: ProvisionInput): Promise<{ tenant: Tenant; credentials: TenantCredentials }> {
  const password = newPassword();
  // Hash outside the transaction: it is the slow part and needs no lock.
  const passwordHash = await hashPassword(password);
  return storage.transaction(async (tx) => {
    if (await tx.tenants.findByName(input.name)) throw new DuplicateError(`tenant "${input.name}"`);
    if (await tx.tenants.findByDomain(input.domain)) throw new DuplicateError(`tenant domain "${input.domain}"`);
    const tenant = await tx.tenants.create({
      id: newTenantId(),
      name: input.name,
      domain: input.domain,
      isDefault: input.isDefault,
      settings: defaultTenantSettings(input.name),
    });
    const stores = tx.forTenant(tenant.id);
    await createSigningKeys(stores.signingKeys, tenant.domain);

    const issuer = issuerFor(tenant, input.publicUrl);
    const audience = managementAudience(issuer);
    await stores.resourceServers.create({
      id: newResourceServerId(),
      name: 'Latchkey Management API',
      identifier: audience,
      is_system: true,
      scopes: MANAGEMENT_SCOPES.map((value) => ({ value, description: describeScope(value) })),
      signing_alg: 'RS256',
      token_lifetime: 86400,
      token_lifetime_for_web: 7200,
      allow_offline_access: false,
      skip_consent_for_verifiable_first_party_clients: false,
    });

    const m2m = await stores.clients.create({
      client_id: newClientId(),
      client_secret: newClientSecret(),
      name: 'Latchkey Management Client',
      description: 'Created with the tenant; holds every Management API scope.',
      app_type: 'non_interactive',
      is_first_party: true,
      oidc_conformant: true,
      callbacks: [],
      allowed_logout_urls: [],
      web_origins: [],
      allowed_origins: [],
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
      jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 },
    });
    await stores.clientGrants.create({ id: newClientGrantId(), client_id: m2m.client_id, audience, scope: [...MANAGEMENT_SCOPES] });

    const email = await pickAdminEmail(tx, input.adminEmail, input.domain, input.name);
    const operator = await tx.operators.create({ id: newOperatorId(), email, passwordHash });
    await tx.operators.grantTenant(operator.id, tenant.id, 'owner');
    if (input.alsoOwnedBy) await tx.operators.grantTenant(input.alsoOwnedBy, tenant.id, 'owner');
    // The installation's first administrators (owners of the default tenant) see every tenant
    // created later in their dashboard's tenant switcher.
    const defaultTenant = input.isDefault ? undefined : await tx.tenants.findDefault();
    if (defaultTenant) for (const ownerId of await tx.operators.ownerIds(defaultTenant.id)) await tx.operators.grantTenant(ownerId, tenant.id, 'owner');

    return {
      tenant,
      credentials: {
        tenant: tenant.name,
        domain: tenant.domain,
        issuer,
        management: { client_id: m2m.client_id, client_secret: m2m.client_secret!, audience },
        admin: { email, password },
      },
    };
  });
}
