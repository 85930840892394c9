// ClientStore.countDynamicallyRegisteredExclusively: a registration near max_clients counts and
// inserts while every other one that asks waits, so that two cannot both see room for one more.
// PostgreSQL: an advisory lock held to the end of the transaction; SQLite: the write lock.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer } from '../helpers/server.ts';

describe('the exclusive count of dynamically registered clients', () => {
  for (const dialect of dialects()) {
    it(`holds a second transaction's count until the first ends (${dialect})`, async () => {
      const server = await startServer({ dialect });
      try {
        const { storage } = server.latchkey.services;
        const stores = storage.forTenant((await storage.tenants.findDefault())!.id);
        const order: string[] = [];
        let release!: () => void;
        const held = new Promise<void>((r) => (release = r));
        let counted!: () => void;
        const firstCounted = new Promise<void>((r) => (counted = r));
        const first = stores.transaction(async (tx) => {
          await tx.clients.countDynamicallyRegisteredExclusively();
          order.push('first counted');
          counted();
          await held;
          order.push('first ends');
        });
        await firstCounted;
        const second = stores.transaction(async (tx) => {
          await tx.clients.countDynamicallyRegisteredExclusively();
          order.push('second counted');
        });
        // The second gets every chance to count before the first ends.
        for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
        release();
        await Promise.all([first, second]);
        assert.deepEqual(order, ['first counted', 'first ends', 'second counted']);
      } finally {
        await server.close();
      }
    });
  }
});
