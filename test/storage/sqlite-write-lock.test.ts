// SQLite shared by several processes (workers, the CLI): a transaction that may write takes the
// write lock when it begins, so that a read followed by a write cannot meet SQLITE_BUSY_SNAPSHOT
// after another process committed in between; a read-only one (an export) never blocks writers;
// a write that finds the lock taken waits for it without stopping the event loop.
// The other process is played by a second connection to the same file that does not wait.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase, sqliteFile } from '../../src/storage/sql/database.ts';
import { tempDir } from '../helpers/server.ts';

async function twoConnections() {
  const dataDir = tempDir();
  const open = openDatabase({ databaseUrl: undefined, dataDir });
  await sql`create table t (x integer)`.execute(open.db);
  const other = new SqliteDatabase(sqliteFile(dataDir));
  other.pragma('busy_timeout = 0');
  return {
    db: open.db,
    other,
    otherWrite: () => other.prepare('insert into t values (2)').run(),
    async close() {
      other.close();
      await open.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

it('a transaction that reads then writes holds the write lock from its start: another process waits, this one commits', async () => {
  const c = await twoConnections();
  try {
    await c.db.transaction().execute(async (trx) => {
      await sql`select count(*) from t`.execute(trx);
      assert.throws(c.otherWrite, (e: { code?: string }) => e.code === 'SQLITE_BUSY');
      await sql`insert into t values (1)`.execute(trx);
    });
    c.otherWrite();
    const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(c.db);
    assert.equal(rows[0]!.n, 2);
  } finally {
    await c.close();
  }
});

it('a read-only transaction leaves writers alone', async () => {
  const c = await twoConnections();
  try {
    await c.db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        await sql`select count(*) from t`.execute(trx);
        c.otherWrite();
        // Its snapshot is the one of its first read.
        const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(trx);
        assert.equal(rows[0]!.n, 0);
      });
  } finally {
    await c.close();
  }
});

it('a write that finds another process writing waits on a timer: the event loop goes on, the write lands after the commit', async () => {
  const c = await twoConnections();
  try {
    c.other.exec('begin immediate');
    c.other.prepare('insert into t values (2)').run();
    let landed = false;
    const write = sql`insert into t values (1)`.execute(c.db).then(() => (landed = true));
    // Timers still fire while the write waits (SQLite's own busy wait would block them).
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(landed, false);
    c.other.exec('commit');
    await write;
    const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(c.db);
    assert.equal(rows[0]!.n, 2);
  } finally {
    await c.close();
  }
});
