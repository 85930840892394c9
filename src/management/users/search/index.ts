// GET /api/v2/users `q` and `sort` (Auth0 user search v3) into the store's filter and order.
import type { UserFilter, UserSort, UserSortField } from '../../../domain/user-search.ts';
import { invalidQuery } from '../../errors.ts';
import { parseQuery, QuerySyntaxError } from './parse.ts';
import { resolveQuery } from './resolve.ts';

const SORTABLE: readonly UserSortField[] = [
  'email',
  'name',
  'nickname',
  'given_name',
  'family_name',
  'user_id',
  'last_ip',
  'logins_count',
  'created_at',
  'updated_at',
  'last_login',
];

/** The filter for `q`, or undefined for no filter; a query Latchkey cannot answer exactly is a 400. */
export function userFilterOf(q: string | undefined): UserFilter | undefined {
  if (q === undefined || !q.trim()) return undefined;
  try {
    return resolveQuery(parseQuery(q));
  } catch (err) {
    if (err instanceof QuerySyntaxError) throw invalidQuery(`q: ${err.message}.`);
    throw err;
  }
}

/** `sort=field:1` (ascending) or `field:-1` (descending). */
export function userSortOf(sort: string | undefined): UserSort | undefined {
  if (sort === undefined || !sort.trim()) return undefined;
  const m = /^([a-z_]+):(1|-1)$/.exec(sort.trim());
  if (!m) throw invalidQuery('sort must be field:1 (ascending) or field:-1 (descending).');
  const field = m[1]!;
  if (!(SORTABLE as readonly string[]).includes(field))
    throw invalidQuery(`sort: the field ${field} cannot be sorted on; sortable fields: ${SORTABLE.join(', ')}.`);
  return { field: field as UserSortField, descending: m[2] === '-1' };
}
