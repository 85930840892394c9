// The private-cluster helper itself: the crash, outage and kill tests rely on each of these.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import { postgresBinaries, startPostgresCluster } from '../helpers/postgres-cluster.ts';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

function within<T>(ms: number, p: Promise<T>): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

test('a private PostgreSQL cluster: durable across an immediate restart, kills backends, freezes, stops', async (t) => {
  if (!postgresBinaries()) {
    // CI installs PostgreSQL; a silent skip there would hide every test built on this helper.
    if (process.env.CI) assert.fail('PostgreSQL binaries not installed, and CI must have them');
    t.skip('PostgreSQL binaries not installed');
    return;
  }
  const cluster = await startPostgresCluster();
  t.after(() => cluster.stop());
  assert.equal(cluster.url, `postgres://postgres@127.0.0.1:${cluster.port}/postgres`);

  const dbUrl = await cluster.createDatabase();
  const dbName = new URL(dbUrl).pathname.slice(1);

  // An acknowledged commit survives a crash (restart -m immediate skips the shutdown checkpoint).
  const writer = new pg.Client({ connectionString: dbUrl });
  await writer.connect();
  await writer.query('set synchronous_commit = on');
  await writer.query('create table t (v text)');
  await writer.query(`insert into t values ('kept')`);
  await writer.end();
  await cluster.restart('immediate');
  const reader = new pg.Client({ connectionString: dbUrl });
  await reader.connect();
  assert.deepEqual((await reader.query('select v from t')).rows, [{ v: 'kept' }]);
  await reader.end();

  // Terminating backends: an idle client hears 57P01 (admin_shutdown) through its 'error' event.
  const victim = new pg.Client({ connectionString: dbUrl });
  const victimError = new Promise<Error & { code?: string }>((resolve) => victim.on('error', resolve));
  await victim.connect();
  assert.equal(await cluster.terminateBackends(dbName), 1);
  const heard = await within(5000, victimError);
  assert.notEqual(heard, 'timeout', 'the terminated client heard nothing');
  assert.equal((heard as Error & { code?: string }).code, '57P01');

  // Frozen: a query neither answers nor fails; thawed, the same query completes.
  const client = new pg.Client({ connectionString: dbUrl });
  client.on('error', () => {});
  await client.connect();
  await cluster.freeze();
  const pending = client.query<{ one: number }>('select 1 as one');
  try {
    assert.equal(await within(1000, pending), 'timeout');
    // Freezing touches only this cluster: the suite's shared server keeps answering.
    if (process.env.DATABASE_URL) {
      const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await other.connect();
      assert.equal((await other.query('select 1 as one')).rows[0].one, 1);
      await other.end();
    }
  } finally {
    await cluster.thaw();
  }
  assert.equal((await pending).rows[0]?.one, 1);
  await client.end();

  await cluster.stop();
  await cluster.stop();
  assert.equal(await portOpen(cluster.port), false);
  assert.equal(fs.existsSync(cluster.dataDir), false);
});
