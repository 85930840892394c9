// Streams every durable row of a store as line-delimited JSON (format in tables.ts).
//
// Memory stays flat whatever the store's size: each table is read in pages of PAGE_ROWS by
// keyset pagination on its primary key (no OFFSET, so each page is an index seek), and a page
// is written only when the output has drained the previous one (backpressure).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { Dialect } from '../database.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, TRANSFER_TABLES, unaccountedTables, type ExportHeader, type ExportTrailer, type TransferTable } from './tables.ts';

const PAGE_ROWS = 1000;

export interface TransferSummary {
  counts: Record<string, number>;
  total: number;
}

export interface ExportOptions {
  /** rows written so far and rows to write in all (counted first, in the same snapshot, only when asked) */
  onProgress?: (done: number, total: number) => void;
}

export async function exportStore(db: Kysely<Database>, dialect: Dialect, out: Writable, options: ExportOptions = {}): Promise<TransferSummary> {
  // PostgreSQL: only the schema Latchkey's tables live in (the first of the search path).
  const schema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const tables = (await db.introspection.getTables()).filter((t) => schema === undefined || t.schema === schema).map((t) => t.name);
  const missed = unaccountedTables(tables);
  if (missed.length) throw new Error(`export does not cover table(s) ${missed.join(', ')}; refusing to leave their rows behind`);
  // One read transaction: the file is one consistent snapshot even while a server writes.
  // SQLite (WAL): a reader sees the database as of its first read. PostgreSQL: repeatable read.
  let tx = db.transaction().setAccessMode('read only');
  if (dialect === 'postgres') tx = tx.setIsolationLevel('repeatable read');
  return tx.execute(async (trx) => {
    const migrations = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(trx)).rows.map((r) => r.name);
    // A slow reader of the output must not have the server end this transaction as idle.
    if (dialect === 'postgres') await sql`set local idle_in_transaction_session_timeout = 0`.execute(trx);
    // Counted only to draw progress: a large table's count is not free.
    let total = 0;
    if (options.onProgress) {
      for (const table of TRANSFER_TABLES) {
        const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table.name)}`.execute(trx);
        total += Number(rows[0]!.n);
      }
    }
    const header: ExportHeader = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exported_at: new Date().toISOString(),
      dialect,
      migrations,
      tables: TRANSFER_TABLES.map((t) => t.name),
    };
    await write(out, JSON.stringify(header) + '\n');
    const counts: Record<string, number> = {};
    let done = 0;
    options.onProgress?.(0, total);
    for (const table of TRANSFER_TABLES) {
      counts[table.name] = 0;
      for await (const page of pages(trx, table)) {
        await write(out, page.map((r) => JSON.stringify({ t: table.name, r })).join('\n') + '\n');
        counts[table.name]! += page.length;
        done += page.length;
        options.onProgress?.(done, Math.max(total, done));
      }
    }
    const trailer: ExportTrailer = { end: true, counts, total: done };
    await write(out, JSON.stringify(trailer) + '\n');
    return { counts, total: done };
  });
}

/** A table's rows in primary-key order, PAGE_ROWS at a time, each page after the last key seen. */
async function* pages(trx: Transaction<Database>, table: TransferTable): AsyncGenerator<Record<string, unknown>[]> {
  const db = trx as unknown as Kysely<any>;
  let last: unknown[] | undefined;
  for (;;) {
    let query = db.selectFrom(table.name).selectAll();
    if (last) {
      const after = last;
      // Row-value comparison (SQLite 3.15+, PostgreSQL): one index range scan for composite keys.
      query = query.where(sql<boolean>`(${sql.join(table.key.map((c) => sql.ref(c)))}) > (${sql.join(after)})`);
    }
    for (const column of table.key) query = query.orderBy(column);
    const rows = (await query.limit(PAGE_ROWS).execute()) as Record<string, unknown>[];
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < PAGE_ROWS) return;
    const end = rows[rows.length - 1]!;
    last = table.key.map((c) => end[c]);
  }
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}
