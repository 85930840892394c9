// From the parsed query to the store's filter: checks each field Latchkey can search and what
// kind of match it allows, and refuses the rest by name (Auth0 user search v3 semantics).
import type { BooleanField, FoldedField, NumberField, TextField, UserFilter } from '../../../domain/user-search.ts';
import { QuerySyntaxError, type Query, type Value } from './parse.ts';

const FOLDED: readonly FoldedField[] = ['email', 'name', 'nickname', 'given_name', 'family_name'];
const CASED_TEXT: readonly TextField[] = ['user_id', 'last_ip'];
const NUMBERS: readonly NumberField[] = ['logins_count'];
const DATES: readonly NumberField[] = ['created_at', 'updated_at', 'last_login'];
const BOOLEANS: readonly BooleanField[] = ['email_verified', 'blocked'];
/** Auth0: a wildcard before any literal text needs at least this many literal characters. */
const LEADING_WILDCARD_MIN = 3;
const METADATA_KEY = /^[A-Za-z0-9_-]{1,100}$/;

export const SEARCHABLE_FIELDS = [...FOLDED, ...CASED_TEXT, ...NUMBERS, ...DATES, ...BOOLEANS, 'app_metadata.*', 'user_metadata.*'];

const is = <T extends string>(list: readonly T[], f: string): f is T => (list as readonly string[]).includes(f);

/** `*` splits literal parts; `\*` is a literal star. */
function wildcardParts(pattern: string): string[] {
  return pattern.split(/(?<!\\)\*/).map((p) => p.replace(/\\\*/g, '*'));
}

function checkWildcard(field: string, parts: string[]): void {
  const literal = parts.join('');
  // field:* (Lucene: the field has a value) is fine; a run of stars or a bare * is not.
  if (!literal && (parts.length !== 2 || field === 'free text')) throw new QuerySyntaxError(`a wildcard without literal text (${field}) is not supported`);
  if (literal && parts[0] === '' && literal.length < LEADING_WILDCARD_MIN) {
    throw new QuerySyntaxError(`a leading wildcard needs at least ${LEADING_WILDCARD_MIN} literal characters (${field})`);
  }
}

/**
 * A date as Auth0 accepts it in a search (2017, 2017-12, 2017-12-31, or a full ISO timestamp),
 * as the first and last millisecond it covers (UTC).
 */
export function dateSpan(field: string, text: string): { start: number; end: number } {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) - 1 : undefined, m[3] ? Number(m[3]) : undefined];
    const start = Date.UTC(y, mo ?? 0, d ?? 1);
    const end = d !== undefined ? Date.UTC(y, mo!, d + 1) : mo !== undefined ? Date.UTC(y, mo + 1, 1) : Date.UTC(y + 1, 0, 1);
    const check = new Date(start);
    if (Number.isNaN(start) || (mo !== undefined && check.getUTCMonth() !== mo) || (d !== undefined && check.getUTCDate() !== d)) {
      throw new QuerySyntaxError(`${field} needs a valid date (found ${text})`);
    }
    return { start, end: end - 1 };
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const t = Date.parse(text);
    if (!Number.isNaN(t)) return { start: t, end: t };
  }
  throw new QuerySyntaxError(`${field} needs a date such as 2024-01-31 or 2024-01-31T12:00:00Z (found ${text})`);
}

function integer(field: string, text: string): number {
  if (!/^-?\d{1,15}$/.test(text)) throw new QuerySyntaxError(`${field} needs a whole number (found ${text})`);
  return Number(text);
}

function numberFilter(field: NumberField, value: Value): UserFilter {
  const isDate = is(DATES, field);
  if (value.type === 'wildcard') throw new QuerySyntaxError(`wildcards are not supported on ${field}; use a range`);
  if (value.type === 'term') {
    if (isDate) {
      const { start, end } = dateSpan(field, value.text);
      return { op: 'range', field, from: start, to: end, fromInclusive: true, toInclusive: true };
    }
    const n = integer(field, value.text);
    return { op: 'range', field, from: n, to: n, fromInclusive: true, toInclusive: true };
  }
  // An inclusive upper date bound covers the whole period it names (last_login:[* TO 2017-12]).
  const from = value.from === null ? undefined : isDate ? dateSpan(field, value.from)[value.fromInclusive ? 'start' : 'end'] : integer(field, value.from);
  const to = value.to === null ? undefined : isDate ? dateSpan(field, value.to)[value.toInclusive ? 'end' : 'start'] : integer(field, value.to);
  return {
    op: 'range',
    field,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    fromInclusive: value.fromInclusive,
    toInclusive: value.toInclusive,
  };
}

