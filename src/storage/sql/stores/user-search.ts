// The user search filter (domain/user-search.ts) as a WHERE clause over `users`, with every
// value a bound parameter. Profile text lives in indexed columns (name_lower, …); metadata in
// the JSON `data` column, read with json_type/json_extract on SQLite and jsonb on PostgreSQL.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { UserFilter, UserSortField, TextField } from '../../../domain/user-search.ts';
import type { Dialect } from '../migrations/migration.ts';
import type { Database } from '../schema.ts';

type Eb = ExpressionBuilder<Database, 'users'>;

/** The column holding each searchable text field (email is stored lower-cased already). */
export const TEXT_COLUMN = {
  email: 'email',
  name: 'name_lower',
  nickname: 'nickname_lower',
  given_name: 'given_name_lower',
  family_name: 'family_name_lower',
  user_id: 'user_id',
  last_ip: 'last_ip',
} as const satisfies Record<TextField, keyof Database['users']>;

export const SORT_COLUMN = {
  ...TEXT_COLUMN,
  logins_count: 'logins_count',
  created_at: 'created_at',
  updated_at: 'updated_at',
  last_login: 'last_login',
} as const satisfies Record<UserSortField, keyof Database['users']>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** The smallest string above every string that starts with `prefix` (code point order). */
function prefixEnd(prefix: string): string | undefined {
  const cps = [...prefix];
  while (cps.length) {
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) return cps.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  return undefined;
}

export class UserSearchCompiler {
  constructor(private readonly dialect: Dialect) {}

  where(eb: Eb, f: UserFilter): Expression<SqlBool> {
    switch (f.op) {
      case 'and':
        return eb.and(f.items.map((i) => this.where(eb, i)));
      case 'or':
        return eb.or(f.items.map((i) => this.where(eb, i)));
      case 'not':
        // A missing value (NULL) does not match, so NOT of it does: coalesce to false first.
        return eb.not(sql<SqlBool>`coalesce(${this.where(eb, f.item)}, false)`);
      case 'equals':
        return eb(TEXT_COLUMN[f.field], '=', f.value);
      case 'word': {
        const col = sql.ref(TEXT_COLUMN[f.field]);
        const w = escapeLike(f.value);
        return eb.or([eb(TEXT_COLUMN[f.field], '=', f.value), this.like(col, `${w} %`), this.like(col, `% ${w}`), this.like(col, `% ${w} %`)]);
      }
      case 'like':
        return this.pattern(eb, TEXT_COLUMN[f.field], f.parts);
      case 'contains': {
        const p = `%${escapeLike(f.value)}%`;
        return eb.or([this.like(sql.ref('email'), p), this.like(sql.ref('name_lower'), p)]);
      }
      case 'range': {
        const parts: Expression<SqlBool>[] = [];
        if (f.from !== undefined) parts.push(eb(f.field, f.fromInclusive ? '>=' : '>', f.from));
        if (f.to !== undefined) parts.push(eb(f.field, f.toInclusive ? '<=' : '<', f.to));
        if (!parts.length) parts.push(eb(f.field, 'is not', null));
        return eb.and(parts);
      }
      case 'bool':
        return f.field === 'blocked' ? eb('blocked', '=', f.value ? 1 : 0) : this.meta([f.field], f.value);
      case 'meta':
        return this.meta([f.root, ...f.path], f.value);
    }
  }

  private like(col: Expression<unknown>, pattern: string): Expression<SqlBool> {
    return sql<SqlBool>`${col} like ${pattern} escape '\\'`;
  }

  /**
   * The whole value matches literal parts joined by wildcards. A literal prefix also bounds the
   * column as a range, which both stores answer from the index (on PostgreSQL the text_pattern_ops
   * index serves LIKE 'prefix%' itself, so the range is only added on SQLite).
   */
  private pattern(eb: Eb, column: (typeof TEXT_COLUMN)[TextField], parts: string[]): Expression<SqlBool> {
    const like = this.like(sql.ref(column), parts.map(escapeLike).join('%'));
    const prefix = parts[0]!;
    const end = prefix && this.dialect === 'sqlite' ? prefixEnd(prefix) : undefined;
    if (!prefix || end === undefined) return like;
    return eb.and([eb(column, '>=', prefix), eb(column, '<', end), like]);
  }

  /**
   * The JSON scalar at `path` in `data` equals `value` (type and value, case-sensitive). `data`
   * is always written by JSON.stringify, so a matching row's text contains the value's JSON
   * text: that cheap test runs first and spares parsing the JSON of most rows.
   */
  private meta(path: string[], value: string | number | boolean): Expression<SqlBool> {
    const contains = this.like(sql.ref('data'), `%${escapeLike(JSON.stringify(value))}%`);
    return sql<SqlBool>`(${contains} and ${this.metaValue(path, value)})`;
  }

  /** A scalar at `path` equal to `value`, or an array there holding such a scalar (as Auth0 indexes arrays). */
  private metaValue(path: string[], value: string | number | boolean): Expression<SqlBool> {
    if (this.dialect === 'sqlite') {
      const p = `$.${path.map((k) => `"${k}"`).join('.')}`;
      const scalar = this.sqliteScalar(sql`json_type(data, ${p})`, sql`json_extract(data, ${p})`, value);
      const element = this.sqliteScalar(sql.ref('element.type'), sql.ref('element.value'), value);
      return sql<SqlBool>`(${scalar} or (json_type(data, ${p}) = 'array' and exists (select 1 from json_each(users.data, ${p}) as element where ${element})))`;
    }
    const node = sql`(data::jsonb #> ${path}::text[])`;
    const element =
      typeof value === 'boolean'
        ? sql`jsonb_build_array(${value}::boolean)`
        : typeof value === 'number'
          ? sql`jsonb_build_array(${String(value)}::numeric)`
          : sql`jsonb_build_array(${value}::text)`;
    const array = sql<SqlBool>`(jsonb_typeof(${node}) = 'array' and ${node} @> ${element})`;
    if (typeof value === 'boolean') return sql<SqlBool>`(${node} = ${JSON.stringify(value)}::jsonb or ${array})`;
    if (typeof value === 'number')
      return sql<SqlBool>`((jsonb_typeof(${node}) = 'number' and (${node})::text::numeric = ${String(value)}::numeric) or ${array})`;
    return sql<SqlBool>`((jsonb_typeof(${node}) = 'string' and ${node} #>> '{}' = ${value}) or ${array})`;
  }

  /** SQLite: a JSON value of this `type` (json_type's names) and SQL `value` equals `expected`. */
  private sqliteScalar(type: Expression<unknown>, value: Expression<unknown>, expected: string | number | boolean): Expression<SqlBool> {
    if (typeof expected === 'boolean') return sql<SqlBool>`${type} = ${expected ? 'true' : 'false'}`;
    if (typeof expected === 'number') return sql<SqlBool>`(${type} in ('integer', 'real') and ${value} = ${expected})`;
    return sql<SqlBool>`(${type} = 'text' and ${value} = ${expected})`;
  }
}
