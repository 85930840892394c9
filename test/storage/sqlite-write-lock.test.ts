// SQLite shared by several processes (workers, the CLI): a transaction that may write takes the
// write lock when it begins, so that a read followed by a write cannot meet SQLITE_BUSY_SNAPSHOT
// after another process committed in between; a read-only one (an export) never blocks writers;
// a write that finds the lock taken waits for it without stopping the event loop.
// The other process is played by a second connection to the same file that does not wait.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { openDatabase, sqliteFile } from '../../src/storage/sql/database.ts';
import { tempDir } from '../helpers/server.ts';

interface Connections {
  db: Kysely<any>;
  other: SqliteDatabase.Database;
  otherWrite(): void;
}

/** Runs `test` with a store of one table `t` opened as Latchkey opens it, and another connection. */
async function withTwoConnections(test: (c: Connections) => Promise<void>): Promise<void> {
  const dataDir = tempDir();
  const open = openDatabase({ databaseUrl: undefined, dataDir });
  await sql`create table t (x integer)`.execute(open.db);
  const other = new SqliteDatabase(sqliteFile(dataDir));
  other.pragma('busy_timeout = 0');
  try {
    await test({ db: open.db, other, otherWrite: () => void other.prepare('insert into t values (2)').run() });
  } finally {
    other.close();
    await open.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows = async (db: Kysely<any>) => (await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0]!.n;

it('a transaction that reads then writes holds the write lock from its start: another process waits, this one commits', () =>
  withTwoConnections(async (c) => {
    await c.db.transaction().execute(async (trx) => {
      await rows(trx);
      assert.throws(c.otherWrite, (e: { code?: string }) => e.code === 'SQLITE_BUSY');
      await sql`insert into t values (1)`.execute(trx);
    });
    c.otherWrite();
    assert.equal(await rows(c.db), 2);
  }));

it('a read-only transaction leaves writers alone', () =>
  withTwoConnections(async (c) => {
    await c.db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        await rows(trx);
        c.otherWrite();
        // Its snapshot is the one of its first read.
        assert.equal(await rows(trx), 0);
      });
  }));

it('a write that finds another process writing waits on a timer: the event loop goes on, the write lands after the commit', () =>
  withTwoConnections(async (c) => {
    c.other.exec('begin immediate');
    c.otherWrite();
    let landed = false;
    const write = sql`insert into t values (1)`.execute(c.db).then(() => (landed = true));
    // Timers still fire while the write waits (SQLite's own busy wait would block them).
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(landed, false);
    c.other.exec('commit');
    await write;
    assert.equal(await rows(c.db), 2);
  }));
