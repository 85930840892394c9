import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dialects, startServer, freePort, freshPostgresDatabase, tempDir, type TestServer } from '../helpers/server.ts';

const run = promisify(execFile);

/** client_credentials for the Management API at `audience`, as a form POST. */
function managementTokenResponse(base: string, management: { client_id: string; client_secret: string }, audience: string): Promise<Response> {
  return fetch(`${base}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: management.client_id, client_secret: management.client_secret, audience }),
  });
}

async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
import { signJwt } from '../../src/oauth/tokens/jwt.ts';

for (const dialect of dialects()) {
  describe(`first start and restart (${dialect})`, () => {
    let server: TestServer;
    let dataDir: string;
    let db: { url: string; drop: () => Promise<void> } | undefined;

    before(async () => {
      dataDir = tempDir();
      if (dialect === 'postgres') db = await freshPostgresDatabase();
      server = await startServer({ dialect, dataDir, databaseUrl: db?.url });
    });
    after(async () => {
      await server.stop();
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('writes initial-credentials.json with mode 0600 and the exact shape', () => {
      const file = path.join(dataDir, 'initial-credentials.json');
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const creds = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.deepEqual(Object.keys(creds), ['tenant', 'domain', 'issuer', 'management', 'admin']);
      assert.deepEqual(Object.keys(creds.management), ['client_id', 'client_secret', 'audience']);
      assert.deepEqual(Object.keys(creds.admin), ['email', 'password']);
      assert.equal(creds.tenant, 'default');
      assert.equal(creds.domain, `localhost:${server.port}`);
      assert.equal(creds.issuer, `http://localhost:${server.port}/`);
      assert.equal(creds.management.audience, `http://localhost:${server.port}/api/v2/`);
      assert.match(creds.management.client_id, /^[A-Za-z0-9]{32}$/);
      assert.match(creds.management.client_secret, /^[A-Za-z0-9_-]{64}$/);
      assert.ok(creds.admin.password.length >= 20);
      assert.ok(server.latchkey.created, 'this start created the tenant');
    });

    it('publishes discovery with a trailing-slash issuer on both well-known paths', async () => {
      const oidc = await (await fetch(`${server.url}/.well-known/openid-configuration`)).json();
      const oauth = await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json();
      assert.equal(oidc.issuer, `http://localhost:${server.port}/`);
      assert.ok(oidc.issuer.endsWith('/'));
      assert.deepEqual(oauth, oidc);
      assert.equal(oidc.registration_endpoint, `http://localhost:${server.port}/oidc/register`);
      assert.equal(oidc.jwks_uri, `http://localhost:${server.port}/.well-known/jwks.json`);
      assert.ok(oidc.id_token_signing_alg_values_supported.includes('RS256'));
    });

    it('signs JWTs that verify against the published JWKS', async () => {
      const jwks = await (await fetch(`${server.url}/.well-known/jwks.json`)).json();
      assert.equal(jwks.keys.length, 2, 'the current key, then the next one');
      const [key] = jwks.keys;
      assert.deepEqual(Object.keys(key).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use', 'x5c', 'x5t']);
      assert.equal(key.kty, 'RSA');
      assert.equal(key.use, 'sig');
      assert.equal(key.alg, 'RS256');
      assert.equal(key.d, undefined, 'no private part');
      const tenantId = (await server.latchkey.services.storage.tenants.findDefault())!.id;
      const token = await signJwt(server.latchkey.services.keys, tenantId, { iss: server.credentials.issuer, sub: 'x', aud: 'y' });
      const { protectedHeader, payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`)), {
        issuer: server.credentials.issuer,
        audience: 'y',
      });
      assert.equal(protectedHeader.kid, key.kid);
      assert.equal(protectedHeader.alg, 'RS256');
      assert.equal(payload.sub, 'x');
    });

    it('a client_credentials token for the Management API verifies against the JWKS', async () => {
      const { management, issuer } = server.credentials;
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: management.client_id,
          client_secret: management.client_secret,
          audience: management.audience,
        }),
      });
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 86400);
      assert.ok(body.scope.split(' ').includes('update:tenant_settings'));
      const { payload } = await jwtVerify(body.access_token, createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`)), {
        issuer,
        audience: management.audience,
      });
      assert.equal(payload.sub, `${management.client_id}@clients`);
      assert.equal(payload.gty, 'client-credentials');
      assert.equal(payload.azp, management.client_id);
    });

    it('a restart keeps the tenant, its keys and its clients, and creates nothing new', async () => {
      const before = await (await fetch(`${server.url}/.well-known/jwks.json`)).json();
      const credsBefore = fs.readFileSync(path.join(dataDir, 'initial-credentials.json'), 'utf8');
      await server.stop();
      server = await startServer({
        dialect,
        dataDir,
        databaseUrl: db?.url,
        env: { PUBLIC_URL: `http://localhost:${server.port}`, LATCHKEY_MASTER_KEY: server.env.LATCHKEY_MASTER_KEY ?? '' },
      });
      assert.equal(server.latchkey.created, null);
      assert.equal(fs.readFileSync(path.join(dataDir, 'initial-credentials.json'), 'utf8'), credsBefore);
      const tenants = await server.latchkey.services.storage.tenants.list();
      assert.equal(tenants.length, 1);
      const after = await (await fetch(`${server.url}/.well-known/jwks.json`)).json();
      assert.deepEqual(after, before);
      // The management client still authenticates with the first start's secret.
      const { management } = JSON.parse(credsBefore);
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: management.client_id,
          client_secret: management.client_secret,
          audience: management.audience,
        }),
      });
      assert.equal(res.status, 200);
    });

    it('refuses to start with another PUBLIC_URL, in one line, and changes nothing', async () => {
      const env = { DATA_DIR: dataDir, PORT: String(server.port + 1), DATABASE_URL: db?.url ?? '', LATCHKEY_MASTER_KEY: server.env.LATCHKEY_MASTER_KEY ?? '' };
      const home = new URL(server.credentials.issuer);
      for (const publicUrl of ['', 'http://localhost:1', `https://${home.host}`]) {
        const res = await run(process.execPath, ['bin/latchkey.js', 'serve'], { env: { ...process.env, ...env, PUBLIC_URL: publicUrl } }).then(
          () => assert.fail('the server started'),
          (e: { code: number; stderr: string }) => e,
        );
        assert.equal(res.code, 2);
        const lines = res.stderr.trim().split('\n');
        assert.equal(lines.length, 1, res.stderr);
        assert.match(lines[0]!, /^latchkey: configuration error: PUBLIC_URL: is http/);
        assert.ok(lines[0]!.includes(`lives at ${server.credentials.issuer.replace(/\/$/, '')};`), lines[0]);
        assert.ok(lines[0]!.includes('latchkey tenant set-domain --name default --domain '), lines[0]);
      }
      // The running instance still serves the documented audience.
      const { management } = server.credentials;
      assert.equal((await managementTokenResponse(server.url, management, management.audience)).status, 200);
    });

    it('tenant set-domain moves the default tenant on purpose; running instances follow, restarts need the new PUBLIC_URL', async () => {
      const { management } = server.credentials;
      const newPort = String(await freePort());
      const moved = await run(process.execPath, ['bin/latchkey.js', 'tenant', 'set-domain', '--name', 'default', '--domain', `127.0.0.1:${newPort}`], {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: db?.url ?? '', LATCHKEY_MASTER_KEY: server.env.LATCHKEY_MASTER_KEY ?? '' },
      });
      assert.match(moved.stdout, new RegExp(`PUBLIC_URL=http://127\\.0\\.0\\.1:${newPort}`));
      const newIssuer = `http://127.0.0.1:${newPort}/`;
      // The running instance (started with the old PUBLIC_URL) follows the stored domain at once.
      await waitFor(async () => (await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()).issuer === newIssuer);
      const token = (base: string, audience: string) => managementTokenResponse(base, management, audience);
      assert.equal((await token(server.url, `${newIssuer}api/v2/`)).status, 200);
      assert.equal(JSON.parse(fs.readFileSync(path.join(dataDir, 'initial-credentials.json'), 'utf8')).management.audience, `${newIssuer}api/v2/`);
      await server.stop();
      server = await startServer({
        dialect,
        dataDir,
        databaseUrl: db?.url,
        port: Number(newPort),
        env: { PUBLIC_URL: `http://127.0.0.1:${newPort}`, LATCHKEY_MASTER_KEY: server.env.LATCHKEY_MASTER_KEY ?? '' },
      });
      assert.equal((await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()).issuer, newIssuer);
      const res = await token(server.url, `${newIssuer}api/v2/`);
      assert.equal(res.status, 200, await res.clone().text());
      const { access_token } = await res.json();
      const settings = await fetch(`${server.url}/api/v2/tenants/settings`, { headers: { authorization: `Bearer ${access_token}` } });
      assert.equal(settings.status, 200);
    });
  });
}
