// Which redirect URIs a dynamically registered client may use.
// Web clients: https, or http on a loopback host (development). Native clients (RFC 8252):
// loopback http on any port (§7.3), claimed https URIs (§7.2) and private-use schemes (§7.1).
import { isLoopback, parseAbsoluteUri } from '../../../../domain/uris.ts';

export type ApplicationType = 'web' | 'native';

/** What is wrong with one redirect URI for this application type, or null. */
export function redirectUriProblem(raw: string, applicationType: ApplicationType): string | null {
  const parsed = parseAbsoluteUri(raw);
  if (parsed.problem !== undefined) return parsed.problem;
  const { url } = parsed;
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    if (isLoopback(url)) return null;
    return applicationType === 'native'
      ? 'must use a loopback host (localhost, 127.0.0.1 or [::1]) with http (RFC 8252 §7.3), or https'
      : 'must use https (http is allowed for localhost, 127.0.0.1 and [::1] only)';
  }
  if (applicationType === 'web') return 'must use https; custom schemes need application_type native (RFC 8252 §7.1)';
  // RFC 8252 §7.1: a private-use scheme followed by a path.
  if (url.href.length <= url.protocol.length) return 'must have a path after the scheme';
  return null;
}
