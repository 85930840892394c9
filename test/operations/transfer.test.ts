// `latchkey export` / `latchkey import`: SQLite -> PostgreSQL -> SQLite (SQLite -> SQLite when
// no PostgreSQL is configured). After each hop a server process on the imported store (same
// master key, same PUBLIC_URL) must serve what the first one did: the Management API with the
// same credentials, the same clients, the same signing key, a user's sign-in with
// authorization code + PKCE, and a refresh token issued before the move.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import * as oidc from 'openid-client';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { dialects, freePort, freshPostgresDatabase, initialCredentials, tempDir } from '../helpers/server.ts';
import { startProcess, type ServerProcess } from '../helpers/process.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';
import { register } from '../registration/support.ts';
import { allClientIds, cliOk, cliRefuses, managementApi, stop } from './support.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const API = 'https://contacts.example.com/';
const USER = { email: 'ada@example.com', password: 'correct horse battery' };

interface Before {
  clientIds: string[];
  /** the signing key (the JWKS's first) */
  kid: string;
  /** every published key: the current and the next one */
  kids: string[];
  client: { client_id: string; client_secret: string };
  refreshToken: string;
}

/** Signs the user in through /authorize with a fresh browser; returns the verified tokens. */
async function signIn(url: string, client: Before['client'], kid: string) {
  const config = await oidc.discovery(new URL(url), client.client_id, undefined, oidc.ClientSecretPost(client.client_secret), {
    execute: [oidc.allowInsecureRequests],
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const authorize = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'openid email offline_access read:contacts',
    audience: API,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const hop = await authorizeThrough(new UserAgent(), url, authorize.href, { ...USER, consent: 'accept' });
  assert.ok(hop.location?.startsWith(`${REDIRECT}?`), `${hop.status} ${hop.location} ${hop.body.slice(0, 200)}`);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(hop.location!), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  const jwks = createLocalJWKSet(await (await fetch(`${url}/.well-known/jwks.json`)).json());
  for (const jwt of [tokens.access_token, tokens.id_token!]) {
    assert.equal(decodeProtectedHeader(jwt).kid, kid);
    await jwtVerify(jwt, jwks, { issuer: `${url}/` });
  }
  assert.equal(tokens.claims()!.email, USER.email);
  return { config, tokens };
}

/** What must survive a move: checked on the server a hop ends with. Returns the rotated refresh token. */
async function checkServes(p: ServerProcess, port: number, management: Parameters<typeof managementApi>[1], before: Before): Promise<string> {
  const api = await managementApi(port, management);
  assert.deepEqual(await allClientIds(api), before.clientIds);
  const { keys } = await (await fetch(`${p.url}/.well-known/jwks.json`)).json();
  assert.deepEqual(
    keys.map((k: { kid: string }) => k.kid),
    before.kids,
  );
  const { config } = await signIn(p.url, before.client, before.kid);
  // Offline access goes on: the refresh token issued before the move still works (and rotates).
  const refreshed = await oidc.refreshTokenGrant(config, before.refreshToken);
  assert.ok(refreshed.refresh_token && refreshed.refresh_token !== before.refreshToken);
  return refreshed.refresh_token;
}

async function pgCount(url: string, query: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query(query)).rows[0].n);
  } finally {
    await c.end();
  }
}

