import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';
import { CHANGES_CHANNEL } from '../change-feed.ts';

// PostgreSQL: every instance caches tenants, clients, APIs, client grants and signing keys and
// must hear when another instance (or anyone with SQL access) changes them. Statement-level
// triggers NOTIFY the channel the change feed listens on. New clients, APIs and grants need no
// notice (absent rows are never cached), so registrations do not flush every cache.
// SQLite needs nothing: its change feed reads PRAGMA data_version.
const WATCHED: Array<[table: string, events: string]> = [
  ['tenants', 'insert or update or delete'],
  ['signing_keys', 'insert or update or delete'],
  ['clients', 'update or delete'],
  ['resource_servers', 'update or delete'],
  ['client_grants', 'update or delete'],
];

export const changeNotifications: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    if (dialect !== 'postgres') return;
    await sql
      .raw(
        `create function latchkey_notify_change() returns trigger language plpgsql as $$
         begin perform pg_notify('${CHANGES_CHANNEL}', tg_table_name); return null; end $$`,
      )
      .execute(db);
    for (const [table, events] of WATCHED) {
      await sql.raw(`create trigger ${table}_changed after ${events} on ${table} for each statement execute function latchkey_notify_change()`).execute(db);
    }
  },
  async down(db: Kysely<any>) {
    if (dialect !== 'postgres') return;
    for (const [table] of WATCHED) await sql.raw(`drop trigger if exists ${table}_changed on ${table}`).execute(db);
    await sql.raw('drop function if exists latchkey_notify_change()').execute(db);
  },
});
