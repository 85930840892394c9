import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { request } from '../helpers/http.ts';
import { provisionTenant } from '../../src/services/provisioning.ts';

const run = promisify(execFile);

for (const dialect of dialects()) {
  describe(`tenants routed by Host (${dialect})`, () => {
    let server: TestServer;
    let domainB: string;

    before(async () => {
      server = await startServer({ dialect });
      domainB = `tenant-b.test:${server.port}`;
      await provisionTenant(server.latchkey.services.storage, {
        name: 'tenant-b',
        domain: domainB,
        isDefault: false,
        publicUrl: `http://localhost:${server.port}`,
      });
    });
    after(() => server.close());

    const discovery = (host: string) => request(`${server.url}/.well-known/openid-configuration`, { headers: { host } }).then((r) => r.json());
    const jwks = (host: string) => request(`${server.url}/.well-known/jwks.json`, { headers: { host } }).then((r) => r.json());

    it('gives each tenant its own issuer and keys', async () => {
      const a = await discovery(`localhost:${server.port}`);
      const b = await discovery(domainB);
      assert.equal(a.issuer, `http://localhost:${server.port}/`);
      assert.equal(b.issuer, `http://${domainB}/`);
      assert.equal(b.registration_endpoint, `http://${domainB}/oidc/register`);
      const [ka, kb] = [await jwks(`localhost:${server.port}`), await jwks(domainB)];
      assert.notEqual(ka.keys[0].kid, kb.keys[0].kid);
    });

    it('sends an unknown Host to the default tenant', async () => {
      assert.equal((await discovery('nobody.example:1')).issuer, `http://localhost:${server.port}/`);
      assert.equal((await discovery(`127.0.0.1:${server.port}`)).issuer, `http://localhost:${server.port}/`);
    });

    it('never takes the issuer from the Host header', async () => {
      const doc = await discovery('evil.example');
      assert.ok(!JSON.stringify(doc).includes('evil.example'));
    });

    it("a token of one tenant does not verify with the other tenant's keys", async () => {
      const tenantB = (await server.latchkey.services.storage.tenants.findByName('tenant-b'))!;
      const { signJwt } = await import('../../src/oauth/tokens/jwt.ts');
      const token = await signJwt(server.latchkey.services.keys, tenantB.id, { sub: 'x' });
      await assert.rejects(jwtVerify(token, createLocalJWKSet(await jwks(`localhost:${server.port}`))));
      await jwtVerify(token, createLocalJWKSet(await jwks(domainB)));
    });
  });
}

describe('latchkey tenant CLI', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ dialect: 'sqlite' });
  });
  after(() => server.close());
  const cli = (...args: string[]) => run(process.execPath, ['bin/latchkey.js', ...args], { env: { ...process.env, ...server.env, DATABASE_URL: '' } });

  it('creates a tenant while the server runs, prints the credentials shape, and the server routes it', async () => {
    const { stdout } = await cli('tenant', 'create', '--name', 'acme', '--domain', `acme.test:${server.port}`, '--json');
    const creds = JSON.parse(stdout);
    assert.deepEqual(Object.keys(creds), ['tenant', 'domain', 'issuer', 'management', 'admin']);
    assert.equal(creds.issuer, `http://acme.test:${server.port}/`);
    assert.equal(creds.management.audience, `http://acme.test:${server.port}/api/v2/`);
    server.latchkey.services.tenants.forget();
    const doc = (await request(`${server.url}/.well-known/openid-configuration`, { headers: { host: `acme.test:${server.port}` } })).json();
    assert.equal(doc.issuer, creds.issuer);
    const token = await request(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { host: `acme.test:${server.port}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: creds.management.client_id,
        client_secret: creds.management.client_secret,
        audience: creds.management.audience,
      }),
    });
    assert.equal(token.status, 200);
  });

  it('lists tenants', async () => {
    const { stdout } = await cli('tenant', 'list', '--json');
    const names = JSON.parse(stdout).map((t: { name: string }) => t.name);
    assert.deepEqual(names, ['default', 'acme']);
  });

  it('refuses a duplicate name or domain and bad arguments with one line', async () => {
    await assert.rejects(
      cli('tenant', 'create', '--name', 'acme', '--domain', 'other.test'),
      (e: any) => e.code === 1 && /already exists/.test(e.stderr) && e.stderr.trim().split('\n').length === 1,
    );
    await assert.rejects(cli('tenant', 'create', '--name', 'Bad Name', '--domain', 'x.test'), (e: any) => e.code === 2 && /--name/.test(e.stderr));
    await assert.rejects(cli('tenant', 'create', '--name', 'ok', '--domain', 'http://x'), (e: any) => e.code === 2 && /--domain/.test(e.stderr));
    await assert.rejects(cli('tenant', 'bogus'), (e: any) => e.code === 2);
  });

  it('changes settings with --set and validates keys and values', async () => {
    const { stdout } = await cli('tenant', 'settings', '--name', 'acme', '--set', 'flags.enable_dynamic_client_registration=true');
    assert.equal(JSON.parse(stdout).flags.enable_dynamic_client_registration, true);
    await assert.rejects(cli('tenant', 'settings', '--name', 'acme', '--set', 'flags.nope=true'), (e: any) => /unknown setting "flags.nope"/.test(e.stderr));
    await assert.rejects(cli('tenant', 'settings', '--name', 'acme', '--set', 'flags.enable_sso=yes'), (e: any) => /true or false/.test(e.stderr));
  });

  it('prints help for each command', async () => {
    assert.match((await cli('--help')).stdout, /latchkey <command>/);
    assert.match((await cli('serve', '--help')).stdout, /initial-credentials.json/);
    assert.match((await cli('tenant', '--help')).stdout, /tenant create --name NAME --domain HOST\[:PORT\]/);
  });
});
