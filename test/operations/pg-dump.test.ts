// PostgreSQL backups are PostgreSQL's own tools: the README's pg_dump / createdb / pg_restore
// commands, run as written against a Latchkey database while its server runs, give a database
// a new server serves from (same master key, same PUBLIC_URL), triggers included.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dialects, freePort, freshPostgresDatabase, initialCredentials, tempDir } from '../helpers/server.ts';
import { startProcess, type ServerProcess } from '../helpers/process.ts';
import { register } from '../registration/support.ts';
import { allClientIds, cliOk, managementApi, stop } from './support.ts';

const run = promisify(execFile);

/** A PostgreSQL client program: on PATH, else the newest under /usr/lib/postgresql/VERSION/bin (Debian). */
function pgTool(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(a) - Number(b)) : [];
  for (const v of versions.reverse()) if (fs.existsSync(path.join(root, v, 'bin', name))) return path.join(root, v, 'bin', name);
  throw new Error(`${name} not found (install the PostgreSQL client programs)`);
}

describe('PostgreSQL backup with pg_dump and pg_restore', { skip: !dialects().includes('postgres') && 'no DATABASE_URL' }, () => {
  it('restores a dump taken while serving into a new database that a server then serves', async () => {
    const root = tempDir('latchkey-pgdump-');
    const source = await freshPostgresDatabase();
    const restoredName = `lk_restored_${randomBytes(6).toString('hex')}`;
    const restoredUrl = new URL(source.url);
    restoredUrl.pathname = `/${restoredName}`;
    const port = await freePort();
    const env = {
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${port}`,
      DATA_DIR: path.join(root, 'data'),
      DATABASE_URL: source.url,
      LATCHKEY_MASTER_KEY: randomBytes(32).toString('base64'),
      LATCHKEY_RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
    };
    let server: ServerProcess | undefined;
    try {
      server = await startProcess(env);
      await cliOk(env, 'tenant', 'settings', '--name', 'default', '--set', 'flags.enable_dynamic_client_registration=true');
      for (let i = 0; i < 5; i++)
        assert.equal((await register(server.url, { client_name: `Dumped ${i}`, redirect_uris: ['https://app.example/cb'] })).status, 201);
      const { management } = initialCredentials(env.DATA_DIR);
      const clients = await allClientIds(await managementApi(port, management));

      // The README's commands, as written there.
      const dump = path.join(root, 'latchkey.dump');
      await run(pgTool('pg_dump'), ['-Fc', '--no-owner', '-f', dump, source.url]);
      await stop(server);
      server = undefined;
      await run(pgTool('createdb'), [`--maintenance-db=${source.url}`, restoredName]);
      await run(pgTool('pg_restore'), ['--no-owner', '--exit-on-error', '--single-transaction', '-d', restoredUrl.toString(), dump]);

      server = await startProcess({ ...env, DATABASE_URL: restoredUrl.toString() });
      const api = await managementApi(port, management);
      assert.deepEqual(await allClientIds(api), clients);
      assert.equal(clients.length, 6, 'the management client and five registered apps');
      const c = new pg.Client({ connectionString: restoredUrl.toString() });
      await c.connect();
      try {
        const { rows } = await c.query(`select count(*)::int as n from pg_trigger where tgname like '%_changed' and not tgisinternal`);
        assert.equal(rows[0].n, 9, "the change-notification triggers were restored (0007's five, 0017's four)");
      } finally {
        await c.end();
      }
    } finally {
      await stop(server);
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
      await admin.end();
      await source.drop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
