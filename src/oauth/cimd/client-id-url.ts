// The client identifier URL of draft-ietf-oauth-client-id-metadata-document-02 §3: an https URL
// with a path, no dot segments, no fragment, no user name or password; a query and a port are
// allowed. The string is compared exactly (§4: simple string comparison, RFC 3986 §6.2.1), so
// it is checked as sent, before any parser repairs it.
import { parseAbsoluteUri } from '../../domain/uris.ts';

/** Longest client_id URL accepted: client_ids travel in paths and logs, and this is the Management API's id bound. */
export const CLIENT_ID_URL_MAX_LENGTH = 512;

/** Whether `clientId` is meant as a URL (a metadata document) rather than an opaque id. */
export const looksLikeUrl = (clientId: string): boolean => /^https?:\/\//i.test(clientId);

/** What is wrong with `raw` as a client identifier URL (one line), or null. */
export function clientIdUrlProblem(raw: string): string | null {
  if (raw.length > CLIENT_ID_URL_MAX_LENGTH) return `the client_id URL is longer than ${CLIENT_ID_URL_MAX_LENGTH} characters`;
  const parsed = parseAbsoluteUri(raw);
  if (parsed.problem !== undefined) return `the client_id URL ${parsed.problem}`;
  const { url } = parsed;
  if (url.protocol !== 'https:') return 'the client_id URL must use https';
  if (!raw.startsWith('https://')) return 'the client_id URL must start with https:// in lower case';
  const path = /^https:\/\/[^/?#]*(\/[^?#]*)?/.exec(raw)?.[1] ?? '';
  if (path === '' || path === '/') return 'the client_id URL must have a path (https://host/path)';
  // Percent-encoded dots are dots to a server (RFC 3986 §6.2.2.2), so they count too.
  if (path.split('/').some((seg) => /^(\.|%2e){1,2}$/i.test(seg))) return 'the client_id URL must not contain . or .. path segments';
  // What the server would fetch must be the very string the client sent (host case, default port, ...).
  if (url.href !== raw) return `the client_id URL is not in its normal form (${url.href})`;
  return null;
}
