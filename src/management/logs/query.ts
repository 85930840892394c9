// The part of Auth0's Lucene `q` for logs that Latchkey answers: `type:VALUE`,
// `type:(A OR B)`, `client_id:VALUE`, joined with AND (or a space). Anything else is a 400
// rather than a silently ignored filter.
import type { LogPageQuery } from '../../storage/ports.ts';
import { invalidQuery } from '../errors.ts';

type Filter = Pick<LogPageQuery, 'types' | 'clientId'>;

const VALUE = String.raw`"[^"]*"|[^\s()"]+`;
const TERM = new RegExp(String.raw`^(type|client_id):(?:\((\s*(?:${VALUE})(?:\s+OR\s+(?:${VALUE}))*\s*)\)|(${VALUE}))`);

const unquote = (v: string) => (v.startsWith('"') ? v.slice(1, -1) : v);

export function parseLogQuery(q: string | undefined): Filter {
  const filter: Filter = {};
  let rest = (q ?? '').trim();
  while (rest) {
    const m = TERM.exec(rest);
    if (!m) throw invalidQuery(`q: unsupported query near "${rest.slice(0, 40)}" (use type:VALUE, type:(A OR B) or client_id:VALUE, joined with AND).`);
    const values =
      m[2] !== undefined
        ? m[2]
            .trim()
            .split(/\s+OR\s+/)
            .map(unquote)
        : [unquote(m[3]!)];
    if (m[1] === 'type') filter.types = filter.types ? filter.types.filter((t) => values.includes(t)) : values;
    else if (values.length !== 1) throw invalidQuery('q: client_id takes one value.');
    else filter.clientId = values[0]!;
    rest = rest.slice(m[0].length).replace(/^\s+(AND\s+)?/, '');
  }
  return filter;
}