function textFilter(field: TextField, value: Value): UserFilter {
  const fold = (s: string) => (is(FOLDED, field) ? s.toLowerCase() : s);
  if (value.type === 'range') throw new QuerySyntaxError(`ranges are not supported on ${field}`);
  if (value.type === 'wildcard') {
    const parts = wildcardParts(value.pattern).map(fold);
    checkWildcard(field, parts);
    return { op: 'like', field, parts };
  }
  // Auth0 v3: a quoted value matches the whole field; an unquoted one matches a whole word of
  // the name fields, and the whole value of the others (user_id:auth0 does not find auth0|123).
  if (!value.quoted && is(FOLDED, field) && field !== 'email') return { op: 'word', field, value: fold(value.text) };
  return { op: 'equals', field, value: fold(value.text) };
}

function metadataFilter(field: string, value: Value): UserFilter {
  const [root, ...path] = field.split('.') as ['app_metadata' | 'user_metadata', ...string[]];
  if (!path.length || !path.every((k) => METADATA_KEY.test(k))) {
    throw new QuerySyntaxError(`${field} is not a metadata path Latchkey can search (letters, digits, _ and - between dots)`);
  }
  if (value.type !== 'term') throw new QuerySyntaxError(`${value.type === 'range' ? 'ranges' : 'wildcards'} are not supported on metadata fields (${field})`);
  // Unquoted true/false and numbers match JSON booleans and numbers as well as the same text.
  if (!value.quoted && (value.text === 'true' || value.text === 'false')) {
    const text: UserFilter = { op: 'meta', root, path, value: value.text };
    return { op: 'or', items: [{ op: 'meta', root, path, value: value.text === 'true' }, text] };
  }
  if (!value.quoted && /^-?\d+(\.\d+)?$/.test(value.text) && Number.isFinite(Number(value.text))) {
    return {
      op: 'or',
      items: [
        { op: 'meta', root, path, value: Number(value.text) },
        { op: 'meta', root, path, value: value.text },
      ],
    };
  }
  return { op: 'meta', root, path, value: value.text };
}

function booleanFilter(field: BooleanField, value: Value): UserFilter {
  if (value.type === 'term' && (value.text === 'true' || value.text === 'false')) return { op: 'bool', field, value: value.text === 'true' };
  throw new QuerySyntaxError(`${field} is true or false`);
}

function freeText(value: Value): UserFilter {
  if (value.type === 'range') throw new QuerySyntaxError('a range needs a field (for example logins_count:[1 TO 10])');
  // Free text searches email and name; a whole user_id also finds its user (the dashboard's search box).
  if (value.type === 'term')
    return {
      op: 'or',
      items: [
        { op: 'contains', value: value.text.toLowerCase() },
        { op: 'equals', field: 'user_id', value: value.text },
      ],
    };
  const parts = wildcardParts(value.pattern).map((p) => p.toLowerCase());
  checkWildcard('free text', parts);
  return {
    op: 'or',
    items: [
      { op: 'like', field: 'email', parts },
      { op: 'like', field: 'name', parts },
    ],
  };
}

function match(field: string | undefined, value: Value): UserFilter {
  if (field === undefined) return freeText(value);
  if (is(FOLDED, field) || is(CASED_TEXT, field)) return textFilter(field, value);
  if (is(NUMBERS, field) || is(DATES, field)) return numberFilter(field, value);
  if (is(BOOLEANS, field)) return booleanFilter(field, value);
  if (field.startsWith('app_metadata.') || field.startsWith('user_metadata.')) return metadataFilter(field, value);
  throw new QuerySyntaxError(`the field ${field} cannot be searched; searchable fields: ${SEARCHABLE_FIELDS.join(', ')}`);
}

export function resolveQuery(q: Query): UserFilter {
  switch (q.kind) {
    case 'match':
      return match(q.field, q.value);
    case 'not':
      return { op: 'not', item: resolveQuery(q.item) };
    default:
      return { op: q.kind, items: q.items.map(resolveQuery) };
  }
}
