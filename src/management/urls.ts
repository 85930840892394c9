// URL rules for client settings, checked after the schema: a 400 names the entry and the reason.
import { invalidBody } from './errors.ts';

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const DANGEROUS_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:']);

/** Redirect URIs are absolute and carry no fragment (RFC 6749 §3.1.2). */
export function checkRedirectUris(property: string, list: readonly string[] | undefined): void {
  list?.forEach((value, i) => {
    const url = parse(value);
    if (!url) throw invalidBody(`${property}[${i}] "${value}" is not an absolute URL.`);
    if (DANGEROUS_SCHEMES.has(url.protocol)) throw invalidBody(`${property}[${i}] "${value}" uses the ${url.protocol} scheme, which cannot receive a redirect.`);
    if (value.includes('#')) throw invalidBody(`${property}[${i}] "${value}" must not contain a fragment (RFC 6749 §3.1.2).`);
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

export function checkHttpUrl(property: string, value: string | undefined): void {
  if (value === undefined || value === '') return;
  const url = parse(value);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw invalidBody(`${property} "${value}" is not an absolute http(s) URL.`);
}
