// An empty database of one dialect, opened without migrations, for tests that walk the schema
// up to an older version, store rows as they were then, and upgrade.
import fs from 'node:fs';
import { Migrator } from 'kysely';
import { openDatabase, type OpenDatabase } from '../../src/storage/sql/database.ts';
import { InlineMigrationProvider } from '../../src/storage/sql/migrations/index.ts';
import { freshPostgresDatabase, tempDir } from './server.ts';

export interface BareDatabase {
  open: OpenDatabase;
  migrator: Migrator;
  close(): Promise<void>;
}

export async function bareDatabase(dialect: 'sqlite' | 'postgres'): Promise<BareDatabase> {
  const dataDir = tempDir();
  const pg = dialect === 'postgres' ? await freshPostgresDatabase() : undefined;
  const open = openDatabase({ databaseUrl: pg?.url, dataDir });
  return {
    open,
    migrator: new Migrator({ db: open.db, provider: new InlineMigrationProvider(open.dialect) }),
    async close() {
      await open.destroy();
      await pg?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
