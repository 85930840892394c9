// `latchkey backup` / `latchkey restore`: whole-file copies of the embedded SQLite store.
// PostgreSQL has its own tools for this (pg_dump / pg_restore, README "Backups").
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config/config.ts';
import { ensureDataDir } from '../config/data-dir.ts';
import { parseMasterKey } from '../storage/secret-box.ts';
import { sqliteFile } from '../storage/sql/database.ts';
import { InlineMigrationProvider } from '../storage/sql/migrations/index.ts';
import { checkSealedKey, MasterKeyMismatch } from '../storage/sql/transfer/checks.ts';
import {
  copyDatabase,
  inspectSqliteStore,
  privateTempFile,
  publishFile,
  removeWithSidecars,
  replaceDatabase,
  sqliteTenantCount,
} from '../storage/sql/transfer/sqlite-files.ts';
import { UsageError } from './usage-error.ts';

export const BACKUP_HELP = `Usage:
  latchkey backup --out FILE [--force]
      Copies DATA_DIR/latchkey.sqlite to FILE (mode 0600) with SQLite's online backup: safe,
      and consistent, while a server runs on the store. Refuses an existing FILE without --force.
      Keep the master key (DATA_DIR/master.key or LATCHKEY_MASTER_KEY) with the backup.
  latchkey restore --from FILE [--force]
      Checks FILE (SQLite integrity check, a Latchkey store) and puts it in place as
      DATA_DIR/latchkey.sqlite. Stop the server first. Refuses a store that has tenants
      without --force. The server needs the master key of the backed-up store.
  With DATABASE_URL (PostgreSQL) use pg_dump / pg_restore instead (README, Backups).
`;

const NOT_FOR_POSTGRES = (what: string) =>
  `${what} works on the embedded SQLite store only; with DATABASE_URL (PostgreSQL) use pg_dump -Fc / pg_restore (README, Backups)`;

export async function backupCommand(command: 'backup' | 'restore', argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { out: { type: 'string' }, from: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out.write(BACKUP_HELP);
    return 0;
  }
  const config = loadConfig();
  if (config.databaseUrl) throw new Error(NOT_FOR_POSTGRES(`latchkey ${command}`));
  if (command === 'backup') {
    if (!values.out || values.from !== undefined) throw new UsageError('backup takes --out FILE [--force]');
    return backup(config, path.resolve(values.out), values.force ?? false, out);
  }
  if (!values.from || values.out !== undefined) throw new UsageError('restore takes --from FILE [--force]');
  return restore(config, path.resolve(values.from), values.force ?? false, out);
}

async function backup(config: Config, file: string, force: boolean, out: NodeJS.WritableStream): Promise<number> {
  const source = sqliteFile(config.dataDir);
  if (!fs.existsSync(source)) throw new Error(`no SQLite store at ${source} (check DATA_DIR)`);
  if (fs.existsSync(file) && !force) throw new Error(`${file} exists; pass --force to replace it`);
  let tmp: string;
  try {
    tmp = privateTempFile(file);
  } catch (e) {
    throw new Error(`cannot write next to ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    await copyDatabase(source, tmp);
    const info = inspectSqliteStore(tmp);
    try {
      publishFile(tmp, file, force);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${file} exists; pass --force to replace it`);
      throw e;
    }
    const size = (fs.statSync(file).size / 1024 / 1024).toFixed(1);
    out.write(`Backed up ${source} to ${file} (${size} MiB, ${info.tenants} tenant(s), mode 0600, integrity check ok).\n`);
    out.write(
      `Keep the master key with it: ${keyLocation(config)}. Client secrets and private signing keys are sealed with that key; without it the backup cannot be used.\n`,
    );
    return 0;
  } finally {
    removeWithSidecars(tmp);
  }
}

async function restore(config: Config, file: string, force: boolean, out: NodeJS.WritableStream): Promise<number> {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  const info = inspectSqliteStore(file);
  const known = new Set(Object.keys(await new InlineMigrationProvider('sqlite').getMigrations()));
  const newer = info.migrations.filter((m) => !known.has(m));
  if (newer.length) throw new Error(`${file} comes from a newer Latchkey (migration ${newer.join(', ')}); upgrade before restoring`);
  ensureDataDir(config.dataDir);
  const target = sqliteFile(config.dataDir);
  const present = sqliteTenantCount(target);
  if (present > 0 && !force) throw new Error(`${target} holds ${present} tenant(s); stop the server and pass --force to replace it`);
  const key = masterKey(config);
  if (key && info.signingKey) {
    try {
      checkSealedKey(key, info.signingKey);
    } catch (e) {
      if (e instanceof MasterKeyMismatch)
        throw new Error(`the master key (${keyLocation(config)}) does not open this backup's sealed keys; use the key of the backed-up store`);
      throw e;
    }
  }
  const tmp = privateTempFile(target);
  try {
    await copyDatabase(file, tmp);
    replaceDatabase(tmp, target);
  } finally {
    removeWithSidecars(tmp);
  }
  out.write(`Restored ${file} into ${target} (${info.tenants} tenant(s), mode 0600).\n`);
  out.write('No server may run on this DATA_DIR while restoring; start it now.\n');
  out.write(
    key
      ? `It opens the sealed secrets with the master key in ${keyLocation(config)}, which matches this backup.\n`
      : `It needs the backed-up store's master key: copy that master.key into ${config.dataDir} (or set LATCHKEY_MASTER_KEY) before starting it.\n`,
  );
  return 0;
}

/** The master key the store at DATA_DIR will use, if one is there yet (never generates one). */
export function masterKey(config: Config): Buffer | undefined {
  if (config.masterKey !== undefined) return parseMasterKey(config.masterKey);
  const file = path.join(config.dataDir, 'master.key');
  if (!fs.existsSync(file)) return undefined;
  return parseMasterKey(fs.readFileSync(file, 'utf8'));
}

/** Where the key is, for messages; never the key itself. */
export function keyLocation(config: Config): string {
  return config.masterKey !== undefined ? 'the LATCHKEY_MASTER_KEY value' : path.join(config.dataDir, 'master.key');
}
