// The storage contract: the same cases on SQLite and on a real PostgreSQL.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { openStorage } from '../../src/main.ts';
import { sqliteFile } from '../../src/storage/sql/database.ts';
import { DuplicateError, type Storage } from '../../src/storage/ports.ts';
import { defaultTenantSettings, TENANT_FLAGS } from '../../src/domain/tenant.ts';
import { newClientId, newClientSecret, newTenantId, newUserId, newClientGrantId, newResourceServerId } from '../../src/domain/ids.ts';
import type { NewClient } from '../../src/domain/client.ts';
import { dialects, freshPostgresDatabase, tempDir } from '../helpers/server.ts';

function newClient(overrides: Partial<NewClient> = {}): NewClient {
  return {
    client_id: newClientId(),
    client_secret: newClientSecret(),
    name: 'App',
    app_type: 'regular_web',
    is_first_party: false,
    oidc_conformant: true,
    callbacks: ['https://app.example/cb'],
    allowed_logout_urls: [],
    web_origins: [],
    allowed_origins: [],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
    jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 },
    ...overrides,
  };
}

/** Polls `check` for up to 3 s (a change reaches another instance within one event-loop turn on
 * SQLite, and with the NOTIFY on PostgreSQL). */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('the change was not seen within 3 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const dialect of dialects()) {
  describe(`storage contract (${dialect})`, () => {
    let storage: Storage;
    let dataDir: string;
    let db: { url: string; drop: () => Promise<void> } | undefined;
    let rawRows: (table: string) => Promise<Record<string, unknown>[]>;
    let tenantA: string;
    let tenantB: string;
    let masterKey: string | undefined;

    before(async () => {
      dataDir = tempDir();
      if (dialect === 'postgres') db = await freshPostgresDatabase();
      const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
      masterKey = randomBytes(32).toString('hex');
      if (db) Object.assign(env, { DATABASE_URL: db.url, LATCHKEY_MASTER_KEY: masterKey });
      storage = await openStorage(loadConfig(env));
      rawRows = async (table) => {
        if (db) {
          const c = new pg.Client({ connectionString: db.url });
          await c.connect();
          const { rows } = await c.query(`select * from ${table}`);
          await c.end();
          return rows;
        }
        const s = new SqliteDatabase(sqliteFile(dataDir), { readonly: true });
        const rows = s.prepare(`select * from ${table}`).all() as Record<string, unknown>[];
        s.close();
        return rows;
      };
      for (const name of ['a', 'b']) {
        const t = await storage.tenants.create({
          id: newTenantId(),
          name,
          domain: `${name}.test`,
          isDefault: name === 'a',
          settings: defaultTenantSettings(name),
        });
        if (name === 'a') tenantA = t.id;
        else tenantB = t.id;
      }
    });
    after(async () => {
      await storage.close();
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('finds tenants by id, domain, name and default; refuses duplicates', async () => {
      assert.equal((await storage.tenants.findByDomain('b.test'))!.id, tenantB);
      assert.equal((await storage.tenants.findByName('a'))!.id, tenantA);
      assert.equal((await storage.tenants.findDefault())!.id, tenantA);
      assert.equal(await storage.tenants.findByDomain('c.test'), undefined);
      assert.deepEqual(
        (await storage.tenants.list()).map((t) => t.name),
        ['a', 'b'],
      );
      await assert.rejects(
        storage.tenants.create({ id: newTenantId(), name: 'a', domain: 'z.test', isDefault: false, settings: defaultTenantSettings('a') }),
        DuplicateError,
      );
    });

    it('keeps settings as written, with defaults for missing keys', async () => {
      const t = (await storage.tenants.findById(tenantB))!;
      assert.equal(t.settings.flags.enable_dynamic_client_registration, false);
      await storage.tenants.updateSettings(tenantB, (s) => ({ ...s, flags: { ...s.flags, enable_dynamic_client_registration: true } }));
      assert.equal((await storage.tenants.findById(tenantB))!.settings.flags.enable_dynamic_client_registration, true);
      assert.equal((await storage.tenants.findById(tenantA))!.settings.flags.enable_dynamic_client_registration, false);
    });

    it('loses no tenant-settings update when updates race', async () => {
      const flags = TENANT_FLAGS.filter((f) => f !== 'enable_dynamic_client_registration');
      const locales = Array.from({ length: 12 }, (_, i) => `l${i}`);
      await Promise.all([
        ...flags.map((flag) => storage.tenants.updateSettings(tenantB, (s) => ({ ...s, flags: { ...s.flags, [flag]: true } }))),
        ...locales.map((locale) => storage.tenants.updateSettings(tenantB, (s) => ({ ...s, enabled_locales: [...s.enabled_locales, locale] }))),
      ]);
      const settings = (await storage.tenants.findById(tenantB))!.settings;
      for (const flag of flags) assert.equal(settings.flags[flag], true, flag);
      assert.deepEqual([...settings.enabled_locales].sort(), ['en', ...locales].sort());
      assert.equal(await storage.tenants.updateSettings('ten_missing', (s) => s), undefined);
      // Back to what the other tests expect.
      await storage.tenants.updateSettings(tenantB, (s) => ({
        ...s,
        enabled_locales: ['en'],
        flags: { ...s.flags, ...Object.fromEntries(flags.map((f) => [f, false])) },
      }));
    });

    it('deletes expired rows in bounded batches, in one tenant only', async () => {
      const now = Date.now();
      const past = new Date(now - 60_000);
      const future = new Date(now + 60_000);
      const both = [storage.forTenant(tenantA), storage.forTenant(tenantB)];
      for (const stores of both) {
        for (const [i, expiresAt] of [past, past, past, future].entries()) {
          const record = {
            clientId: 'c',
            userId: 'u',
            redirectUri: 'https://app.example/cb',
            redirectUriSent: true,
            scopes: ['openid'],
            audience: null,
            sid: 's',
            authTime: 1,
            familyId: `f${i}`,
            expiresAt,
          };
          await stores.authorizationCodes.create(`code-${i}`, record);
          await stores.refreshTokens.create(`rt-${i}`, {
            familyId: `f${i}`,
            clientId: 'c',
            userId: 'u',
            audience: null,
            scopes: [],
            authTime: 1,
            createdAt: past,
            expiresAt,
          });
        }
        await stores.sessions.create('s-ended', { sid: 's1', userId: 'u', authTime: past, createdAt: past, expiresAt: past, idleExpiresAt: future });
        await stores.sessions.create('s-idle', { sid: 's2', userId: 'u', authTime: past, createdAt: past, expiresAt: future, idleExpiresAt: past });
        await stores.sessions.create('s-live', { sid: 's3', userId: 'u', authTime: past, createdAt: past, expiresAt: future, idleExpiresAt: future });
        await stores.loginFailures.recordFailure('stale', past, 10, 60_000);
        await stores.loginFailures.recordFailure('blocking', past, 1, 3_600_000);
        await stores.loginFailures.recordFailure('recent', new Date(now), 10, 60_000);
      }
      const [a, b] = both as [(typeof both)[0], (typeof both)[0]];
      const nowDate = new Date(now);
      assert.equal(await a.authorizationCodes.deleteExpired(nowDate, 2), 2);
      assert.equal(await a.authorizationCodes.deleteExpired(nowDate, 2), 1);
      assert.equal(await a.authorizationCodes.deleteExpired(nowDate, 2), 0);
      assert.ok(await a.authorizationCodes.find('code-3'));
      assert.equal(await a.authorizationCodes.find('code-0'), undefined);
      assert.equal(await a.refreshTokens.deleteExpired(nowDate, 10), 3);
      assert.ok(await a.refreshTokens.find('rt-3'));
      assert.equal(await a.sessions.deleteExpired(nowDate, 10), 2);
      assert.ok(await a.sessions.findActive('s-live', nowDate));
      // Untouched since a minute ago and not blocking: forgotten; the block and the fresh count stay.
      assert.equal(await a.loginFailures.deleteStale(new Date(now - 1000), nowDate, 10), 1);
      assert.ok(await a.loginFailures.blockedUntil('blocking', nowDate));
      assert.equal((await a.loginFailures.recordFailure('recent', nowDate, 10, 60_000)).failures, 2);
      assert.equal((await a.loginFailures.recordFailure('stale', nowDate, 10, 60_000)).failures, 1);
      // The other tenant's rows are all still there.
      assert.ok(await b.authorizationCodes.find('code-0'));
      assert.ok(await b.refreshTokens.find('rt-0'));
      assert.equal(await b.refreshTokens.deleteExpired(nowDate, 10), 3);
      assert.equal(await b.sessions.deleteExpired(nowDate, 10), 2);
    });

    it("deletes log entries older than a time, oldest first, keeping newer ones and other tenants'", async () => {
      // Tenants of their own: other tests count the logs of A and B.
      const [c, d] = await Promise.all(
        ['c', 'd'].map((name) =>
          storage.tenants.create({ id: newTenantId(), name, domain: `${name}.test`, isDefault: false, settings: defaultTenantSettings(name) }),
        ),
      );
      const logs = storage.forTenant(c!.id).logs;
      const other = storage.forTenant(d!.id).logs;
      const entry = (description: string) => ({ type: 'sweep', description, ip: null, userAgent: null, clientId: null, details: {} });
      for (const d of ['old1', 'old2', 'old3']) await logs.append(entry(d));
      await new Promise((r) => setTimeout(r, 5));
      const cutoff = new Date();
      await new Promise((r) => setTimeout(r, 5));
      for (const d of ['new1', 'new2']) await logs.append(entry(d));
      await other.append(entry('d-old'));
      assert.equal(await logs.deleteOlderThan(cutoff, 2), 2);
      assert.deepEqual(
        (await logs.list({ type: 'sweep', limit: 10 })).map((e) => e.description),
        ['new2', 'new1', 'old3'],
      );
      assert.equal(await logs.deleteOlderThan(cutoff, 2), 1);
      assert.equal(await logs.deleteOlderThan(cutoff, 2), 0);
      assert.deepEqual(
        (await logs.list({ type: 'sweep', limit: 10 })).map((e) => e.description),
        ['new2', 'new1'],
      );
      assert.deepEqual(
        (await other.list({ limit: 10 })).map((e) => e.description),
        ['d-old'],
      );
    });

    it('stores clients with their secret encrypted at rest', async () => {
      const created = await storage.forTenant(tenantA).clients.create(newClient({ name: 'Sealed' }));
      const found = await storage.forTenant(tenantA).clients.findById(created.client_id);
      assert.equal(found!.client_secret, created.client_secret);
      assert.deepEqual(found!.callbacks, ['https://app.example/cb']);
      assert.equal(found!.is_first_party, false);
      const raw = JSON.stringify(await rawRows('clients'));
      assert.ok(!raw.includes(created.client_secret!), 'plaintext secret in the database');
    });

    it('scopes every client query to its tenant', async () => {
      const a = storage.forTenant(tenantA).clients;
      const b = storage.forTenant(tenantB).clients;
      const mine = await a.create(newClient({ name: 'Only A' }));
      assert.equal(await b.findById(mine.client_id), undefined);
      assert.ok(!(await b.list({ page: 0, perPage: 100 })).clients.some((c) => c.client_id === mine.client_id));
      assert.equal(await b.replace({ ...mine, tenantId: tenantB, name: 'hijacked' }), false);
      assert.equal(await b.delete(mine.client_id), false);
      assert.equal((await a.findById(mine.client_id))!.name, 'Only A');
      // The same client_id may exist in two tenants without clashing.
      await b.create(newClient({ client_id: mine.client_id, name: 'B twin' }));
      assert.equal((await a.findById(mine.client_id))!.name, 'Only A');
      assert.equal((await b.findById(mine.client_id))!.name, 'B twin');
    });

    it('lists clients with filters, search and paging; a page past the end is empty', async () => {
      const s = storage.forTenant(tenantB).clients;
      for (let i = 0; i < 5; i++) await s.create(newClient({ name: `Page ${i}`, app_type: i % 2 ? 'spa' : 'native', is_first_party: i === 0 }));
      const all = await s.list({ page: 0, perPage: 100 });
      assert.equal(all.total, 6);
      const p1 = await s.list({ page: 1, perPage: 2 });
      assert.equal(p1.clients.length, 2);
      assert.equal(p1.total, 6);
      assert.deepEqual((await s.list({ page: 9, perPage: 2 })).clients, []);
      assert.equal((await s.list({ page: 0, perPage: 100, appTypes: ['spa'] })).total, 2);
      assert.equal((await s.list({ page: 0, perPage: 100, isFirstParty: true })).total, 1);
      assert.deepEqual(
        (await s.list({ page: 0, perPage: 100, search: 'PAGE 3' })).clients.map((c) => c.name),
        ['Page 3'],
      );
      assert.equal((await s.list({ page: 0, perPage: 100, search: '%' })).total, 0, 'LIKE wildcards are escaped');
      await s.create(newClient({ name: 'snake_case app' }));
      assert.deepEqual(
        (await s.list({ page: 0, perPage: 100, search: 'e_c' })).clients.map((c) => c.name),
        ['snake_case app'],
      );
      assert.equal((await s.list({ page: 0, perPage: 100, search: 'e_' })).total, 1, '_ matches only itself');
    });

    it('replaces and deletes clients', async () => {
      const s = storage.forTenant(tenantA).clients;
      const c = await s.create(newClient());
      assert.equal(await s.replace({ ...c, callbacks: ['https://new.example/cb'], client_secret: 'rotated' }), true);
      const again = (await s.findById(c.client_id))!;
      assert.deepEqual(again.callbacks, ['https://new.example/cb']);
      assert.equal(again.client_secret, 'rotated');
      assert.ok(again.updatedAt.getTime() >= c.updatedAt.getTime());
      assert.equal(await s.delete(c.client_id), true);
      assert.equal(await s.delete(c.client_id), false);
      assert.equal(await s.findById(c.client_id), undefined);
    });

    it('keeps resource server identifiers and client grants unique per tenant', async () => {
      const rsA = storage.forTenant(tenantA).resourceServers;
      const base = {
        name: 'API',
        identifier: 'https://api.example/',
        is_system: false,
        scopes: [{ value: 'read:x', description: 'Read x' }],
        signing_alg: 'RS256' as const,
        token_lifetime: 86400,
        token_lifetime_for_web: 7200,
        allow_offline_access: false,
        skip_consent_for_verifiable_first_party_clients: false,
      };
      const rs = await rsA.create({ id: newResourceServerId(), ...base });
      await assert.rejects(rsA.create({ id: newResourceServerId(), ...base }), DuplicateError);
      await storage.forTenant(tenantB).resourceServers.create({ id: newResourceServerId(), ...base });
      assert.deepEqual((await rsA.findByIdentifier('https://api.example/'))!.scopes, base.scopes);
      assert.equal((await rsA.findById(rs.id))!.identifier, 'https://api.example/');
      const grants = storage.forTenant(tenantA).clientGrants;
      await grants.create({ id: newClientGrantId(), client_id: 'c1', audience: rs.identifier, scope: ['read:x'] });
      await assert.rejects(grants.create({ id: newClientGrantId(), client_id: 'c1', audience: rs.identifier, scope: [] }), DuplicateError);
      assert.deepEqual((await grants.findFor('c1', rs.identifier, 'client'))!.scope, ['read:x']);
      assert.equal(await storage.forTenant(tenantB).clientGrants.findFor('c1', rs.identifier, 'client'), undefined);
      // One grant of each subject type: the user grant is a second row, found by its type.
      await grants.create({ id: newClientGrantId(), client_id: 'c1', audience: rs.identifier, scope: [], subject_type: 'user' });
      await assert.rejects(
        grants.create({ id: newClientGrantId(), client_id: 'c1', audience: rs.identifier, scope: [], subject_type: 'user' }),
        DuplicateError,
      );
      assert.equal((await grants.findFor('c1', rs.identifier, 'user'))!.subject_type, 'user');
      assert.equal((await grants.findFor('c1', rs.identifier, 'client'))!.subject_type, 'client');
      assert.deepEqual(
        (await grants.list({ subjectType: 'user' })).map((g) => g.subject_type),
        ['user'],
      );
      assert.equal(await grants.deleteForClient('c1'), 2);
    });

    it('stores users with unique, case-insensitive emails per tenant and no readable password', async () => {
      const users = storage.forTenant(tenantA).users;
      const u = await users.create({
        user_id: newUserId(),
        email: 'Ada@Example.com',
        email_verified: false,
        name: 'Ada',
        nickname: 'ada',
        blocked: false,
        connection: 'Username-Password-Authentication',
        user_metadata: {},
        app_metadata: {},
        passwordHash: '$argon2id$fake',
      });
      assert.equal(u.email, 'ada@example.com');
      assert.equal((await users.findByEmail('ADA@example.com'))!.user_id, u.user_id);
      assert.equal(await users.passwordHash(u.user_id), '$argon2id$fake');
      assert.equal(JSON.stringify(await users.findById(u.user_id)).includes('argon2'), false);
      await assert.rejects(users.create({ ...u, user_id: newUserId(), passwordHash: 'x' }), DuplicateError);
      assert.equal(await storage.forTenant(tenantB).users.findByEmail('ada@example.com'), undefined);
      await users.recordLogin(u.user_id, new Date());
      assert.equal((await users.findById(u.user_id))!.logins_count, 1);
    });

    it('rolls back everything a failed transaction wrote', async () => {
      const id = newTenantId();
      await assert.rejects(
        storage.transaction(async (tx) => {
          await tx.tenants.create({ id, name: 'half', domain: 'half.test', isDefault: false, settings: defaultTenantSettings('half') });
          await tx.forTenant(id).clients.create(newClient());
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await storage.tenants.findById(id), undefined);
      assert.equal((await storage.forTenant(id).clients.list({ page: 0, perPage: 10 })).total, 0);
    });

    it('seals signing keys bound to their row', async () => {
      const keys = storage.forTenant(tenantA).signingKeys;
      await keys.create({ kid: 'k1', alg: 'RS256', publicJwk: { kty: 'RSA' }, privateKeyPem: 'PRIVATE-PEM', status: 'current' });
      assert.equal((await keys.list())[0]!.privateKeyPem, 'PRIVATE-PEM');
      assert.ok(!JSON.stringify(await rawRows('signing_keys')).includes('PRIVATE-PEM'));
      assert.deepEqual(await storage.forTenant(tenantB).signingKeys.list(), []);
    });

    it('rotates signing keys atomically: one current and one next key, whatever runs at once; only previous keys revoke', async () => {
      const keys = storage.forTenant(tenantB).signingKeys;
      const key = (kid: string, status: 'current' | 'next') => ({
        kid,
        alg: 'RS256' as const,
        publicJwk: { kty: 'RSA', kid },
        privateKeyPem: `PEM-${kid}`,
        status,
      });
      assert.equal(await keys.rotate(key('r0', 'next'), new Date()), null, 'no next key: nothing to rotate to');
      await keys.create(key('c1', 'current'));
      const added = await Promise.all([keys.addNext(key('n1', 'next')), keys.addNext(key('n2', 'next'))]);
      assert.deepEqual(added.sort(), [false, true]);
      const nextKid = (await keys.list()).find((k) => k.status === 'next')!.kid;

      const at = new Date('2026-01-02T03:04:05Z');
      const rotations = await Promise.all(['r1', 'r2', 'r3'].map((kid) => keys.rotate(key(kid, 'next'), at)));
      assert.equal(rotations[0] !== null && new Set(rotations).size, 3, 'each rotation made a different key current');
      assert.ok(rotations.includes(nextKid));
      const listed = await keys.list();
      assert.equal(listed.filter((k) => k.status === 'current').length, 1);
      assert.equal(listed.filter((k) => k.status === 'next').length, 1);
      assert.equal(listed.filter((k) => k.status === 'previous').length, 3);
      const c1 = listed.find((k) => k.kid === 'c1')!;
      assert.equal(c1.status, 'previous');
      assert.deepEqual(c1.currentUntil, at);

      const current = listed.find((k) => k.status === 'current')!;
      const next = listed.find((k) => k.status === 'next')!;
      assert.equal(await keys.revoke(current.kid, at), 'current');
      assert.equal(await keys.revoke(next.kid, at), 'next');
      assert.equal(await keys.revoke('nope', at), 'not_found');
      assert.equal(await keys.revoke('c1', at), 'revoked');
      assert.equal(await keys.revoke('c1', at), 'already_revoked');
      const revoked = (await keys.list()).find((k) => k.kid === 'c1')!;
      assert.equal(revoked.status, 'revoked');
      assert.deepEqual(revoked.revokedAt, at);
      assert.ok((await keys.versions()).includes('c1:revoked'));
      assert.equal((await storage.forTenant(tenantA).signingKeys.list()).filter((k) => k.status === 'previous').length, 0);
    });

    it('appends and lists tenant logs newest first', async () => {
      const logs = storage.forTenant(tenantA).logs;
      await logs.append({ type: 't1', description: 'first', ip: '127.0.0.1', userAgent: 'ua', clientId: null, details: {} });
      await logs.append({ type: 't2', description: 'second', ip: null, userAgent: null, clientId: 'c', details: { x: 1 } });
      const all = await logs.list({ limit: 10 });
      assert.deepEqual(
        all.map((l) => l.description),
        ['second', 'first'],
      );
      assert.deepEqual(
        (await logs.list({ type: 't1', limit: 10 })).map((l) => l.description),
        ['first'],
      );
      assert.deepEqual(await storage.forTenant(tenantB).logs.list({ limit: 10 }), []);
    });

    it('commits concurrent registrations together, each with its audit entry, durably', async () => {
      const clients = storage.forTenant(tenantB).clients;
      const audit = (name: string) => ({ type: 'dcr_success', description: name, ip: '192.0.2.1', userAgent: 'ua', clientId: null, details: { name } });
      const taken = newClient({ name: 'Taken' });
      await clients.create(taken);
      const batch = Array.from({ length: 40 }, (_, i) => newClient({ name: `Batch ${i}` }));
      // One submission collides with an existing client: it alone fails, the rest land.
      const results = await Promise.allSettled([
        ...batch.map((c) => clients.createWithAudit(c, audit(c.name))),
        clients.createWithAudit({ ...taken, name: 'Dup' }, audit('Dup')),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 40);
      const refused = results.at(-1)!;
      assert.ok(refused.status === 'rejected' && refused.reason instanceof DuplicateError);
      // Read back through a separate connection: what resolved is on disk.
      const rows = await rawRows('clients');
      for (const c of batch)
        assert.ok(
          rows.some((r) => r.client_id === c.client_id && r.tenant_id === tenantB),
          `${c.name} missing`,
        );
      const logs = (await rawRows('tenant_logs')).filter((r) => r.type === 'dcr_success');
      assert.deepEqual(logs.map((r) => r.description).sort(), batch.map((c) => c.name).sort());
      assert.ok(!rows.some((r) => r.name === 'Dup'));
    });

    it('writes a registration inside a transaction with the transaction', async () => {
      const client = newClient({ name: 'Rolled back' });
      await assert.rejects(
        storage.transaction(async (tx) => {
          await tx
            .forTenant(tenantA)
            .clients.createWithAudit(client, { type: 'dcr_success', description: 'tx', ip: null, userAgent: null, clientId: null, details: {} });
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.equal(await storage.forTenant(tenantA).clients.findById(client.client_id), undefined);
    });

    it('serves cached clients, APIs and grants only until they change, here or in another instance', async () => {
      // A second instance on the same database (SQLite: the same file and key file).
      const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
      if (db) Object.assign(env, { DATABASE_URL: db.url, LATCHKEY_MASTER_KEY: masterKey! });
      const other = await openStorage(loadConfig(env));
      try {
        const mine = storage.forTenant(tenantA);
        const theirs = other.forTenant(tenantA);
        const client = await mine.clients.create(newClient({ name: 'Before' }));
        const api = await mine.resourceServers.create({
          id: newResourceServerId(),
          name: 'API',
          identifier: 'https://cached.example/',
          is_system: false,
          scopes: [],
          signing_alg: 'RS256',
          token_lifetime: 86400,
          token_lifetime_for_web: 7200,
          allow_offline_access: false,
          skip_consent_for_verifiable_first_party_clients: false,
        });
        const grant = await mine.clientGrants.create({ id: newClientGrantId(), client_id: client.client_id, audience: api.identifier, scope: ['a'] });
        // Cached here (a second read is the same frozen object).
        const first = (await mine.clients.findById(client.client_id))!;
        assert.equal(await mine.clients.findById(client.client_id), first);
        assert.ok(Object.isFrozen(first) && Object.isFrozen(first.callbacks));
        assert.equal((await mine.resourceServers.findByIdentifier(api.identifier))!.token_lifetime, 86400);
        assert.deepEqual((await mine.clientGrants.findFor(client.client_id, api.identifier, 'client'))!.scope, ['a']);

        // A change made here is seen at once.
        await mine.clients.replace({ ...first, name: 'Here' });
        assert.equal((await mine.clients.findById(client.client_id))!.name, 'Here');

        // Changes made by the other instance are seen once its commit is reported.
        await theirs.clients.replace({ ...(await theirs.clients.findById(client.client_id))!, name: 'There' });
        await theirs.resourceServers.replace({ ...(await theirs.resourceServers.findByIdentifier(api.identifier))!, token_lifetime: 60 });
        await theirs.clientGrants.replace({ ...grant, scope: ['a', 'b'] });
        await eventually(async () => (await mine.clients.findById(client.client_id))!.name === 'There');
        assert.equal((await mine.resourceServers.findByIdentifier(api.identifier))!.token_lifetime, 60);
        assert.deepEqual((await mine.clientGrants.findFor(client.client_id, api.identifier, 'client'))!.scope, ['a', 'b']);

        await theirs.clientGrants.delete(grant.id);
        await theirs.clients.delete(client.client_id);
        await eventually(async () => (await mine.clients.findById(client.client_id)) === undefined);
        assert.equal(await mine.clientGrants.findFor(client.client_id, api.identifier, 'client'), undefined);

        // A tenant setting changed by the other instance (the CLI, say) too.
        const before = storage.changes.generation();
        await other.tenants.updateSettings(tenantA, (s) => ({ ...s, friendly_name: 'Renamed' }));
        await eventually(async () => storage.changes.generation() !== before);
      } finally {
        await other.close();
      }
    });

    it('takes from a token bucket atomically, also when many takes arrive together', async () => {
      const buckets = storage.forTenant(tenantA).rateLimits;
      const decisions = await Promise.all(Array.from({ length: 20 }, () => buckets.take('contract:burst', 5, 0.001)));
      assert.equal(decisions.filter((d) => d.allowed).length, 5);
      for (const d of decisions.filter((x) => !x.allowed)) assert.ok(d.retryAfterSeconds >= 1);
      // Another tenant's bucket of the same name is its own; the taken tokens are on disk.
      assert.equal((await storage.forTenant(tenantB).rateLimits.take('contract:burst', 5, 0.001)).allowed, true);
      const row = (await rawRows('rate_limit_buckets')).find((r) => r.key === 'contract:burst' && r.tenant_id === tenantA)!;
      assert.ok(Number(row.tokens) < 1);
    });

    it('consumes an authorization code once, also when many exchanges of it and of others arrive together', async () => {
      const codes = storage.forTenant(tenantA).authorizationCodes;
      const now = new Date();
      const record = (expiresAt: Date) => ({
        clientId: 'c',
        userId: 'u',
        redirectUri: 'https://app.example/cb',
        redirectUriSent: true,
        scopes: ['openid'],
        audience: null,
        sid: 's',
        authTime: 1,
        familyId: 'f',
        expiresAt,
      });
      const later = new Date(now.getTime() + 60_000);
      await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => codes.create(`consume-${i}`, record(later))),
        codes.create('consume-expired', record(new Date(now.getTime() - 1000))),
        storage.forTenant(tenantB).authorizationCodes.create('consume-0', record(later)),
      ]);
      // Each code submitted three times in the same turn: exactly one use of each succeeds.
      const attempts = Array.from({ length: 10 }, (_, i) => `consume-${i}`).flatMap((c) => [c, c, c]);
      const used = await Promise.all(attempts.map((c) => codes.consume(c, now)));
      for (let i = 0; i < 10; i++) assert.equal(used.slice(i * 3, i * 3 + 3).filter(Boolean).length, 1, `consume-${i} used once`);
      assert.equal(await codes.consume('consume-expired', now), false);
      assert.equal(await codes.consume('missing', now), false);
      // Durable once answered, as read by another connection; the other tenant's code of the same name is untouched.
      const rows = (await rawRows('authorization_codes')).filter((r) => String(r.code_hash).startsWith('consume-'));
      assert.equal(rows.filter((r) => r.tenant_id === tenantA && r.consumed_at !== null).length, 10);
      assert.equal(rows.find((r) => r.tenant_id === tenantB)!.consumed_at, null);
      assert.equal(await storage.forTenant(tenantB).authorizationCodes.consume('consume-0', now), true);
    });

    it('answers ping', async () => {
      await storage.ping();
    });
  });
}
