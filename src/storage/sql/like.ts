import { sql, type RawBuilder } from 'kysely';

/**
 * `column` contains `text`, ignoring case, with LIKE's wildcards in `text` taken literally.
 * lower() on both sides because PostgreSQL's LIKE is case-sensitive and SQLite's is not;
 * the explicit ESCAPE because SQLite has no escape character by default.
 */
export function containsIgnoringCase(column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
