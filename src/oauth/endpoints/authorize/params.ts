// Authorization request parameters (RFC 6749 §3.1): each at most once; `resource`
// (RFC 8707 §2) may repeat by spec, but one API per request is what tokens can carry.
import { InvalidRequest, OAuthError } from '../../errors.ts';

export function readAuthorizeParams(entries: Iterable<[string, string]>): Record<string, string> {
  const params: Record<string, string> = Object.create(null);
  for (const [key, value] of entries) {
    if (key in params) {
      if (key === 'resource') throw new OAuthError('invalid_target', 'Only one resource may be requested at a time.');
      throw new InvalidRequest(`Parameter "${key}" must not be repeated.`);
    }
    params[key] = value;
  }
  return params;
}

/** Parameters from the query (GET) or a form body (POST, OIDC Core §3.1.2.1). */
export function paramsFromRequest(url: string, body: unknown): Record<string, string> {
  if (body && typeof body === 'object') {
    const entries: [string, string][] = [];
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (Array.isArray(v)) for (const item of v) entries.push([k, String(item)]);
      else entries.push([k, String(v)]);
    }
    return readAuthorizeParams(entries);
  }
  const q = url.indexOf('?');
  return readAuthorizeParams(new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
}

/** `/path?` + the request's parameters, minus the given prompt values and parameters. */
export function withParams(path: string, params: Record<string, string>, drop: { prompt?: string[]; params?: string[] } = {}): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (drop.params?.includes(k)) continue;
    if (k === 'prompt' && drop.prompt) {
      const dropped = drop.prompt;
      const left = v.split(' ').filter((p) => p && !dropped.includes(p));
      if (left.length) out.set(k, left.join(' '));
      continue;
    }
    out.set(k, v);
  }
  const qs = out.toString();
  return qs ? `${path}?${qs}` : path;
}
