// URL rules for client settings, checked after the schema: a 400 names the entry and the reason.
import { invalidBody } from './errors.ts';
import { FORBIDDEN_SCHEMES, parseAbsoluteUri, webUrlProblem } from '../domain/uris.ts';

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * Redirect URIs are absolute and carry no fragment (RFC 6749 §3.1.2); the rules are those of
 * dynamic registration (domain/uris.ts), so both accept the same URIs.
 */
export function checkRedirectUris(property: string, list: readonly string[] | undefined): void {
  list?.forEach((value, i) => {
    const url = parse(value);
    if (!url) throw invalidBody(`${property}[${i}] "${value}" is not an absolute URL.`);
    if (FORBIDDEN_SCHEMES.has(url.protocol))
      throw invalidBody(`${property}[${i}] "${value}" uses the ${url.protocol} scheme, which cannot receive a redirect.`);
    if (value.includes('#')) throw invalidBody(`${property}[${i}] "${value}" must not contain a fragment (RFC 6749 §3.1.2).`);
    const parsed = parseAbsoluteUri(value);
    if (parsed.problem !== undefined) throw invalidBody(`${property}[${i}] "${value}" ${parsed.problem}.`);
  });
}

/** Web origins are scheme://host[:port] with nothing after it (RFC 6454 §6.2). */
export function checkOrigins(property: string, list: readonly string[] | undefined): void {
  list?.forEach((value, i) => {
    const url = parse(value);
    if (!url || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw invalidBody(`${property}[${i}] "${value}" is not an origin (scheme://host[:port]).`);
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password || /\/.+/.test(value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''))) {
      throw invalidBody(`${property}[${i}] "${value}" is not an origin: it must not have a path, query or fragment.`);
    }
  });
}

/** An informational http(s) URL (logo_uri): the rules of dynamic registration, http allowed. */
export function checkHttpUrl(property: string, value: string | undefined): void {
  if (value === undefined || value === '') return;
  const problem = webUrlProblem(value, false);
  if (problem) throw invalidBody(`${property} "${value}" is not an absolute http(s) URL: it ${problem}.`);
}
