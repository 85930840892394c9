// What the signing-key suites share: a second instance on a server's store, and waiting for
// another instance (or process) to hear of a committed change.
import assert from 'node:assert/strict';
import { startServer, type DialectName, type TestServer } from '../helpers/server.ts';

/** Another instance on `server`'s store (same data dir, database, master key and PUBLIC_URL). */
export function sibling(server: TestServer, dialect: DialectName, publicUrl: string): Promise<TestServer> {
  return startServer({
    dialect,
    dataDir: server.dataDir,
    databaseUrl: server.env.DATABASE_URL,
    env: { PUBLIC_URL: publicUrl, ...(server.env.LATCHKEY_MASTER_KEY && { LATCHKEY_MASTER_KEY: server.env.LATCHKEY_MASTER_KEY }) },
  });
}

/** Asks `read` again until `done` holds: another instance hears of a change within milliseconds, not at once. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`never: ${what}`);
}
