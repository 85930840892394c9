// Deployment mistakes stop the start with one line and change nothing: a master key that does
// not open the store, a missing master.key next to sealed data. Files under DATA_DIR are the
// owner's only.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { dialects, freshPostgresDatabase, startServer, tempDir } from '../helpers/server.ts';
import { cli, cliRefuses } from './support.ts';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('start guards', () => {
  for (const dialect of dialects()) {
    it(`a master key that cannot open the stored keys refuses to start, naming LATCHKEY_MASTER_KEY (${dialect})`, async () => {
      const dataDir = tempDir();
      const db = dialect === 'postgres' ? await freshPostgresDatabase() : undefined;
      try {
        const server = await startServer({ dialect, dataDir, databaseUrl: db?.url });
        const env = { DATA_DIR: dataDir, PUBLIC_URL: `http://localhost:${server.port}`, DATABASE_URL: db?.url ?? '', PORT: '0' };
        await server.stop();
        await cliRefuses(
          { ...env, LATCHKEY_MASTER_KEY: randomBytes(32).toString('base64') },
          /LATCHKEY_MASTER_KEY: LATCHKEY_MASTER_KEY cannot open the signing keys in this store/,
          'serve',
        );
        // The CLI's other commands meet the same guard before touching anything.
        await cliRefuses({ ...env, LATCHKEY_MASTER_KEY: randomBytes(32).toString('hex') }, /cannot open the signing keys/, 'tenant', 'list');
      } finally {
        await db?.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }

  it('SQLite: a replaced master.key is named; a missing one is not regenerated next to sealed data', async () => {
    const dataDir = tempDir();
    try {
      const server = await startServer({ dialect: 'sqlite', dataDir });
      const env = { DATA_DIR: dataDir, PUBLIC_URL: `http://localhost:${server.port}`, PORT: '0', LATCHKEY_MASTER_KEY: '' };
      await server.stop();
      const keyFile = path.join(dataDir, 'master.key');
      const original = fs.readFileSync(keyFile, 'utf8');

      fs.writeFileSync(keyFile, randomBytes(32).toString('base64url') + '\n', { mode: 0o600 });
      await cliRefuses(
        env,
        new RegExp(`LATCHKEY_MASTER_KEY: the key in ${keyFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot open the signing keys`),
        'serve',
      );

      fs.rmSync(keyFile);
      await cliRefuses(env, /master\.key is missing, but this store holds secrets sealed with a master key/, 'serve');
      assert.equal(fs.existsSync(keyFile), false, 'no new master.key beside data sealed with the old one');

      // With the right key back, the same store starts.
      fs.writeFileSync(keyFile, original, { mode: 0o600 });
      const again = await startServer({ dialect: 'sqlite', dataDir, env: { PUBLIC_URL: env.PUBLIC_URL } });
      assert.equal((await fetch(`${again.url}/readyz`)).status, 200);
      await again.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('SQLite: DATA_DIR is tightened to 0700; the database, its WAL and SHM, master.key and the credentials are 0600', async () => {
    const dataDir = tempDir();
    fs.chmodSync(dataDir, 0o755);
    const server = await startServer({ dialect: 'sqlite', dataDir });
    try {
      // A write, so the WAL holds something.
      const r = await cli({ DATA_DIR: dataDir }, 'tenant', 'settings', '--name', 'default', '--set', 'friendly_name=Modes');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(mode(dataDir), 0o700);
      for (const file of ['latchkey.sqlite', 'latchkey.sqlite-wal', 'latchkey.sqlite-shm', 'master.key', 'initial-credentials.json']) {
        assert.equal(mode(path.join(dataDir, file)), 0o600, file);
      }
    } finally {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('SQLite: files an older version left readable by others are tightened on start', async () => {
    const dataDir = tempDir();
    try {
      const first = await startServer({ dialect: 'sqlite', dataDir });
      await first.stop();
      fs.chmodSync(path.join(dataDir, 'latchkey.sqlite'), 0o644);
      const second = await startServer({ dialect: 'sqlite', dataDir, env: { PUBLIC_URL: `http://localhost:${first.port}` } });
      assert.equal(mode(path.join(dataDir, 'latchkey.sqlite')), 0o600);
      await second.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
