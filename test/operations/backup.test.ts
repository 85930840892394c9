// `latchkey backup` while a server process takes registrations, then `latchkey restore` into
// fresh DATA_DIRs: each backup holds every registration answered 201 before it began, passes
// SQLite's integrity check, and a server started on it (same PUBLIC_URL, same master key)
// serves those clients. Real processes, real SQLite files, real HTTP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { freePort, initialCredentials, tempDir } from '../helpers/server.ts';
import { startProcess, type ServerProcess } from '../helpers/process.ts';
import { register } from '../registration/support.ts';
import { allClientIds, cli, cliOk, cliRefuses, managementApi, stop } from './support.ts';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

function integrity(file: string): string {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('PRAGMA integrity_check').pluck().all() as string[]).join('; ');
  } finally {
    db.close();
  }
}

describe('latchkey backup and restore (SQLite)', () => {
  it('backs up while serving registrations; every 201 answered before a backup began is in it', async () => {
    const root = tempDir('latchkey-backup-');
    const dataDir = path.join(root, 'live');
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://localhost:${port}`, LATCHKEY_RATE_LIMITS: 'off', LOG_LEVEL: 'warn' };
    let server: ServerProcess | undefined;
    try {
      server = await startProcess(env);
      await cliOk(env, 'tenant', 'settings', '--name', 'default', '--set', 'flags.enable_dynamic_client_registration=true');

      // 8 registrations in flight at all times until the backups are done.
      const acknowledged: string[] = [];
      let loading = true;
      let sent = 0;
      const url = server.url;
      const worker = async () => {
        while (loading) {
          const answer = await register(url, { client_name: `Backup App ${++sent}`, redirect_uris: ['https://app.example/cb'] });
          assert.equal(answer.status, 201, answer.text);
          acknowledged.push(answer.body.client_id);
        }
      };
      const workers = Array.from({ length: 8 }, worker);
      const grown = async (n: number) => {
        while (acknowledged.length < n) await new Promise((r) => setTimeout(r, 20));
      };

      const backups: Array<{ file: string; before: string[] }> = [];
      for (let i = 0; i < 3; i++) {
        await grown(acknowledged.length + 40);
        const before = [...acknowledged];
        const file = path.join(root, `backup-${i}.sqlite`);
        const out = await cliOk(env, 'backup', '--out', file);
        assert.match(out, /integrity check ok/);
        assert.match(out, /master\.key/, 'names what else to keep');
        backups.push({ file, before });
      }
      await grown(acknowledged.length + 20);
      loading = false;
      await Promise.all(workers);
      // Registrations went on during the backups: the last backup is not simply everything.
      assert.ok(acknowledged.length > backups.at(-1)!.before.length);
      await stop(server);
      server = undefined;

      const { management } = initialCredentials(dataDir);
      for (const [i, { file, before }] of backups.entries()) {
        assert.equal(mode(file), 0o600);
        assert.equal(integrity(file), 'ok');
        const restored = path.join(root, `restored-${i}`);
        fs.mkdirSync(restored, { mode: 0o700 });
        fs.copyFileSync(path.join(dataDir, 'master.key'), path.join(restored, 'master.key'));
        fs.chmodSync(path.join(restored, 'master.key'), 0o600);
        const out = await cliOk({ ...env, DATA_DIR: restored }, 'restore', '--from', file);
        assert.match(out, /server/);
        assert.match(out, /master key/);
        assert.equal(mode(path.join(restored, 'latchkey.sqlite')), 0o600);

        server = await startProcess({ ...env, DATA_DIR: restored });
        const api = await managementApi(port, management);
        for (const id of before) assert.equal((await api('GET', `/api/v2/clients/${id}`)).client_id, id);
        const stored = new Set(await allClientIds(api));
        for (const id of before) assert.ok(stored.has(id), id);
        await stop(server);
        server = undefined;
      }

      // A store with tenants is replaced only on purpose.
      const target = { ...env, DATA_DIR: path.join(root, 'restored-0') };
      await cliRefuses(target, /holds 1 tenant\(s\).*--force/, 'restore', '--from', backups[2]!.file);
      await cliOk(target, 'restore', '--from', backups[2]!.file, '--force');
      assert.equal(integrity(path.join(root, 'restored-0', 'latchkey.sqlite')), 'ok');
      server = await startProcess(target);
      const api = await managementApi(port, management);
      for (const id of backups[2]!.before) assert.equal((await api('GET', `/api/v2/clients/${id}`)).client_id, id);
    } finally {
      await stop(server);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses an existing file, a file that is not a Latchkey store, a wrong master key and PostgreSQL, each with one line', async () => {
    const root = tempDir('latchkey-backup-');
    const dataDir = path.join(root, 'live');
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://localhost:${port}`, LOG_LEVEL: 'warn' };
    try {
      await stop(await startProcess(env));
      const file = path.join(root, 'backup.sqlite');
      await cliOk(env, 'backup', '--out', file);
      await cliRefuses(env, /exists; pass --force/, 'backup', '--out', file);
      await cliOk(env, 'backup', '--out', file, '--force');
      assert.equal(mode(file), 0o600);
      assert.deepEqual(fs.readdirSync(root).sort(), ['backup.sqlite', 'live'], 'no temporary file left behind');

      const junk = path.join(root, 'junk.sqlite');
      fs.writeFileSync(junk, 'not a database at all, just text'.repeat(100));
      await cliRefuses({ ...env, DATA_DIR: path.join(root, 'r1') }, /not a SQLite database|cannot open/, 'restore', '--from', junk);
      const other = new SqliteDatabase(path.join(root, 'other.sqlite'));
      other.exec('create table t (x)');
      other.close();
      await cliRefuses({ ...env, DATA_DIR: path.join(root, 'r1') }, /not a Latchkey store/, 'restore', '--from', path.join(root, 'other.sqlite'));

      // A DATA_DIR whose master.key is another store's: restoring there would seal nothing open.
      const wrongKey = path.join(root, 'r2');
      fs.mkdirSync(wrongKey, { mode: 0o700 });
      fs.writeFileSync(path.join(wrongKey, 'master.key'), Buffer.alloc(32, 7).toString('base64url'), { mode: 0o600 });
      await cliRefuses({ ...env, DATA_DIR: wrongKey }, /master key .* does not open/, 'restore', '--from', file);
      assert.equal(fs.existsSync(path.join(wrongKey, 'latchkey.sqlite')), false);

      const pgEnv = { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LATCHKEY_MASTER_KEY: Buffer.alloc(32, 1).toString('base64') };
      await cliRefuses(pgEnv, /pg_dump/, 'backup', '--out', path.join(root, 'pg.sqlite'));
      await cliRefuses(pgEnv, /pg_restore/, 'restore', '--from', file);
      assert.equal((await cli(env, 'backup')).code, 2, 'usage error');
      const help = await cliOk(env, '--help');
      for (const command of ['backup --out FILE', 'restore --from FILE', 'export --out FILE', 'import --from FILE']) assert.ok(help.includes(command), command);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
