// URI rules for every URL a client is configured with, whoever sets it: dynamic registration
// (RFC 7591) and the Management API apply the same ones, so a URI one accepts the other does
// too. Each check returns what is wrong, or null, so the caller picks its error family.

/** Hosts that are the user's own machine (RFC 8252 §7.3, §8.3). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Schemes that run code or read local data when navigated to. */
export const FORBIDDEN_SCHEMES: ReadonlySet<string> = new Set(['javascript:', 'data:', 'file:', 'vbscript:', 'blob:', 'about:', 'filesystem:']);

export const isLoopback = (url: URL): boolean => LOOPBACK_HOSTS.has(url.hostname);

/** The same, for a URI string (false when it does not parse). */
export function isLoopbackUri(raw: string): boolean {
  try {
    return isLoopback(new URL(raw));
  } catch {
    return false;
  }
}

/**
 * Where a non-verifiable callback delivers: an app on this device that handles a scheme
 * (RFC 8252 §7.1, private-use URI schemes), or a program listening on a loopback address
 * (RFC 8252 §7.3). Anything on the device can claim either, so nobody can vouch for the
 * receiver, unlike an https host (RFC 8252 §8.6, §8.7).
 */
export type NonVerifiableCallback = { kind: 'app'; scheme: string } | { kind: 'loopback'; host: string; port: number };

/**
 * The device's own hosts, as a browser resolves them: `localhost` and its subdomains
 * (RFC 6761 §6.3), 127.0.0.0/8, ::1 and IPv4-mapped 127.0.0.0/8. The WHATWG parser has
 * already turned shorthand (127.1, 0x7f.1) and long IPv6 forms into these.
 */
function isDeviceHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  return host === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

/**
 * Classifies a redirect URI: null when it is https, or http on a host that is not this device
 * (verifiable by its name); otherwise where the result goes. A URI that does not parse is
 * treated as non-verifiable by its scheme, if any.
 */
export function nonVerifiableCallback(raw: string): NonVerifiableCallback | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1];
    return scheme ? { kind: 'app', scheme: scheme.toLowerCase() } : null;
  }
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') return { kind: 'app', scheme };
  if (!isDeviceHost(url.hostname)) return null;
  return { kind: 'loopback', host: url.hostname, port: url.port ? Number(url.port) : scheme === 'https' ? 443 : 80 };
}

export type ParsedUri = { url: URL; problem?: undefined } | { url?: undefined; problem: string };

/**
 * Parses an absolute URI without the WHATWG parser's repairs: the registered string is what
 * /authorize compares exactly, so it must mean the same to every parser that reads it.
 */
export function parseAbsoluteUri(raw: string): ParsedUri {
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return { problem: 'must not contain whitespace or control characters' };
  if (raw.includes('\\')) return { problem: 'must not contain a backslash' };
  // RFC 3986 §2: a URI is ASCII; other characters travel percent-encoded. A raw one would be read
  // differently by different parsers (and cannot go into a Location header as it is).
  if (/[^\x21-\x7e]/.test(raw)) return { problem: 'must contain ASCII characters only: percent-encode the others (RFC 3986 §2.1)' };
  if (/["<>^`{|}]/.test(raw)) return { problem: 'must not contain " < > ^ ` { | } unencoded (RFC 3986 §2)' };
  if (/%(?![0-9A-Fa-f]{2})/.test(raw)) return { problem: 'has a % that does not start a percent-encoding (RFC 3986 §2.1)' };
  // RFC 6749 §3.1.2: the redirection endpoint URI MUST NOT include a fragment component.
  if (raw.includes('#')) return { problem: 'must not contain a fragment (#)' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'must be an absolute URI' };
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(raw)) return { problem: 'must be an absolute URI' };
  if (FORBIDDEN_SCHEMES.has(url.protocol)) return { problem: `must not use the ${url.protocol} scheme` };
  const web = url.protocol === 'http:' || url.protocol === 'https:';
  // "https:host" and "https:/host" parse as https://host/; only the canonical form is accepted.
  if (web && !raw.toLowerCase().startsWith(`${url.protocol}//`)) return { problem: `must start with ${url.protocol}//` };
  if (url.username || url.password) return { problem: 'must not contain user credentials' };
  if (url.hostname.includes('*')) return { problem: 'must not contain a wildcard host' };
  return { url };
}

/**
 * An informational web URL (client_uri, logo_uri, policy_uri, tos_uri) or a jwks_uri:
 * http or https; `httpsOnly` allows plain http on loopback hosts only.
 */
export function webUrlProblem(raw: string, httpsOnly: boolean): string | null {
  const parsed = parseAbsoluteUri(raw);
  if (parsed.problem !== undefined) return parsed.problem;
  const { url } = parsed;
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return 'must be an http or https URL';
  if (httpsOnly && !isLoopback(url)) return 'must use https (http is allowed for localhost, 127.0.0.1 and [::1] only)';
  return null;
}

/** Regular-expression text that matches `text` literally. */
const literally = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A redirect-URI pattern of a registration policy as a matcher. A star stands for one or more
 * host labels when the host starts with "*." (https://*.partner.example/cb), for any port after
 * a colon (http://127.0.0.1:* then a path), and for any rest of a path or query elsewhere;
 * everything else matches itself (the scheme and host case-insensitively).
 */
export function uriPatternMatcher(pattern: string): (uri: string) => boolean {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(pattern);
  // Stars arrive escaped (\*); only those in the places above become wildcards.
  const anyRest = (text: string) => literally(text).replaceAll('\\*', '.*');
  if (!m) {
    const whole = new RegExp(`^${anyRest(pattern)}$`, 'i');
    return (uri) => whole.test(uri);
  }
  const [, scheme = '', authority = '', rest = ''] = m;
  const host = literally(authority)
    .replace(/^\\\*\\\./, '(?:[a-z0-9-]+\\.)+')
    .replace(/:\\\*$/, ':\\d{1,5}');
  const re = new RegExp(`^${literally(scheme)}${host}${anyRest(rest)}$`, 'i');
  return (uri) => re.test(uri);
}
