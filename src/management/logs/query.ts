// The part of Auth0's Lucene `q` for logs that Latchkey answers: `type:VALUE`,
// `type:(A OR B)`, `client_id:VALUE`, `user_id:VALUE` and `date:[FROM TO TO]` (ISO 8601 dates
// or instants, `*` for an open end; a date alone as the upper end means that whole day), joined
// with AND (or a space). Anything else is a 400 rather than a silently ignored filter.
import type { LogPageQuery } from '../../storage/ports.ts';
import { invalidQuery } from '../errors.ts';

type Filter = Pick<LogPageQuery, 'types' | 'clientId' | 'userId' | 'from' | 'to'>;

const VALUE = String.raw`"[^"]*"|[^\s()"\[\]]+`;
const BOUND = String.raw`\*|"[^"]*"|[0-9][0-9:.TZ+-]*`;
const TERM = new RegExp(
  String.raw`^(type|client_id|user_id):(?:\((\s*(?:${VALUE})(?:\s+OR\s+(?:${VALUE}))*\s*)\)|(${VALUE}))|^date:\[\s*(${BOUND})\s+TO\s+(${BOUND})\s*\]`,
);
const USAGE = 'use type:VALUE, type:(A OR B), client_id:VALUE, user_id:VALUE or date:[FROM TO TO], joined with AND';
const DAY_MS = 86_400_000;

const unquote = (v: string) => (v.startsWith('"') ? v.slice(1, -1) : v);

/** A bound of a date range; a date without a time, as the upper bound, ends with its day. */
function instant(text: string, upper: boolean): Date | undefined {
  const v = unquote(text);
  if (v === '*') return undefined;
  const dateOnly = /^\d{4}-\d\d-\d\d$/.test(v);
  const at = dateOnly ? Date.parse(`${v}T00:00:00.000Z`) : /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) : Number.NaN;
  // Date.parse rolls 2026-02-31 over into March: a real day reads back the same.
  if (!Number.isFinite(at) || (dateOnly && new Date(at).toISOString().slice(0, 10) !== v))
    throw invalidQuery(`q: "${v.slice(0, 40)}" is not an ISO 8601 date (e.g. 2026-01-31 or 2026-01-31T12:00:00Z).`);
  return new Date(dateOnly && upper ? at + DAY_MS - 1 : at);
}

function addTerm(filter: Filter, field: string, values: string[]): void {
  if (field === 'type') {
    filter.types = filter.types ? filter.types.filter((t) => values.includes(t)) : values;
    return;
  }
  if (values.length !== 1) throw invalidQuery(`q: ${field} takes one value.`);
  if (field === 'client_id') filter.clientId = values[0]!;
  else filter.userId = values[0]!;
}

export function parseLogQuery(q: string | undefined): Filter {
  const filter: Filter = {};
  let rest = (q ?? '').trim();
  while (rest) {
    const m = TERM.exec(rest);
    if (!m) throw invalidQuery(`q: unsupported query near "${rest.slice(0, 40)}" (${USAGE}).`);
    if (m[1] !== undefined) {
      const values =
        m[2] !== undefined
          ? m[2]
              .trim()
              .split(/\s+OR\s+/)
              .map(unquote)
          : [unquote(m[3]!)];
      addTerm(filter, m[1], values);
    } else {
      const from = instant(m[4]!, false);
      const to = instant(m[5]!, true);
      if (from) filter.from = filter.from && filter.from > from ? filter.from : from;
      if (to) filter.to = filter.to && filter.to < to ? filter.to : to;
    }
    rest = rest.slice(m[0].length).replace(/^\s+(AND\s+)?/, '');
  }
  return filter;
}
