// What a migration is: made for one dialect, since a few differ (SQLite and PostgreSQL).
import type { Migration } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

export type DialectMigration = (dialect: Dialect) => Migration;
