// The document's call: a client_credentials token with update:tenant_settings turns dynamic
// client registration on and off through PATCH /api/v2/tenants/settings; the CLI uses the same service.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { runCli } from '../../src/cli/index.ts';
import { request, managementToken } from './helpers.ts';

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();

for (const dialect of dialects()) {
  describe(`tenant settings (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server?.close());

    test('client_credentials: form + post, JSON + Basic; token claims as Auth0', async () => {
      const c = server.credentials.management;
      const viaForm = await request(server, 'POST', '/oauth/token', {
        raw: form({ grant_type: 'client_credentials', client_id: c.client_id, client_secret: c.client_secret, audience: c.audience }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(viaForm.status, 200, viaForm.text);
      assert.equal(viaForm.json.token_type, 'Bearer');
      assert.equal(viaForm.json.expires_in, 86400);
      assert.ok(viaForm.json.scope.split(' ').includes('update:tenant_settings'));

      const basic = Buffer.from(`${encodeURIComponent(c.client_id)}:${encodeURIComponent(c.client_secret)}`).toString('base64');
      const viaBasic = await request(server, 'POST', '/oauth/token', {
        body: { grant_type: 'client_credentials', audience: c.audience, scope: 'read:tenant_settings update:tenant_settings' },
        headers: { authorization: `Basic ${basic}` },
      });
      assert.equal(viaBasic.status, 200, viaBasic.text);
      assert.equal(viaBasic.json.scope, 'read:tenant_settings update:tenant_settings');
      const claims = decodeJwt(viaBasic.json.access_token);
      assert.equal(decodeProtectedHeader(viaBasic.json.access_token).alg, 'RS256');
      assert.equal(claims.iss, server.credentials.issuer);
      assert.equal(claims.aud, c.audience);
      assert.equal(claims.sub, `${c.client_id}@clients`);
      assert.equal(claims.gty, 'client-credentials');
      assert.equal(claims.azp, c.client_id);
      assert.equal(claims.exp! - claims.iat!, 86400);
      assert.equal(typeof claims.jti, 'string');
    });

    test('token endpoint errors as issue 4 lists them', async () => {
      const c = server.credentials.management;
      const unknownAud = await request(server, 'POST', '/oauth/token', {
        body: { grant_type: 'client_credentials', client_id: c.client_id, client_secret: c.client_secret, audience: 'https://nope.example/' },
      });
      assert.equal(unknownAud.status, 403);
      assert.deepEqual(unknownAud.json, { error: 'access_denied', error_description: 'Service not enabled within domain: https://nope.example/' });
      const badSecret = await request(server, 'POST', '/oauth/token', {
        body: { grant_type: 'client_credentials', client_id: c.client_id, client_secret: 'wrong', audience: c.audience },
      });
      assert.equal(badSecret.status, 401);
      assert.equal(badSecret.json.error, 'invalid_client');
      const badGrant = await request(server, 'POST', '/oauth/token', {
        body: { grant_type: 'urn:nope', client_id: c.client_id, client_secret: c.client_secret },
      });
      assert.equal(badGrant.status, 400);
      assert.equal(badGrant.json.error, 'unsupported_grant_type');
    });

    test('PATCH flags on, GET shows it, PATCH off; other keys untouched', async () => {
      const token = await managementToken(server, server.credentials.management, { scope: 'read:tenant_settings update:tenant_settings' });
      const before = await request(server, 'GET', '/api/v2/tenants/settings', { token });
      assert.equal(before.status, 200);
      assert.equal(before.json.flags.enable_dynamic_client_registration, false);

      const on = await request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { flags: { enable_dynamic_client_registration: true } } });
      assert.equal(on.status, 200, on.text);
      assert.equal(on.json.flags.enable_dynamic_client_registration, true);
      assert.deepEqual({ ...on.json, flags: before.json.flags }, before.json, 'only the flag changed');
      assert.deepEqual(
        Object.entries(on.json.flags).filter(([, v]) => v === true),
        [['enable_dynamic_client_registration', true]],
      );

      const got = await request(server, 'GET', '/api/v2/tenants/settings', { token });
      assert.equal(got.json.flags.enable_dynamic_client_registration, true);

      // The flag takes effect at once: POST /oidc/register answers 201, and the client is
      // managed here as a third-party application (auth0-behaviour checklist 7, 10).
      const registered = await request(server, 'POST', '/oidc/register', { body: { client_name: 'Registered', redirect_uris: ['https://rp.example.com/cb'] } });
      assert.equal(registered.status, 201, registered.text);
      const admin = await managementToken(server, server.credentials.management);
      const managed = await request(server, 'GET', `/api/v2/clients/${registered.json.client_id}`, { token: admin });
      assert.equal(managed.status, 200);
      assert.equal(managed.json.name, 'Registered');
      assert.equal(managed.json.is_first_party, false);
      assert.deepEqual(managed.json.callbacks, ['https://rp.example.com/cb']);
      assert.equal(managed.json.dynamically_registered, true);
      assert.equal(typeof managed.json.registered_at, 'string');
      const thirdParty = await request(server, 'GET', '/api/v2/clients?is_first_party=false', { token: admin });
      assert.deepEqual(
        thirdParty.json.map((c: { client_id: string }) => c.client_id),
        [registered.json.client_id],
      );

      const renamed = await request(server, 'PATCH', '/api/v2/tenants/settings', {
        token,
        body: { friendly_name: 'Acme', registration_rate_limits: { per_ip_burst: 3 } },
      });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.json.friendly_name, 'Acme');
      assert.equal(renamed.json.flags.enable_dynamic_client_registration, true, 'flags survive a PATCH without flags');
      assert.deepEqual(renamed.json.registration_rate_limits, { ...before.json.registration_rate_limits, per_ip_burst: 3 });

      const off = await request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { flags: { enable_dynamic_client_registration: false } } });
      assert.equal(off.json.flags.enable_dynamic_client_registration, false);
      assert.equal((await request(server, 'GET', '/api/v2/tenants/settings?fields=flags', { token })).json.flags.enable_dynamic_client_registration, false);
      const refused = await request(server, 'POST', '/oidc/register', { body: { client_name: 'Late', redirect_uris: ['https://rp.example.com/cb'] } });
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.json, { statusCode: 400, error: 'Bad Request', message: 'dynamic client registration is disabled' });
    });

    test('unknown flag and empty flags: Auth0 texts', async () => {
      const token = await managementToken(server, server.credentials.management);
      const unknown = await request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { flags: { enable_time_travel: true } } });
      assert.equal(unknown.status, 400);
      assert.deepEqual(unknown.json, {
        statusCode: 400,
        error: 'Bad Request',
        message:
          "Payload validation error: 'Additional properties not allowed: enable_time_travel' on property flags (Flags used to change the behavior of this tenant).",
        errorCode: 'invalid_body',
      });
      const empty = await request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { flags: {} } });
      assert.equal(empty.status, 400);
      assert.equal(
        empty.json.message,
        "Payload validation error: 'Too few properties defined (0), minimum 1' on property flags (Flags used to change the behavior of this tenant).",
      );
      assert.equal(empty.json.errorCode, 'invalid_body');
    });

    test('CLI --set/--get goes through the same validation and merge', async () => {
      const saved = { ...process.env };
      delete process.env.DATABASE_URL;
      delete process.env.LATCHKEY_MASTER_KEY;
      Object.assign(process.env, server.env);
      const sink = () => {
        let text = '';
        return { stream: new Writable({ write: (c, _e, cb) => ((text += String(c)), cb()) }) as never, text: () => text };
      };
      try {
        const out = sink();
        assert.equal(
          await runCli(
            ['tenant', 'settings', '--name', 'default', '--set', 'flags.enable_sso=true', '--set', 'enabled_locales=en,fr'],
            out.stream,
            sink().stream,
          ),
          0,
        );
        assert.equal(JSON.parse(out.text()).flags.enable_sso, true);
        const err = sink();
        assert.equal(await runCli(['tenant', 'settings', '--name', 'default', '--set', 'session_lifetime=0'], sink().stream, err.stream), 2);
        assert.match(err.text(), /Payload validation error: 'Value 0 is less than minimum 1' on property session_lifetime/);
        const unknown = sink();
        assert.equal(await runCli(['tenant', 'settings', '--name', 'default', '--set', 'flags.bogus=true'], sink().stream, unknown.stream), 2);
        assert.match(unknown.text(), /unknown setting "flags.bogus"/);
        const got = sink();
        assert.equal(await runCli(['tenant', 'settings', '--name', 'default', '--get'], got.stream, sink().stream), 0);
        assert.deepEqual(JSON.parse(got.text()).enabled_locales, ['en', 'fr']);
      } finally {
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
      }
      const token = await managementToken(server, server.credentials.management);
      const api = await request(server, 'GET', '/api/v2/tenants/settings', { token });
      assert.equal(api.json.flags.enable_sso, true);
      assert.deepEqual(api.json.enabled_locales, ['en', 'fr']);
    });
  });
}
