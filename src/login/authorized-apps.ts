// What /u/apps shows a signed-in user: each app they consented to, who stands behind it (the
// verified domain of a Client ID Metadata Document, or that it registered itself), what it may
// do at which API, and when it was authorized and last used.
import type { RequestContext } from '../tenancy/context.ts';
import { userinfoAudience, type Consent } from '../domain/grant.ts';
import { verifiedDomainOf } from '../domain/client.ts';
import { describeScopes } from './scope-descriptions.ts';
import type { ConsentScope } from './pages/consent-page.ts';

/** More than any person authorizes; the page lists them all on one page. */
const MAX_CONSENTS = 500;

export interface AuthorizedApi {
  /** the API's name, or null for sign-in alone (the user's profile) */
  name: string | null;
  scopes: ConsentScope[];
}

export interface AuthorizedApp {
  clientId: string;
  name: string;
  logo_uri?: string;
  /** the host of the app's Client ID Metadata Document URL */
  verifiedDomain?: string;
  selfRegistered: boolean;
  apis: AuthorizedApi[];
  grantedAt: Date;
  lastUsedAt?: Date;
}

const latest = (dates: (Date | undefined)[]): Date | undefined =>
  dates.reduce<Date | undefined>((a, d) => (d && (!a || d.getTime() > a.getTime()) ? d : a), undefined);

export async function authorizedApps(ctx: RequestContext, userId: string): Promise<AuthorizedApp[]> {
  const { items } = await ctx.stores.consents.list({ userId }, 0, MAX_CONSENTS);
  const byClient = new Map<string, Consent[]>();
  for (const c of items) byClient.set(c.clientId, [...(byClient.get(c.clientId) ?? []), c]);
  const refreshed = await ctx.stores.refreshTokens.lastIssued(userId, [...byClient.keys()]);
  const apps: AuthorizedApp[] = [];
  for (const [clientId, consents] of byClient) {
    const client = await ctx.stores.clients.findById(clientId);
    if (!client) continue;
    const apis: AuthorizedApi[] = [];
    for (const c of consents) {
      const signInOnly = c.audience === userinfoAudience(ctx.issuer);
      const api = signInOnly ? undefined : await ctx.stores.resourceServers.findByIdentifier(c.audience);
      apis.push({ name: signInOnly ? null : (api?.name ?? c.audience), scopes: describeScopes(c.scopes, api) });
    }
    const domain = verifiedDomainOf(client);
    const lastUsedAt = latest([...consents.map((c) => c.lastUsedAt), refreshed.get(clientId)]);
    apps.push({
      clientId,
      name: client.name,
      ...(client.logo_uri ? { logo_uri: client.logo_uri } : {}),
      ...(domain !== undefined ? { verifiedDomain: domain } : {}),
      selfRegistered: client.dynamic_registration !== undefined,
      apis,
      grantedAt: new Date(Math.min(...consents.map((c) => c.createdAt.getTime()))),
      ...(lastUsedAt ? { lastUsedAt } : {}),
    });
  }
  return apps.sort((a, b) => a.name.localeCompare(b.name));
}
