// Every row of every table of a test server's store, as text: to show that a secret is not stored.
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { TestServer } from '../helpers/server.ts';

export async function storedText(server: TestServer): Promise<string> {
  const url = server.env.DATABASE_URL;
  if (!url) {
    const db = new SqliteDatabase(path.join(server.dataDir, 'latchkey.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[];
      return tables.map((t) => JSON.stringify(db.prepare(`select * from "${t.name}"`).all())).join('\n');
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public'`);
    const dumps: string[] = [];
    for (const { table_name } of tables.rows) dumps.push(JSON.stringify((await client.query(`select * from "${table_name}"`)).rows));
    return dumps.join('\n');
  } finally {
    await client.end();
  }
}
