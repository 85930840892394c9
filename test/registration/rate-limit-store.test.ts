// The token-bucket store behind the registration rate limits, on both dialects.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/config.ts';
import { openStorage } from '../../src/main.ts';
import { defaultTenantSettings } from '../../src/domain/tenant.ts';
import type { Storage } from '../../src/storage/ports.ts';
import { dialects, freshPostgresDatabase, tempDir } from '../helpers/server.ts';

for (const dialect of dialects()) {
  describe(`rate limit buckets (${dialect})`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;

    before(async () => {
      const dataDir = tempDir();
      const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
      let drop = async () => {};
      if (dialect === 'postgres') {
        const db = await freshPostgresDatabase();
        env.DATABASE_URL = db.url;
        env.LATCHKEY_MASTER_KEY = randomBytes(32).toString('base64');
        drop = db.drop;
      }
      storage = await openStorage(loadConfig(env));
      for (const id of ['ten_a', 'ten_b']) {
        await storage.tenants.create({ id, name: id.replace('_', '-'), domain: `${id.slice(4)}.test`, isDefault: false, settings: defaultTenantSettings(id) });
      }
      cleanup = async () => {
        await storage.close();
        await drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      };
    });
    after(() => cleanup());

    it('hands out a full burst, then refuses with a Retry-After from the refill rate', async () => {
      const buckets = storage.forTenant('ten_a').rateLimits;
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await buckets.take('ip:1', 3, 0.0001));
      assert.deepEqual(
        results.slice(0, 3),
        [0, 1, 2].map(() => ({ allowed: true, retryAfterSeconds: 0 })),
      );
      assert.equal(results[3]!.allowed, false);
      // one token at 0.0001/s takes 10000 s; a slow run only shortens it
      assert.ok(results[3]!.retryAfterSeconds > 9000 && results[3]!.retryAfterSeconds <= 10000, String(results[3]!.retryAfterSeconds));
    });

    it('keeps buckets apart per key and per tenant', async () => {
      assert.equal((await storage.forTenant('ten_a').rateLimits.take('ip:2', 1, 0.0001)).allowed, true);
      assert.equal((await storage.forTenant('ten_a').rateLimits.take('ip:2', 1, 0.0001)).allowed, false);
      assert.equal((await storage.forTenant('ten_b').rateLimits.take('ip:2', 1, 0.0001)).allowed, true);
    });

    it('never hands out more than the burst to concurrent takers', async () => {
      const buckets = storage.forTenant('ten_a').rateLimits;
      const results = await Promise.all(Array.from({ length: 16 }, () => buckets.take('ip:3', 5, 0.0001)));
      assert.equal(results.filter((r) => r.allowed).length, 5);
    });

    it('applies a lowered burst to a bucket that held more', async () => {
      const buckets = storage.forTenant('ten_a').rateLimits;
      assert.equal((await buckets.take('ip:4', 100, 0.0001)).allowed, true);
      assert.equal((await buckets.take('ip:4', 1, 0.0001)).allowed, true);
      assert.equal((await buckets.take('ip:4', 1, 0.0001)).allowed, false);
    });

    it('prunes idle buckets of its own tenant only', async () => {
      await storage.forTenant('ten_b').rateLimits.take('ip:5', 1, 0.0001);
      const pruned = await storage.forTenant('ten_a').rateLimits.prune(Date.now() + 1000);
      assert.equal(pruned, 4);
      assert.equal((await storage.forTenant('ten_a').rateLimits.take('ip:1', 1, 0.0001)).allowed, true);
      assert.equal((await storage.forTenant('ten_b').rateLimits.take('ip:5', 1, 0.0001)).allowed, false);
    });
  });
}
