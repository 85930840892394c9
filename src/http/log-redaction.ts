// What logs must never carry: credentials and the parameters that act as them (a login_hint
// names a person, an id_token_hint is a whole ID token, a code or code_verifier redeems tokens,
// state may carry the client's session binding). Redacted by name in URLs, form and JSON text
// and logged objects, wherever they occur.

const NAMED = new Set(['id_token_hint', 'login_hint', 'code', 'state', 'code_verifier', 'password', 'client_assertion', 'authorization', 'cookie']);

export const REDACTED = '[redacted]';

function decoded(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** A parameter or member whose value is (or leads to) a credential: the names above, and any containing "token" or "secret". */
export function isSensitiveName(name: string): boolean {
  const n = decoded(name).toLowerCase();
  return NAMED.has(n) || n.includes('token') || n.includes('secret');
}

// name=value in URLs and form bodies (RFC 3986 §3.4, application/x-www-form-urlencoded), and
// "name":"value" in JSON text.
const PARAMETER = /(^|[?&;#\s])([^=&?#;\s"']+)=([^&#;\s"']*)/g;
const JSON_MEMBER = /"([^"\\]+)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;

/** `text` with the values of sensitive parameters replaced. */
export function redactText(text: string): string {
  let out = text;
  if (out.includes('='))
    out = out.replace(PARAMETER, (m, sep: string, name: string, value: string) => (value && isSensitiveName(name) ? `${sep}${name}=${REDACTED}` : m));
  if (out.includes('":')) out = out.replace(JSON_MEMBER, (m, name: string, colon: string) => (isSensitiveName(name) ? `"${name}"${colon}"${REDACTED}"` : m));
  return out;
}

/** Plain data: object literals, and dictionaries without Object.prototype (parsed query strings and forms). */
const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
};

/**
 * A copy of a logged value with sensitive members and parameters redacted: strings, arrays and
 * plain objects (others, such as a request or an error, are left to their serializers).
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (!isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = typeof v === 'string' && isSensitiveName(key) ? REDACTED : redactValue(v, depth + 1);
  return out;
}
