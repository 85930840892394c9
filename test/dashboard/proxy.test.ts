// The dashboard over HTTP on both stores: sign-in and its refusals, and every change made
// through its forms landing (or not) as the Management API reports it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { managementToken, request, secondTenant } from '../management/helpers.ts';
import { hashToken } from '../../src/crypto.ts';
import { Browserless, textOf } from './support.ts';

for (const dialect of dialects()) {
  describe(`dashboard over the Management API (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    let owner: Browserless;
    const api = (method: string, path: string, body?: unknown) =>
      request(server, method, `/api/v2${path}`, { token, host: new URL(server.url).host, ...(body !== undefined ? { body } : {}) });

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      token = await managementToken(server, server.credentials.management, { host: new URL(server.url).host });
      owner = new Browserless(server);
    });
    after(() => server?.close());

    test('sign-in refusals: wrong password, missing CSRF token, repeated failures', async () => {
      const b = new Browserless(server);
      const wrong = await b.signIn(server.credentials.admin.email, 'nope');
      assert.equal(wrong.status, 400);
      assert.equal(textOf(wrong.text, 'signin-error'), 'Wrong email or password.');
      const unknown = await b.signIn('nobody@example.com', 'nope');
      assert.equal(textOf(unknown.text, 'signin-error'), 'Wrong email or password.');

      const forged = await b.post('/dashboard/login', { email: server.credentials.admin.email, password: server.credentials.admin.password }, { csrf: false });
      assert.equal(forged.status, 403);
      assert.match(forged.text, /<h1>This form has expired<\/h1>/);
      assert.equal(b.jar.has('latchkey_dashboard'), false);

      const attacker = new Browserless(server);
      for (let i = 0; i < 9; i++) assert.equal((await attacker.signIn('victim@example.com', `guess-${i}`)).status, 400);
      const blocked = await attacker.signIn('victim@example.com', 'guess-9');
      assert.equal(blocked.status, 429);
      assert.match(textOf(blocked.text, 'signin-error')!, /^Too many failed sign-in attempts\./);
    });

    test('sign-in opens the first tenant; the session cookie is HttpOnly, SameSite and store-backed', async () => {
      await owner.get('/dashboard/login');
      const res = await fetch(`${server.url}/dashboard/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...owner.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
        body: new URLSearchParams({
          csrf: owner.csrf,
          email: server.credentials.admin.email,
          password: server.credentials.admin.password,
          return_to: '/dashboard/default/users',
        }),
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/dashboard/default/users');
      const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('latchkey_dashboard='))!;
      assert.match(setCookie, /; HttpOnly/);
      assert.match(setCookie, /; SameSite=Lax/);
      assert.match(setCookie, /; Max-Age=43200/);
      const value = /^latchkey_dashboard=([^;]+)/.exec(setCookie)![1]!;
      owner.jar.set('latchkey_dashboard', value);
      assert.ok(await server.latchkey.services.storage.operatorSessions.findActive(hashToken(value), new Date()));
      assert.equal((await owner.get('/dashboard')).location, '/dashboard/default/activity');
    });

    test('Settings > Advanced saves through PATCH /tenants/settings, all or nothing', async () => {
      const saved = await owner.post('/dashboard/default/settings/advanced', {
        enable_dynamic_client_registration: 'on',
        dynamic_client_registration_security_mode: 'strict',
        per_ip_burst: '20',
        per_ip_per_second: '0.5',
        per_tenant_burst: '200',
        per_tenant_per_second: '25',
      });
      assert.equal(saved.status, 303);
      assert.equal(saved.location, '/dashboard/default/settings/advanced?notice=saved');
      const after = (await api('GET', '/tenants/settings')).json;
      assert.equal(after.flags.enable_dynamic_client_registration, true);
      assert.equal(after.dynamic_client_registration_security_mode, 'strict');
      assert.deepEqual(after.registration_rate_limits, { per_ip_burst: 20, per_ip_per_second: 0.5, per_tenant_burst: 200, per_tenant_per_second: 25 });

      // The switch off and a bad number in one form: refused, and the switch stays on.
      const refused = await owner.post('/dashboard/default/settings/advanced', {
        dynamic_client_registration_security_mode: 'permissive',
        per_ip_burst: '1.5',
        per_ip_per_second: '1',
        per_tenant_burst: '100',
        per_tenant_per_second: '50',
      });
      assert.equal(refused.status, 400);
      assert.equal(textOf(refused.text, 'per_ip_burst-error'), 'Enter a whole number.');
      assert.equal(textOf(refused.text, 'form-error'), 'Nothing was saved. Fix the field marked below and save again. Go to the field');
      const unchanged = (await api('GET', '/tenants/settings')).json;
      assert.deepEqual(unchanged, after);

      // The registration policy: limits and lists as typed; empty means no restriction; a bad value is refused inline.
      const advanced = await owner.get('/dashboard/default/settings/advanced');
      assert.match(advanced.text, /id="policy_max_clients"[^>]*value="10000"/);
      const policy = {
        enable_dynamic_client_registration: 'on',
        dynamic_client_registration_security_mode: 'strict',
        per_ip_burst: '20',
        per_ip_per_second: '0.5',
        per_tenant_burst: '200',
        per_tenant_per_second: '25',
        policy_max_clients: '',
        policy_max_metadata_bytes: '4096',
        policy_allowed_grant_types: 'authorization_code, refresh_token',
        policy_allowed_token_endpoint_auth_methods: '',
        policy_blocked_redirect_hosts: '*.evil.example\r\nphish.example',
        policy_allowed_redirect_uri_patterns: 'https://*.partner.example/*\r\nhttp://127.0.0.1:*/*',
        policy_allowed_scopes: 'openid read:contacts',
      };
      assert.equal((await owner.post('/dashboard/default/settings/advanced', policy)).status, 303);
      assert.deepEqual((await api('GET', '/tenants/settings')).json.registration_policy, {
        max_clients: null,
        max_metadata_bytes: 4096,
        allowed_grant_types: ['authorization_code', 'refresh_token'],
        allowed_token_endpoint_auth_methods: null,
        blocked_redirect_hosts: ['*.evil.example', 'phish.example'],
        allowed_redirect_uri_patterns: ['https://*.partner.example/*', 'http://127.0.0.1:*/*'],
        allowed_scopes: ['openid', 'read:contacts'],
      });
      const badSize = await owner.post('/dashboard/default/settings/advanced', { ...policy, policy_max_metadata_bytes: '10' });
      assert.equal(badSize.status, 400);
      assert.ok(textOf(badSize.text, 'policy_max_metadata_bytes-error'), badSize.text.slice(0, 500));
      // Empty fields lift every knob again (the later tests register freely).
      const lifted = Object.fromEntries(
        Object.keys(policy)
          .filter((k) => k.startsWith('policy_'))
          .map((k) => [k, '']),
      );
      assert.equal((await owner.post('/dashboard/default/settings/advanced', { ...policy, ...lifted })).status, 303);
      assert.deepEqual((await api('GET', '/tenants/settings')).json.registration_policy, {
        max_clients: null,
        max_metadata_bytes: null,
        allowed_grant_types: null,
        allowed_token_endpoint_auth_methods: null,
        blocked_redirect_hosts: null,
        allowed_redirect_uri_patterns: null,
        allowed_scopes: null,
      });

      const general = await owner.post('/dashboard/default/settings', { friendly_name: 'Acme Identity', support_email: 'not-an-email', default_audience: '' });
      assert.equal(general.status, 400);
      assert.equal(textOf(general.text, 'support_email-error'), 'Enter an email address such as support@example.com.');
      const ok = await owner.post('/dashboard/default/settings', {
        friendly_name: 'Acme Identity',
        support_email: 'help@acme.example',
        default_audience: 'https://api.acme.example/',
      });
      assert.equal(ok.status, 303);
      const general2 = (await api('GET', '/tenants/settings')).json;
      assert.equal(general2.friendly_name, 'Acme Identity');
      assert.equal(general2.support_email, 'help@acme.example');
      assert.equal(general2.default_audience, 'https://api.acme.example/');
      assert.match((await owner.get('/dashboard/default/settings')).text, /id="current-tenant">Acme Identity</);
    });

    test('applications: create, edit with an inline URL error, rotate, delete', async () => {
      const created = await owner.post('/dashboard/default/applications/new', { name: 'Billing', app_type: 'regular_web' });
      assert.equal(created.status, 303);
      const id = /\/applications\/([A-Za-z0-9]{32})\?notice=created$/.exec(created.location!)![1]!;
      const stored = (await api('GET', `/clients/${id}`)).json;
      assert.equal(stored.name, 'Billing');
      assert.equal(stored.is_first_party, true);
      assert.equal(stored.token_endpoint_auth_method, 'client_secret_post');

      const form = {
        name: 'Billing 2',
        callbacks: 'https://billing.example.com/cb\r\n\r\nhttps://billing.example.com/cb#frag',
        allowed_logout_urls: '',
        web_origins: '',
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_basic',
      };
      const refused = await owner.post(`/dashboard/default/applications/${id}`, form);
      assert.equal(refused.status, 400);
      assert.equal(textOf(refused.text, 'callbacks-error'), 'Line 2: "https://billing.example.com/cb#frag" must not contain a fragment (RFC 6749 §3.1.2).');
      assert.equal((await api('GET', `/clients/${id}`)).json.name, 'Billing');

      const saved = await owner.post(`/dashboard/default/applications/${id}`, {
        ...form,
        callbacks: 'https://billing.example.com/cb\nhttps://billing.example.com/cb2',
        web_origins: 'https://billing.example.com',
        redirection_policy: 'open_redirect_protection',
      });
      assert.equal(saved.status, 303);
      const edited = (await api('GET', `/clients/${id}`)).json;
      assert.equal(edited.name, 'Billing 2');
      assert.deepEqual(edited.callbacks, ['https://billing.example.com/cb', 'https://billing.example.com/cb2']);
      assert.deepEqual(edited.web_origins, ['https://billing.example.com']);
      assert.deepEqual(edited.grant_types, ['authorization_code', 'refresh_token']);
      assert.equal(edited.token_endpoint_auth_method, 'client_secret_basic');
      assert.equal(stored.redirection_policy, 'allow_always', 'first-party applications redirect by default');
      assert.equal(edited.redirection_policy, 'open_redirect_protection');
      assert.match((await owner.get(`/dashboard/default/applications/${id}`)).text, /<option value="open_redirect_protection" selected>/);

      assert.equal((await owner.post(`/dashboard/default/applications/${id}/rotate-secret`, {})).status, 303);
      assert.notEqual((await api('GET', `/clients/${id}`)).json.client_secret, edited.client_secret);

      const confirm = await owner.get(`/dashboard/default/applications/${id}/delete`);
      assert.match(confirm.text, /<h1>Delete this application\?<\/h1>/);
      assert.equal((await api('GET', `/clients/${id}`)).status, 200);
      assert.equal((await owner.post(`/dashboard/default/applications/${id}/delete`, {})).location, '/dashboard/default/applications?notice=deleted');
      assert.equal((await api('GET', `/clients/${id}`)).status, 404);
      const gone = await owner.get(`/dashboard/default/applications/${id}`);
      assert.equal(gone.status, 404);
      assert.equal(textOf(gone.text, 'message'), 'The client does not exist');
    });

    test('search and paging of applications, users, and the registration log', async () => {
      for (let i = 0; i < 22; i++) await api('POST', '/clients', { name: `Paged ${String(i).padStart(2, '0')}` });
      const first = await owner.get('/dashboard/default/applications?q=paged');
      assert.match(first.text, /Showing 1–20 of 22 applications/);
      const second = await owner.get('/dashboard/default/applications?q=paged&page=1');
      assert.match(second.text, /Showing 21–22 of 22 applications/);
      assert.match(second.text, /Paged 21/);

      await api('POST', '/users', { email: 'linus@example.com', password: 'long enough pw', connection: 'Username-Password-Authentication' });
      const users = await owner.get('/dashboard/default/users?q=linus');
      assert.match(users.text, /linus@example\.com/);
      assert.match(users.text, /Showing 1–1 of 1 users/);

      const reg = await fetch(`${server.url}/oidc/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'proxy-test' },
        body: JSON.stringify({ redirect_uris: ['https://x.example.com/cb'], grant_types: ['authorization_code'], response_types: ['code'] }),
      });
      assert.equal(reg.status, 201);
      const { client_id } = (await reg.json()) as { client_id: string };
      const log = await owner.get('/dashboard/default/logs/registrations');
      assert.equal(log.status, 200);
      assert.ok(log.text.includes(`href="/dashboard/default/applications/${client_id}"`));
      assert.match(log.text, /proxy-test/);
    });

    test('tenants: the first administrator owns later tenants; another tenant’s admin sees only theirs', async () => {
      const b = await secondTenant(server, 'tenant-b');
      const owners = await server.latchkey.services.storage.operators.ownerIds((await server.latchkey.services.storage.tenants.findByName('tenant-b'))!.id);
      assert.equal(owners.length, 2);
      const list = await owner.get('/dashboard/tenant-b/applications');
      assert.equal(list.status, 200);
      assert.match(list.text, /Latchkey Management Client/);
      assert.match(list.text, /<option value="tenant-b" selected>/);

      const other = new Browserless(server);
      assert.equal((await other.signIn(b.credentials.admin.email, b.credentials.admin.password)).location, '/dashboard');
      assert.equal((await other.get('/dashboard')).location, '/dashboard/tenant-b/activity');
      const denied = await other.get('/dashboard/default/applications');
      assert.equal(denied.status, 404);
      assert.equal(textOf(denied.text, 'message'), 'There is no tenant named "default" in your account.');
      assert.doesNotMatch((await other.get('/dashboard/tenant-b/applications')).text, /id="tenant-switch"/);
    });

    test('an expired session goes to sign-in and back; sign-out ends it in the store', async () => {
      const value = owner.jar.get('latchkey_dashboard')!;
      await server.latchkey.services.storage.operatorSessions.touch(hashToken(value), new Date(Date.now() - 1000));
      const expired = await owner.get('/dashboard/default/apis');
      assert.equal(expired.status, 303);
      assert.equal(expired.location, '/dashboard/login?return_to=%2Fdashboard%2Fdefault%2Fapis');
      const post = await owner.post('/dashboard/default/settings', { friendly_name: 'x' });
      assert.equal(post.location, '/dashboard/login?return_to=%2Fdashboard%2Fdefault%2Fsettings');
      assert.equal((await api('GET', '/tenants/settings')).json.friendly_name, 'Acme Identity');
      assert.equal(await server.latchkey.services.storage.operatorSessions.deleteExpired(new Date()), 1);

      await owner.get('/dashboard/login?return_to=%2Fdashboard%2Fdefault%2Fapis');
      const back = await owner.post('/dashboard/login', {
        email: server.credentials.admin.email,
        password: server.credentials.admin.password,
        return_to: '/dashboard/default/apis',
      });
      assert.equal(back.location, '/dashboard/default/apis');
      const fresh = owner.jar.get('latchkey_dashboard')!;
      assert.notEqual(fresh, value);
      await owner.get('/dashboard/default/apis');
      assert.equal((await owner.post('/dashboard/logout', {})).location, '/dashboard/login');
      assert.equal(await server.latchkey.services.storage.operatorSessions.findActive(hashToken(fresh), new Date()), undefined);
      assert.equal((await owner.get('/dashboard/default/apis')).status, 303);
    });

    test('return_to stays on the dashboard', async () => {
      const b = new Browserless(server);
      await b.get('/dashboard/login');
      for (const evil of ['https://evil.example/', '//evil.example/dashboard', '/dashboard/..//evil', '/\\evil']) {
        const res = await b.post('/dashboard/login', { email: server.credentials.admin.email, password: server.credentials.admin.password, return_to: evil });
        assert.equal(res.location, '/dashboard', evil);
      }
    });
  });
}
