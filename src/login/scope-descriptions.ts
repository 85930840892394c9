// What each requested scope means, in words a person can decide on.
import type { ResourceServer } from '../domain/resource-server.ts';
import type { ConsentScope } from './pages/consent-page.ts';

const OIDC: Record<string, string> = {
  openid: 'Confirm your identity',
  profile: 'View your profile: name, nickname and picture',
  email: 'View your email address',
  offline_access: 'Stay connected when you are not using the app',
};

export function describeScopes(scopes: readonly string[], api: ResourceServer | undefined): ConsentScope[] {
  return scopes.map((name) => {
    const oidc = OIDC[name];
    if (oidc) return { name, description: oidc };
    const own = api?.scopes.find((s) => s.value === name);
    return { name: api ? `${name} (${api.name})` : name, description: own?.description || name };
  });
}