describe('latchkey export and import', () => {
  it(`moves a store ${dialects().includes('postgres') ? 'SQLite -> PostgreSQL -> SQLite' : 'SQLite -> SQLite (no DATABASE_URL: PostgreSQL hops skipped)'}`, async () => {
    const root = tempDir('latchkey-transfer-');
    const port = await freePort();
    const base = { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, LATCHKEY_RATE_LIMITS: 'off', LOG_LEVEL: 'warn' };
    const source = { ...base, DATA_DIR: path.join(root, 'source') };
    const drops: Array<() => Promise<void>> = [];
    let server: ServerProcess | undefined;
    try {
      // The source: a registered app, an API with offline access, a user who signed in once.
      server = await startProcess(source);
      const { management } = initialCredentials(source.DATA_DIR);
      const api = await managementApi(port, management);
      await cliOk(source, 'tenant', 'settings', '--name', 'default', '--set', 'flags.enable_dynamic_client_registration=true');
      const reg = await register(server.url, { client_name: 'Contacts Viewer', redirect_uris: [REDIRECT] });
      assert.equal(reg.status, 201, reg.text);
      for (let i = 0; i < 3; i++)
        assert.equal((await register(server.url, { client_name: `Other ${i}`, redirect_uris: ['https://app.example/cb'] })).status, 201);
      await api('POST', '/api/v2/resource-servers', {
        name: 'Contacts',
        identifier: API,
        scopes: [{ value: 'read:contacts', description: 'Read contacts' }],
        allow_offline_access: true,
      });
      await api('POST', '/api/v2/users', { email: USER.email, password: USER.password, connection: 'Username-Password-Authentication' });
      const kids = ((await (await fetch(`${server.url}/.well-known/jwks.json`)).json()).keys as { kid: string }[]).map((k) => k.kid);
      const kid = kids[0]!;
      const client = { client_id: reg.body.client_id, client_secret: reg.body.client_secret };
      const first = await signIn(server.url, client, kid);
      const before: Before = { clientIds: await allClientIds(api), kid, kids, client, refreshToken: first.tokens.refresh_token! };

      // Exported while the server runs: one consistent snapshot.
      const exported = path.join(root, 'source.jsonl');
      assert.match(await cliOk(source, 'export', '--out', exported), /exported \d+ rows in [\d.]+ s .*clients 5.*users 1.*refresh_tokens 1/);
      assert.equal(fs.statSync(exported).mode & 0o777, 0o600);
      await stop(server);
      server = undefined;
      const masterKey = fs.readFileSync(path.join(source.DATA_DIR, 'master.key'), 'utf8').trim();

      let file = exported;
      if (dialects().includes('postgres')) {
        const db = await freshPostgresDatabase();
        drops.push(db.drop);
        const target = { ...base, DATA_DIR: path.join(root, 'pg-data'), DATABASE_URL: db.url, LATCHKEY_MASTER_KEY: masterKey };
        assert.match(await cliOk(target, 'import', '--from', file), /imported \d+ rows in [\d.]+ s into PostgreSQL/);
        // The migrations' change-notification triggers came with the import.
        assert.equal(await pgCount(db.url, `select count(*) as n from pg_trigger where tgname like '%_changed' and not tgisinternal`), 5);
        await cliRefuses(target, /already holds data/, 'import', '--from', file);
        server = await startProcess(target);
        before.refreshToken = await checkServes(server, port, management, before);
        file = path.join(root, 'postgres.jsonl');
        await cliOk(target, 'export', '--out', file);
        await stop(server);
        server = undefined;
      }

      // Back to SQLite, in an empty DATA_DIR holding the source's master.key.
      const back = { ...base, DATA_DIR: path.join(root, 'back') };
      fs.mkdirSync(back.DATA_DIR, { mode: 0o700 });
      fs.writeFileSync(path.join(back.DATA_DIR, 'master.key'), masterKey + '\n', { mode: 0o600 });
      await cliOk(back, 'import', '--from', file);
      assert.equal(fs.statSync(path.join(back.DATA_DIR, 'latchkey.sqlite')).mode & 0o777, 0o600);
      assert.deepEqual(fs.readdirSync(back.DATA_DIR).sort(), ['latchkey.sqlite', 'master.key'], 'no temporary files left');
      await cliRefuses(back, /already holds data/, 'import', '--from', file);
      server = await startProcess(back);
      await checkServes(server, port, management, before);
    } finally {
      await stop(server);
      for (const drop of drops) await drop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a truncated or foreign file and a wrong master key, and leaves the target empty', async () => {
    const root = tempDir('latchkey-transfer-');
    const port = await freePort();
    const source = { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', DATA_DIR: path.join(root, 'source') };
    const drops: Array<() => Promise<void>> = [];
    try {
      await stop(await startProcess(source));
      const good = path.join(root, 'good.jsonl');
      await cliOk(source, 'export', '--out', good);
      await cliRefuses(source, /exists; pass --force/, 'export', '--out', good);
      const lines = fs.readFileSync(good, 'utf8').split('\n');
      const truncated = path.join(root, 'truncated.jsonl');
      fs.writeFileSync(truncated, lines.slice(0, -3).join('\n') + '\n'); // trailer and a row gone
      const cut = path.join(root, 'cut.jsonl');
      fs.writeFileSync(cut, fs.readFileSync(good).subarray(0, Math.floor(fs.statSync(good).size / 2))); // mid-line
      const future = path.join(root, 'future.jsonl');
      fs.writeFileSync(future, [JSON.stringify({ ...JSON.parse(lines[0]!), version: 99 }), ...lines.slice(1)].join('\n'));
      const foreign = path.join(root, 'foreign.jsonl');
      fs.writeFileSync(foreign, '{"hello":"world"}\n');
      const masterKey = fs.readFileSync(path.join(source.DATA_DIR, 'master.key'), 'utf8').trim();

      const targets: Array<{ env: Record<string, string>; empty: () => Promise<boolean> }> = [];
      const dir = path.join(root, 'empty');
      targets.push({
        env: { ...source, DATA_DIR: dir },
        empty: async () => !fs.existsSync(path.join(dir, 'latchkey.sqlite')) && fs.readdirSync(dir).length === 0,
      });
      if (dialects().includes('postgres')) {
        const db = await freshPostgresDatabase();
        drops.push(db.drop);
        const env = { ...source, DATA_DIR: path.join(root, 'pg'), DATABASE_URL: db.url, LATCHKEY_MASTER_KEY: masterKey };
        const rows = `select (select count(*) from tenants) + (select count(*) from clients) + (select count(*) from signing_keys) as n`;
        targets.push({ env, empty: async () => (await pgCount(db.url, rows)) === 0 });
      }
      for (const { env, empty } of targets) {
        await cliRefuses(env, /truncated/, 'import', '--from', truncated);
        assert.ok(await empty());
        await cliRefuses(env, /not a JSON object|truncated/, 'import', '--from', cut);
        assert.ok(await empty());
        await cliRefuses(env, /version 99 is not supported/, 'import', '--from', future);
        await cliRefuses(env, /not a Latchkey export/, 'import', '--from', foreign);
        await cliRefuses({ ...env, LATCHKEY_MASTER_KEY: Buffer.alloc(32, 9).toString('base64') }, /master key .* does not open/, 'import', '--from', good);
        assert.ok(await empty());
        // After all that, the good file goes in.
        await cliOk({ ...env, LATCHKEY_MASTER_KEY: masterKey }, 'import', '--from', good);
        assert.equal(await empty(), false);
      }
    } finally {
      for (const drop of drops) await drop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
