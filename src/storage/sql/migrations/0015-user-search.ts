import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';

/** Profile fields Auth0 searches ignoring case, kept lower-cased beside the JSON data. */
const FOLDED = ['name', 'nickname', 'given_name', 'family_name'] as const;
const BATCH = 500;

// Auth0 user search (GET /api/v2/users?q=): lower-cased copies of the name fields so exact and
// prefix matches use an index, indexes on the counters and dates searched by range, and the
// address of the last sign-in (Auth0's `last_ip`). On PostgreSQL the text indexes use
// text_pattern_ops, which serves both `=` and `LIKE 'prefix%'` whatever the database collation;
// SQLite answers a prefix as a range on a plain index.
export const userSearch: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    for (const f of FOLDED) await db.schema.alterTable('users').addColumn(`${f}_lower`, 'text').execute();
    await db.schema.alterTable('users').addColumn('last_ip', 'text').execute();

    let after: { tenant_id: string; user_id: string } | undefined;
    for (;;) {
      let page = db.selectFrom('users').select(['tenant_id', 'user_id', 'data']).orderBy('tenant_id').orderBy('user_id').limit(BATCH);
      if (after) {
        const a = after;
        page = page.where((eb) => eb.or([eb('tenant_id', '>', a.tenant_id), eb.and([eb('tenant_id', '=', a.tenant_id), eb('user_id', '>', a.user_id)])]));
      }
      const rows = (await page.execute()) as { tenant_id: string; user_id: string; data: string }[];
      if (!rows.length) break;
      for (const r of rows) {
        const data = JSON.parse(r.data) as Record<string, unknown>;
        const set = Object.fromEntries(FOLDED.map((f) => [`${f}_lower`, typeof data[f] === 'string' ? (data[f] as string).toLowerCase() : null]));
        await db.updateTable('users').set(set).where('tenant_id', '=', r.tenant_id).where('user_id', '=', r.user_id).execute();
      }
      const last = rows[rows.length - 1]!;
      after = { tenant_id: last.tenant_id, user_id: last.user_id };
    }

    const textColumns = ['email', 'user_id', 'last_ip', ...FOLDED.map((f) => `${f}_lower`)];
    for (const c of textColumns) {
      if (dialect === 'postgres') await sql`create index ${sql.id(`users_search_${c}`)} on users (tenant_id, ${sql.id(c)} text_pattern_ops)`.execute(db);
      else if (c !== 'email' && c !== 'user_id') await db.schema.createIndex(`users_search_${c}`).on('users').columns(['tenant_id', c]).execute();
    }
    for (const c of ['logins_count', 'last_login', 'created_at', 'updated_at']) {
      await db.schema.createIndex(`users_search_${c}`).on('users').columns(['tenant_id', c]).execute();
    }
  },
  async down(db: Kysely<any>) {
    for (const c of ['logins_count', 'last_login', 'created_at', 'updated_at']) await db.schema.dropIndex(`users_search_${c}`).execute();
    const textColumns = ['email', 'user_id', 'last_ip', ...FOLDED.map((f) => `${f}_lower`)];
    for (const c of textColumns) if (dialect === 'postgres' || (c !== 'email' && c !== 'user_id')) await db.schema.dropIndex(`users_search_${c}`).execute();
    await db.schema.alterTable('users').dropColumn('last_ip').execute();
    for (const f of FOLDED) await db.schema.alterTable('users').dropColumn(`${f}_lower`).execute();
  },
});
