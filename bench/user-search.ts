// `npm run bench:users`: Auth0 user search over 100,000 users of one tenant. Seeds a fresh
// SQLite store (and, with DATABASE_URL set, a fresh PostgreSQL database), then times
// representative queries through the real store (GET /api/v2/users's filter, first page of 50
// with the total) and prints each one's query plan, to show which use an index.
//
//   npm run bench:users                    # 100,000 users
//   npm run bench:users -- --users 10000   # another size
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../src/storage/sql/database.ts';
import { SqlStorage } from '../src/storage/sql/sql-storage.ts';
import { SecretBox } from '../src/storage/secret-box.ts';
import { UserSearchCompiler } from '../src/storage/sql/stores/user-search.ts';
import { defaultTenantSettings } from '../src/domain/tenant.ts';
import { newTenantId, newUserId } from '../src/domain/ids.ts';
import { userFilterOf } from '../src/management/users/search/index.ts';

const QUERIES: Array<[string, string]> = [
  ['exact email', 'email:"user77777@example77.test"'],
  ['email prefix', 'email:user7777*'],
  ['name word', 'name:last777'],
  ['name prefix', 'name:first7777*'],
  ['logins_count range', 'logins_count:[40 TO 42]'],
  ['last_login range', 'last_login:[2025-01-01 TO 2025-01-02]'],
  ['app_metadata field', 'app_metadata.plan:"gold" AND app_metadata.n:77777'],
  ['free text', 'first77777'],
  ['email suffix', 'email:*@example7.test'],
];
const RUNS = 5;
const log = (line: string) => process.stdout.write(`${line}\n`);

async function seed(open: OpenDatabase, tenantId: string, count: number): Promise<void> {
  const base = Date.UTC(2024, 0, 1);
  for (let start = 0; start < count; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const name = `First${i} Last${i % 1000}`;
      const data = {
        email_verified: i % 2 === 0,
        name,
        nickname: `user${i}`,
        connection: 'Username-Password-Authentication',
        user_metadata: { city: ['Paris', 'Lyon', 'Oslo'][i % 3] },
        app_metadata: { plan: ['free', 'pro', 'gold'][i % 3], n: i },
      };
      rows.push({
        tenant_id: tenantId,
        user_id: newUserId(),
        email: `user${i}@example${i % 100}.test`,
        password_hash: '$argon2id$bench',
        blocked: 0,
        data: JSON.stringify(data),
        name_lower: name.toLowerCase(),
        nickname_lower: `user${i}`,
        given_name_lower: null,
        family_name_lower: null,
        logins_count: i % 50,
        last_login: i % 4 === 0 ? null : base + i * 600_000,
        last_ip: null,
        created_at: base + i * 1000,
        updated_at: base + i * 1000,
      });
    }
    // 15 columns a row: PostgreSQL allows 65,535 parameters a statement.
    for (let k = 0; k < rows.length; k += 250)
      await open.db
        .insertInto('users')
        .values(rows.slice(k, k + 250))
        .execute();
  }
}

async function plan(open: OpenDatabase, tenantId: string, q: string): Promise<string> {
  const filter = userFilterOf(q)!;
  const compiler = new UserSearchCompiler(open.dialect);
  const query = open.db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where((eb) => compiler.where(eb, filter))
    .compile();
  const prefix = open.dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ';
  const res = await open.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + query.sql, [...query.parameters]));
  const text = res.rows.map((r) => String(r.detail ?? r['QUERY PLAN'])).join(' ');
  // SQLite reads one tenant's rows through any index that starts with tenant_id: that is a scan.
  const sqlite = /USING (?:COVERING )?INDEX (\S+) \(([^)]*)\)/.exec(text);
  if (sqlite) return sqlite[2] === 'tenant_id=?' ? "scan of the tenant's rows" : `index ${sqlite[1]} (${sqlite[2]})`;
  const postgres = /Index (?:Only )?Scan (?:Backward )?using (\S+)|Bitmap Index Scan on (\S+)/.exec(text);
  return postgres ? `index ${postgres[1] ?? postgres[2]}` : "scan of the tenant's rows";
}

async function run(label: string, open: OpenDatabase, users: number): Promise<void> {
  await migrateToLatest(open.db, open.dialect);
  const storage = SqlStorage.fromOpen(open, new SecretBox(randomBytes(32)));
  try {
    const tenantId = newTenantId();
    await storage.tenants.create({ id: tenantId, name: 'bench', domain: 'bench.test', isDefault: false, settings: defaultTenantSettings('bench') });
    const seeded = performance.now();
    await seed(open, tenantId, users);
    if (open.dialect === 'postgres') await open.db.executeQuery(CompiledQuery.raw('ANALYZE users'));
    log(`\n${label}: ${users.toLocaleString('en')} users seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    log('| query | q | matches | median ms (page of 50 + total) | plan |');
    log('|---|---|---:|---:|---|');
    const store = storage.forTenant(tenantId).users;
    for (const [name, q] of QUERIES) {
      const filter = userFilterOf(q)!;
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        total = (await store.list({ page: 0, perPage: 50, filter })).total;
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      log(`| ${name} | \`${q}\` | ${total} | ${times[Math.floor(RUNS / 2)]!.toFixed(1)} | ${await plan(open, tenantId, q)} |`);
    }
  } finally {
    await storage.close();
  }
}

const { values } = parseArgs({ options: { users: { type: 'string', default: '100000' } } });
const users = Number(values.users);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-users-'));
try {
  await run('SQLite', openDatabase({ databaseUrl: undefined, dataDir: dir }), users);
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `lk_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    try {
      await run('PostgreSQL', openDatabase({ databaseUrl: url.toString(), dataDir: dir }), users);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
