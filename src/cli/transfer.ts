// `latchkey export` / `latchkey import`: moves a store between SQLite and PostgreSQL (either way)
// through a versioned line-delimited JSON file. The work is in storage/sql/transfer/.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config/config.ts';
import { ensureDataDir } from '../config/data-dir.ts';
import { migrateToLatest, openDatabase, sqliteFile, type OpenDatabase } from '../storage/sql/database.ts';
import { exportStore } from '../storage/sql/transfer/export.ts';
import { ImportError, importStore } from '../storage/sql/transfer/import.ts';
import { durableRows, MasterKeyMismatch, signingKeyCheck } from '../storage/sql/transfer/checks.ts';
import { privateTempFile, publishFile, removeWithSidecars, replaceDatabase } from '../storage/sql/transfer/sqlite-files.ts';
import { formatCounts, progressBar } from './progress.ts';
import { keyLocation, masterKey } from './backup.ts';
import { UsageError } from './usage-error.ts';

export const TRANSFER_HELP = `Usage:
  latchkey export --out FILE [--force]
      Writes every durable row of the configured store (SQLite, or PostgreSQL with DATABASE_URL)
      to FILE (mode 0600) as line-delimited JSON: one consistent snapshot, safe while a server runs.
  latchkey import --from FILE
      Loads FILE into the configured store, which must be empty (a new PostgreSQL database or a
      DATA_DIR without tenants). All or nothing. The new store needs the exported store's master key.
`;

type Err = NodeJS.WritableStream & { isTTY?: boolean };

export async function transferCommand(command: 'export' | 'import', argv: string[], out: NodeJS.WritableStream, err: Err): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { out: { type: 'string' }, from: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out.write(TRANSFER_HELP);
    return 0;
  }
  if (command === 'export') {
    if (!values.out || values.from !== undefined) throw new UsageError('export takes --out FILE [--force]');
    return exportCommand(loadConfig(), path.resolve(values.out), values.force ?? false, out, err);
  }
  if (!values.from || values.out !== undefined || values.force !== undefined) throw new UsageError('import takes --from FILE');
  return importCommand(loadConfig(), path.resolve(values.from), out, err);
}

function storeName(config: Config): string {
  return config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : sqliteFile(config.dataDir);
}

async function exportCommand(config: Config, file: string, force: boolean, out: NodeJS.WritableStream, err: Err): Promise<number> {
  if (!config.databaseUrl && !fs.existsSync(sqliteFile(config.dataDir))) throw new Error(`no SQLite store at ${sqliteFile(config.dataDir)} (check DATA_DIR)`);
  if (fs.existsSync(file) && !force) throw new Error(`${file} exists; pass --force to replace it`);
  const started = performance.now();
  let tmp: string;
  try {
    tmp = privateTempFile(file);
  } catch (e) {
    throw new Error(`cannot write next to ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const open = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const bar = progressBar(err, 'export');
  try {
    // As every command does: a store left behind by an older version is brought up to date.
    await migrateToLatest(open.db, open.dialect);
    const stream = fs.createWriteStream(tmp);
    const closed = once(stream, 'close');
    const summary = await exportStore(open.db, open.dialect, stream, {
      onProgress: err.isTTY ? (done, total) => bar.update(total ? done / total : 1, `${done.toLocaleString('en-US')} rows`) : undefined,
    }).catch((e) => {
      stream.destroy();
      throw e;
    });
    stream.end();
    await closed;
    bar.done();
    const fd = fs.openSync(tmp, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    publishFile(tmp, file, force);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    out.write(
      `exported ${summary.total.toLocaleString('en-US')} rows in ${seconds} s from ${storeName(config)} to ${file} (${formatCounts(summary.counts)})\n`,
    );
    return 0;
  } finally {
    bar.done();
    removeWithSidecars(tmp);
    await open.destroy();
  }
}

async function importCommand(config: Config, file: string, out: NodeJS.WritableStream, err: Err): Promise<number> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new Error(`${file} does not exist`);
  }
  const key = masterKey(config);
  const started = performance.now();
  const bar = progressBar(err, 'import');
  let input: fs.ReadStream | undefined;
  const run = async (open: OpenDatabase) => {
    await migrateToLatest(open.db, open.dialect);
    // Opened only now: a stream that flows before readline listens would lose its first lines.
    const stream = (input = fs.createReadStream(file));
    return importStore(open.db, open.dialect, stream, {
      checkRow: key ? signingKeyCheck(key) : undefined,
      onProgress: (done) => bar.update(size ? stream.bytesRead / size : 1, `${done.toLocaleString('en-US')} rows`),
    });
  };
  try {
    const summary = config.databaseUrl ? await intoPostgres(config, run) : await intoSqlite(config, run);
    bar.done();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    out.write(`imported ${summary.total.toLocaleString('en-US')} rows in ${seconds} s into ${storeName(config)} (${formatCounts(summary.counts)})\n`);
    if (!key)
      out.write(
        `Before starting the server, give it the exported store's master key: ${config.databaseUrl ? 'LATCHKEY_MASTER_KEY' : `copy its master.key into ${config.dataDir} or set LATCHKEY_MASTER_KEY`}.\n`,
      );
    return 0;
  } catch (e) {
    if (e instanceof ImportError) throw new Error(`cannot import ${file}: ${e.message}; nothing was imported`);
    if (e instanceof MasterKeyMismatch)
      throw new Error(
        `the master key (${keyLocation(config)}) does not open the file's sealed signing keys; use the exported store's key. Nothing was imported`,
      );
    throw e;
  } finally {
    bar.done();
    input?.destroy();
  }
}

type Run = (open: OpenDatabase) => Promise<{ counts: Record<string, number>; total: number }>;

/** PostgreSQL: importStore runs in one transaction, so a failure leaves the tables empty. */
async function intoPostgres(config: Config, run: Run) {
  const open = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if ((await durableRows(open.db, 'postgres')) > 0)
      throw new Error('the PostgreSQL database (DATABASE_URL) already holds data; import only into a new, empty database');
    return await run(open);
  } finally {
    await open.destroy();
  }
}

/**
 * SQLite: the store is built in a temporary directory inside DATA_DIR and renamed into place
 * only when complete, so a failure leaves DATA_DIR as it was.
 */
async function intoSqlite(config: Config, run: Run) {
  ensureDataDir(config.dataDir);
  const target = sqliteFile(config.dataDir);
  if (fs.existsSync(target)) {
    const existing = openDatabase({ databaseUrl: undefined, dataDir: config.dataDir });
    try {
      if ((await durableRows(existing.db, 'sqlite')) > 0) throw new Error(`${target} already holds data; import only into an empty DATA_DIR`);
    } finally {
      await existing.destroy();
    }
  }
  const work = fs.mkdtempSync(path.join(config.dataDir, '.import-'));
  try {
    const open = openDatabase({ databaseUrl: undefined, dataDir: work });
    let summary;
    try {
      // A failed build is thrown away, so commits need not reach the disk one by one;
      // the finished file is synced once below, before it is moved into place.
      open.sqlite!.pragma('synchronous = OFF');
      summary = await run(open);
    } finally {
      await open.destroy();
    }
    const built = sqliteFile(work);
    fs.chmodSync(built, 0o600);
    const fd = fs.openSync(built, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    replaceDatabase(built, target);
    return summary;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
