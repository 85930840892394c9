// Reads an export file (format in tables.ts) line by line into a freshly migrated, empty store.
//
// Nothing of a failed import may stay: on PostgreSQL every batch runs inside one transaction
// that rolls back; on SQLite the caller builds the store in a temporary file and moves it into
// place only after this returns. The trailer's counts are checked before that point, so a
// truncated file is refused, not half-imported.
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { Dialect } from '../database.ts';
import type { TransferSummary } from './export.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, TRANSFER_TABLES, type ExportHeader, type ExportTrailer } from './tables.ts';

/** Rows per INSERT statement (and per transaction on SQLite): few round trips, bounded memory. */
const BATCH_ROWS = 500;

export class ImportError extends Error {}

export interface ImportOptions {
  /** rows inserted so far */
  onProgress?: (done: number) => void;
  /** sees each row before it is inserted; throws to refuse the file (e.g. a master-key check) */
  checkRow?: (table: string, row: Record<string, unknown>) => void;
}

type Insert = (table: string, rows: Record<string, unknown>[]) => Promise<void>;

export async function importStore(db: Kysely<Database>, dialect: Dialect, input: Readable, options: ImportOptions = {}): Promise<TransferSummary> {
  const columns = await columnsByTable(db, dialect);
  const applied = new Set((await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map((r) => r.name));
  const insert =
    (trx: Kysely<any>): Insert =>
    async (table, rows) => {
      await trx.insertInto(table).values(rows).execute();
    };
  if (dialect === 'postgres') {
    return db.transaction().execute((trx) => readRows(input, { columns, applied, options, insert: insert(trx as unknown as Kysely<any>) }));
  }
  return readRows(input, {
    columns,
    applied,
    options,
    insert: (table, rows) => db.transaction().execute((trx) => insert(trx as unknown as Kysely<any>)(table, rows)),
  });
}

interface Reader {
  columns: Map<string, Set<string>>;
  applied: Set<string>;
  options: ImportOptions;
  insert: Insert;
}

async function readRows(input: Readable, { columns, applied, options, insert }: Reader): Promise<TransferSummary> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const order = TRANSFER_TABLES.map((t) => t.name as string);
  const counts: Record<string, number> = {};
  let header: ExportHeader | undefined;
  let trailer: ExportTrailer | undefined;
  let lineNo = 0;
  let tableIndex = -1;
  let batchTable = '';
  let batch: Record<string, unknown>[] = [];
  let done = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await insert(batchTable, batch);
    done += batch.length;
    batch = [];
    options.onProgress?.(done);
  };
  try {
    for await (const line of lines) {
      lineNo++;
      if (line === '') continue;
      if (trailer) throw new ImportError(`line ${lineNo}: data after the trailer line`);
      const value = parseLine(line, lineNo);
      if (!header) {
        header = checkHeader(value, applied);
        for (const t of header.tables) counts[t] = 0;
        continue;
      }
      if ((value as ExportTrailer).end === true) {
        trailer = value as ExportTrailer;
        continue;
      }
      const { t, r } = value as { t?: unknown; r?: unknown };
      if (typeof t !== 'string' || typeof r !== 'object' || r === null || Array.isArray(r)) throw new ImportError(`line ${lineNo}: not a row`);
      const index = order.indexOf(t);
      if (index < 0 || !(t in counts)) throw new ImportError(`line ${lineNo}: unknown table "${t}"`);
      // Parents before children: a row never waits for a table that comes later.
      if (index < tableIndex) throw new ImportError(`line ${lineNo}: table "${t}" out of order`);
      tableIndex = index;
      const row = r as Record<string, unknown>;
      const known = columns.get(t)!;
      for (const column of Object.keys(row)) if (!known.has(column)) throw new ImportError(`line ${lineNo}: table "${t}" has no column "${column}"`);
      options.checkRow?.(t, row);
      if (t !== batchTable || batch.length >= BATCH_ROWS) await flush();
      batchTable = t;
      batch.push(row);
      counts[t]!++;
    }
    await flush();
  } finally {
    lines.close();
    input.destroy();
  }
  if (!header) throw new ImportError('the file is empty');
  if (!trailer) throw new ImportError(`the file ends at line ${lineNo} without its trailer line: it is truncated`);
  for (const t of header.tables) {
    if (trailer.counts?.[t] !== counts[t])
      throw new ImportError(`table "${t}": the trailer counts ${trailer.counts?.[t]} rows, the file holds ${counts[t]}: it is damaged`);
  }
  return { counts, total: done };
}

function parseLine(line: string, lineNo: number): unknown {
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  } catch {
    /* reported below */
  }
  throw new ImportError(`line ${lineNo} is not a JSON object (a damaged or truncated file?)`);
}

function checkHeader(value: unknown, applied: Set<string>): ExportHeader {
  const header = value as Partial<ExportHeader>;
  if (header.format !== EXPORT_FORMAT) throw new ImportError('not a Latchkey export file (no latchkey-export header line)');
  if (header.version !== EXPORT_VERSION)
    throw new ImportError(`export format version ${header.version} is not supported (this Latchkey reads version ${EXPORT_VERSION})`);
  if (!Array.isArray(header.tables) || !Array.isArray(header.migrations)) throw new ImportError('the header line lacks its tables or migrations');
  const unknown = header.tables.filter((t) => !TRANSFER_TABLES.some((k) => k.name === t));
  if (unknown.length) throw new ImportError(`the file has table(s) this Latchkey does not know: ${unknown.join(', ')}`);
  // A file from a newer Latchkey may hold columns or meanings this one lacks.
  const newer = header.migrations.filter((m) => !applied.has(m));
  if (newer.length) throw new ImportError(`the file comes from a newer Latchkey (migration ${newer.join(', ')}); upgrade before importing`);
  return header as ExportHeader;
}

async function columnsByTable(db: Kysely<Database>, dialect: Dialect): Promise<Map<string, Set<string>>> {
  const schema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const tables = (await db.introspection.getTables()).filter((t) => schema === undefined || t.schema === schema);
  return new Map(tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
}
