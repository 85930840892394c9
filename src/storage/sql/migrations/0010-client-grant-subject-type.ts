import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';

// Client grants get Auth0's `subject_type` ('client' | 'user'): a client may hold one grant of
// each type for the same API, so the unique key gains the column. Existing grants are
// 'client' grants (what the client credentials grant has always read), except those of
// strict third-party clients: those only ever granted user tokens at /authorize, which is
// what a 'user' grant now says. SQLite cannot drop a table constraint, so there the table is
// rebuilt (nothing references client_grants; its indexes are its two keys and the
// (tenant_id, client_id) index of 0009, made again after the rebuild).
const STRICT_CLIENTS = sql`(select c.client_id from clients c
  where c.tenant_id = client_grants.tenant_id and c.data like '%"third_party_security_mode":"strict"%')`;

export const clientGrantSubjectType: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    if (dialect === 'postgres') {
      await db.schema
        .alterTable('client_grants')
        .addColumn('subject_type', 'text', (c) => c.notNull().defaultTo('client'))
        .execute();
      await db.schema.alterTable('client_grants').dropConstraint('client_grants_client_audience').execute();
      await db.schema
        .alterTable('client_grants')
        .addUniqueConstraint('client_grants_client_audience_subject', ['tenant_id', 'client_id', 'audience', 'subject_type'])
        .execute();
    } else {
      await db.transaction().execute(async (trx) => {
        await trx.schema
          .createTable('client_grants_next')
          .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('client_id', 'text', (c) => c.notNull())
          .addColumn('audience', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('subject_type', 'text', (c) => c.notNull().defaultTo('client'))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('client_grants_pk', ['tenant_id', 'id'])
          .addUniqueConstraint('client_grants_client_audience_subject', ['tenant_id', 'client_id', 'audience', 'subject_type'])
          .execute();
        await sql`insert into client_grants_next (tenant_id, id, client_id, audience, scope, subject_type, created_at)
          select tenant_id, id, client_id, audience, scope, 'client', created_at from client_grants`.execute(trx);
        await trx.schema.dropTable('client_grants').execute();
        await trx.schema.alterTable('client_grants_next').renameTo('client_grants').execute();
        await trx.schema.createIndex('client_grants_tenant_client').ifNotExists().on('client_grants').columns(['tenant_id', 'client_id']).execute();
      });
    }
    await sql`update client_grants set subject_type = 'user' where client_id in ${STRICT_CLIENTS}`.execute(db);
  },
  async down(db: Kysely<any>) {
    // Back to one grant per client and API: the 'user' grant goes where a 'client' one exists.
    await sql`delete from client_grants where subject_type = 'user' and exists (select 1 from client_grants g
      where g.tenant_id = client_grants.tenant_id and g.client_id = client_grants.client_id
        and g.audience = client_grants.audience and g.subject_type = 'client')`.execute(db);
    if (dialect === 'postgres') {
      await db.schema.alterTable('client_grants').dropConstraint('client_grants_client_audience_subject').execute();
      await db.schema.alterTable('client_grants').addUniqueConstraint('client_grants_client_audience', ['tenant_id', 'client_id', 'audience']).execute();
      await db.schema.alterTable('client_grants').dropColumn('subject_type').execute();
      return;
    }
    await db.transaction().execute(async (trx) => {
      await trx.schema
        .createTable('client_grants_prev')
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('client_grants_pk', ['tenant_id', 'id'])
        .addUniqueConstraint('client_grants_client_audience', ['tenant_id', 'client_id', 'audience'])
        .execute();
      await sql`insert into client_grants_prev (tenant_id, id, client_id, audience, scope, created_at)
        select tenant_id, id, client_id, audience, scope, created_at from client_grants`.execute(trx);
      await trx.schema.dropTable('client_grants').execute();
      await trx.schema.alterTable('client_grants_prev').renameTo('client_grants').execute();
      await trx.schema.createIndex('client_grants_tenant_client').ifNotExists().on('client_grants').columns(['tenant_id', 'client_id']).execute();
    });
  },
});
