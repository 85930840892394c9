import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';
import { CHANGES_CHANNEL } from '../change-feed.ts';

// Expiry of unused registrations (RFC 7591 §5 leaves their lifetime to the server).
//
// clients.last_used_at: epoch ms of the last authorization or token issued to the client, null
// until its first use; written at most once an hour per client.
// clients.usage_tracked_from: when uses began to be recorded for the row. Rows older than this
// migration get its time, so a client's unused clock starts no earlier than the upgrade: the
// first clean-up after it cannot take a client in use for one that was never used. New rows
// get their created_at (a row written without it gets the default; the clock starts at the
// later of the two either way).
//
// PostgreSQL: the trigger of migration 0007 told every instance to drop its caches on any
// update of clients. Recording a use changes nothing cached, so updates now notify only when a
// row changed in a column other than last_used_at (compared whole, so columns added later are
// covered too). Transition tables serve one event per trigger, so deletes get their own.
const NOTIFY_CLIENT_UPDATE = `create function latchkey_notify_client_update() returns trigger language plpgsql as $$
  begin
    if exists (
      select 1 from old_rows o left join new_rows n on n.tenant_id = o.tenant_id and n.client_id = o.client_id
      where n.client_id is null or (to_jsonb(n) - 'last_used_at') is distinct from (to_jsonb(o) - 'last_used_at')
    ) then perform pg_notify('${CHANGES_CHANNEL}', tg_table_name); end if;
    return null;
  end $$`;

const DEPENDENTS = ['client_grants', 'consent_grants', 'refresh_tokens', 'authorization_codes'];

export const clientLastUsed: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    const now = Date.now();
    await db.schema.alterTable('clients').addColumn('last_used_at', 'bigint').execute();
    await db.schema
      .alterTable('clients')
      .addColumn('usage_tracked_from', 'bigint', (c) => c.notNull().defaultTo(now))
      .execute();
    // Deleting a client deletes its rows in these tables: found by client, not by a scan.
    for (const table of DEPENDENTS) await db.schema.createIndex(`${table}_tenant_client`).on(table).columns(['tenant_id', 'client_id']).execute();
    if (dialect !== 'postgres') return;
    await sql.raw('drop trigger if exists clients_changed on clients').execute(db);
    await sql.raw(NOTIFY_CLIENT_UPDATE).execute(db);
    await sql
      .raw(
        'create trigger clients_changed after update on clients referencing old table as old_rows new table as new_rows for each statement execute function latchkey_notify_client_update()',
      )
      .execute(db);
    await sql.raw('create trigger clients_deleted after delete on clients for each statement execute function latchkey_notify_change()').execute(db);
  },
  async down(db: Kysely<any>) {
    if (dialect === 'postgres') {
      await sql.raw('drop trigger if exists clients_deleted on clients').execute(db);
      await sql.raw('drop trigger if exists clients_changed on clients').execute(db);
      await sql.raw('drop function if exists latchkey_notify_client_update()').execute(db);
      await sql
        .raw('create trigger clients_changed after update or delete on clients for each statement execute function latchkey_notify_change()')
        .execute(db);
    }
    for (const table of DEPENDENTS) await db.schema.dropIndex(`${table}_tenant_client`).execute();
    await db.schema.alterTable('clients').dropColumn('usage_tracked_from').execute();
    await db.schema.alterTable('clients').dropColumn('last_used_at').execute();
  },
});
