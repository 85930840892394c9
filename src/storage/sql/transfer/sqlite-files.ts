// File-level operations on the embedded SQLite store: online backup, checking a backup, and
// swapping a new database file into DATA_DIR.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';

/**
 * sqlite3_backup_step restarts when another process writes between steps, so under steady load
 * a small step never finishes. One step copies every page inside one read transaction: a
 * consistent snapshot, and in WAL mode the server's writers are not blocked meanwhile.
 */
const ALL_PAGES = 0x7fffffff;

/** A file next to `target` that nobody else uses, created empty with mode 0600. */
export function privateTempFile(target: string): string {
  const file = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.partial`);
  fs.closeSync(fs.openSync(file, 'wx', 0o600));
  return file;
}

/** Removes a temp file and what SQLite may have left beside it. */
export function removeWithSidecars(file: string): void {
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/** Copies the database `source` (possibly in use by a server) into `dest`, a new 0600 file. */
export async function copyDatabase(source: string, dest: string): Promise<void> {
  const db = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(dest, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
  fs.chmodSync(dest, 0o600);
  fsyncFile(dest);
}

/**
 * Moves `from` into place as `target` (same directory, so the rename is atomic). A WAL, shared
 * memory or rollback journal of the old database is removed first: left beside the new file,
 * SQLite would replay it onto pages it does not belong to.
 */
export function replaceDatabase(from: string, target: string): void {
  for (const f of [`${target}-wal`, `${target}-shm`, `${target}-journal`]) fs.rmSync(f, { force: true });
  fs.renameSync(from, target);
  fsyncDir(path.dirname(target));
}

/** Moves `from` to `target`; without `overwrite` an existing target is left alone (EEXIST). */
export function publishFile(from: string, target: string, overwrite: boolean): void {
  if (overwrite) fs.renameSync(from, target);
  else {
    // link() fails when the target exists, where rename() would replace it.
    fs.linkSync(from, target);
    fs.unlinkSync(from);
  }
  fsyncDir(path.dirname(target));
}

export interface SqliteStoreInfo {
  tenants: number;
  migrations: string[];
  /** one sealed signing key, to test a master key against */
  signingKey: { tenant_id: string; kid: string; private_key_sealed: string } | undefined;
}

/** Refuses a file that is not an intact Latchkey SQLite database; reads what restore reports. */
export function inspectSqliteStore(file: string): SqliteStoreInfo {
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new Error(`cannot open ${file}: ${(e as Error).message}`);
  }
  try {
    let verdict: string[];
    try {
      verdict = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
    } catch (e) {
      throw new Error(`${file} is not a SQLite database (${(e as Error).message})`);
    }
    if (verdict.length !== 1 || verdict[0] !== 'ok') throw new Error(`${file} fails SQLite's integrity check: ${verdict.slice(0, 3).join('; ')}`);
    const tables = new Set(db.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[]);
    if (!tables.has('tenants') || !tables.has('kysely_migration') || !tables.has('signing_keys'))
      throw new Error(`${file} is a SQLite database but not a Latchkey store`);
    return {
      tenants: db.prepare('select count(*) from tenants').pluck().get() as number,
      migrations: db.prepare('select name from kysely_migration order by name').pluck().all() as string[],
      signingKey: db.prepare('select tenant_id, kid, private_key_sealed from signing_keys limit 1').get() as SqliteStoreInfo['signingKey'],
    };
  } finally {
    db.close();
  }
}

/** Tenants in the store at `file`, or 0 when there is no store (or no tenants table) yet. */
export function sqliteTenantCount(file: string): number {
  if (!fs.existsSync(file)) return 0;
  // Read-write on purpose: a read-only connection cannot recover a WAL left by a crash.
  const db = new SqliteDatabase(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const has = db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'tenants'`).get();
    return has ? (db.prepare('select count(*) from tenants').pluck().get() as number) : 0;
  } finally {
    db.close();
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename durable (the directory entry), where the platform allows it. */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* not supported here (e.g. some network file systems): the rename itself is atomic */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
