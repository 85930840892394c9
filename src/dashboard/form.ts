// Reading submitted forms and placing the Management API's error next to the field it names.
import type { FastifyRequest } from 'fastify';
import type { ManagementErrorBody } from '../management/errors.ts';

export type FormBody = Record<string, string | string[] | undefined>;

export function formBody(request: FastifyRequest): FormBody {
  return request.body && typeof request.body === 'object' ? (request.body as FormBody) : {};
}

/** One value (the last when a name repeats). */
export function text(body: FormBody, name: string): string {
  const v = body[name];
  return (Array.isArray(v) ? (v.at(-1) ?? '') : (v ?? '')).trim();
}

/** Every value of a repeated name, in order (empty strings kept, so rows stay aligned). */
export function all(body: FormBody, name: string): string[] {
  const v = body[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A textarea with one entry per line: blank lines and surrounding spaces dropped. */
export function lines(body: FormBody, name: string): string[] {
  return text(body, name)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export const checked = (body: FormBody, name: string): boolean => all(body, name).includes('on') || all(body, name).includes('true');

/** A form's outcome when the API refused it: one message per field, or one for the form. */
export interface FieldError {
  field?: string;
  message: string;
}

/**
 * Maps an Auth0-shaped error to a form field. `fields` maps API property names to form field
 * names (e.g. `registration_rate_limits.per_ip_burst` -> `per_ip_burst`); `rowNoun` says how
 * list entries are counted in that field ("Line" for one-URL-per-line textareas).
 */
export function fieldError(error: ManagementErrorBody, fields: Readonly<Record<string, string>>, rowNoun: Readonly<Record<string, string>> = {}): FieldError {
  const message = error.message.replace(/^Payload validation error: /, '');
  // The service's URL checks: `callbacks[1] "x" is not an absolute URL.`
  const indexed = /^([a-z_]+)\[(\d+)\] ([\s\S]*)$/.exec(message);
  if (indexed && fields[indexed[1]!]) {
    const field = fields[indexed[1]!]!;
    return { field, message: `${rowNoun[field] ?? 'Entry'} ${Number(indexed[2]) + 1}: ${indexed[3]}` };
  }
  // The schema's: `'String is too long (300 chars), maximum 255' on property name (Name of ...).`
  const schema = /^'([\s\S]*)' on property ([\w.[\]]+)(?: \(|\.$)/.exec(message);
  if (schema) {
    const what = schema[1]!;
    const path = schema[2]!;
    // `registration_rate_limits.per_ip_burst` names a field whole; `scopes[2].value` by its list.
    const plain = path.replace(/\[\d+\]/g, '');
    const head = /^(\w+)(?:\[(\d+)\])?/.exec(path)!;
    const field = fields[plain] ?? fields[head[1]!];
    const index = fields[plain] ? undefined : head[2];
    if (field) return { field, message: `${index !== undefined ? `${rowNoun[field] ?? 'Entry'} ${Number(index) + 1}: ` : ''}${plainWords(what)}` };
  }
  const missing = /^'Missing required property: (\w+)'\.$/.exec(message);
  if (missing && fields[missing[1]!]) return { field: fields[missing[1]!]!, message: 'This field is required.' };
  return { message };
}

/** The validator's wording for the common cases, in words an owner uses; else as the API said it. */
function plainWords(what: string): string {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^String does not match pattern \^\[\^<>\]\+\$/, () => 'Must not contain < or >.'],
    [/^String does not match pattern \^\[\\x21/, () => 'Must not contain spaces, double quotes or backslashes.'],
    [/^String is too short \(0 chars\)/, () => 'This field is required.'],
    [/^String is too long \((\d+) chars\), maximum (\d+)$/, (m) => `Must be at most ${m[2]} characters (this is ${m[1]}).`],
    [/^Expected type integer but found type (number|string)$/, () => 'Enter a whole number.'],
    [/^Expected type number but found type string$/, () => 'Enter a number.'],
    [/^Value .* is less than minimum (.*)$/, (m) => `Must be at least ${m[1]}.`],
    [/^Value .* is greater than maximum (.*)$/, (m) => `Must be at most ${m[1]}.`],
    [/^Object didn't pass validation for format email/, () => 'Enter an email address such as support@example.com.'],
  ];
  for (const [re, say] of rules) {
    const m = re.exec(what);
    if (m) return say(m);
  }
  return `${what}.`;
}

/** Same-site path to come back to after signing in; anything else falls back to /dashboard. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/dashboard';
  if (!/^\/dashboard(\/|\?|$)/.test(value) || value.includes('//') || value.includes('\\')) return '/dashboard';
  return value;
}
