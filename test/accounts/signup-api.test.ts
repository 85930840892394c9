// Auth0's POST /dbconnections/signup: the legacy auth0 SDK's AuthenticationClient (v4) works
// unchanged; the verification mail reaches a real SMTP server; refusals in Auth0's shape
// (invalid_signup, operation_not_allowed, invalid_password naming the rule) change nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationClient } from 'auth0-legacy';
import type { ManagementClient } from 'auth0';
import { dialects, type TestServer } from '../helpers/server.ts';
import type { TestSmtp } from '../helpers/smtp.ts';
import { startMailingTenant, toOf, type MailingTenant } from './support.ts';
import { registerThirdPartyClient } from '../helpers/fixtures.ts';
import { configureRegistration } from '../registration/support.ts';
import type { Client } from '../../src/domain/client.ts';

const CONNECTION = 'Username-Password-Authentication';

for (const dialect of dialects()) {
  describe(`POST /dbconnections/signup (${dialect})`, () => {
    let tenant: MailingTenant;
    let server: TestServer;
    let smtp: TestSmtp;
    let mgmt: ManagementClient;
    let client: Client;
    let connectionId: string;

    before(async () => {
      ({ server, smtp, mgmt } = tenant = await startMailingTenant(dialect));
      client = await registerThirdPartyClient(server, { redirectUris: ['https://app.example.com/cb'] });
      connectionId = (await mgmt.connections.list()).data[0]!.id!;
      // Sign-ups share the per-network limits of registration; these tests sign up many times.
      await configureRegistration(server);
    });
    after(async () => {
      await tenant?.close();
    });

    const signup = (body: Record<string, unknown>) =>
      fetch(`${server.url}/dbconnections/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const users = async () => (await mgmt.users.list()).data.map((u) => u.email).sort();

    test('the v4 SDK signs up: Auth0 response shape, a verification mail arrives, the user is unverified', async () => {
      const auth = new AuthenticationClient({
        domain: `127.0.0.1:${server.port}`,
        clientId: client.client_id,
        fetch: (u: any, init?: RequestInit) => fetch(String(u).replace('https://', 'http://'), init),
      } as any);
      const res = await auth.database.signUp({
        email: 'New.User@example.com',
        password: 'Sturdy-pass-42',
        connection: CONNECTION,
        given_name: 'New',
        user_metadata: { plan: 'free' },
      });
      assert.equal(res.data.email, 'new.user@example.com');
      assert.equal(res.data.email_verified, false);
      assert.match(res.data.id, /^[0-9a-f]{24}$/);
      assert.equal(res.data.given_name, 'New');
      const mail = await smtp.next((m) => toOf(m) === 'new.user@example.com');
      assert.match(mail.text ?? '', /\/u\/email-verification\?ticket=/);
      const user = await mgmt.users.get(`auth0|${res.data.id}`);
      assert.equal(user.email_verified, false);
      assert.deepEqual(user.user_metadata, { plan: 'free' });
    });

    test('an email already registered → 400 invalid_signup; unknown connection or client → 400; nothing created', async () => {
      const before = await users();
      const dup = await signup({ client_id: client.client_id, email: 'new.user@example.com', password: 'Sturdy-pass-42', connection: CONNECTION });
      assert.equal(dup.status, 400);
      assert.deepEqual(await dup.json(), { name: 'BadRequestError', code: 'invalid_signup', description: 'Invalid sign up', statusCode: 400 });
      const conn = await signup({ client_id: client.client_id, email: 'x1@example.com', password: 'Sturdy-pass-42', connection: 'Nope' });
      assert.equal(conn.status, 400);
      assert.equal(((await conn.json()) as { code: string }).code, 'invalid_connection');
      const cl = await signup({ client_id: 'nope', email: 'x2@example.com', password: 'Sturdy-pass-42', connection: CONNECTION });
      assert.equal(cl.status, 400);
      assert.deepEqual(await users(), before);
    });

    test('CR/LF or control characters in any field → 400, nothing created', async () => {
      const before = await users();
      for (const extra of [
        { email: 'evil@example.com\r\nBcc: victim@example.com' },
        { name: 'Eve\nX-Header: 1' },
        { given_name: 'Eve\u0000' },
        { user_metadata: { note: 'a\rb' } },
      ]) {
        const res = await signup({ client_id: client.client_id, email: 'eve@example.com', password: 'Sturdy-pass-42', connection: CONNECTION, ...extra });
        assert.equal(res.status, 400, JSON.stringify(extra));
        // NUL is refused before any route by the server's NUL guard; the rest by the sign-up's own check.
        assert.match(await res.text(), /control characters|NUL/i);
      }
      assert.deepEqual(await users(), before);
    });

    test('each password policy refuses a weak password, naming the rule; disable_signup → operation_not_allowed', async () => {
      const cases: [string, string, string][] = [
        ['none', '', 'Missing required parameter'],
        ['low', 'abc12', 'length'],
        ['fair', 'abcdefg1', 'all_character_types'],
        ['good', 'abcdefgh', 'character_types'],
        ['excellent', 'Abcdeeeg1!', 'identical_chars'],
      ];
      const before = await users();
      for (const [policy, password, rule] of cases) {
        await mgmt.connections.update(connectionId, { options: { password_policy: policy as never } });
        const res = await signup({ client_id: client.client_id, email: `weak-${policy}@example.com`, password, connection: CONNECTION });
        assert.equal(res.status, 400, policy);
        const body = (await res.json()) as { code: string; name: string; description: { rules?: { code: string; verified: boolean }[] } | string };
        if (rule === 'Missing required parameter') {
          assert.match(String(body.description), /password/);
          continue;
        }
        assert.equal(body.code, 'invalid_password', policy);
        assert.equal(body.name, 'PasswordStrengthError');
        const rules = (body.description as { rules: { code: string; verified: boolean }[] }).rules;
        assert.equal(rules.find((r) => !r.verified)?.code, rule, policy);
      }
      await mgmt.connections.update(connectionId, { options: { disable_signup: true } });
      const off = await signup({ client_id: client.client_id, email: 'late@example.com', password: 'Sturdy-pass-42', connection: CONNECTION });
      assert.equal(off.status, 400);
      assert.equal(((await off.json()) as { code: string }).code, 'operation_not_allowed');
      assert.deepEqual(await users(), before);
      await mgmt.connections.update(connectionId, { options: {} });
    });

    test('sign-ups are rate limited per client network (429 with Retry-After), nothing created', async () => {
      await configureRegistration(server, { registration_rate_limits: { per_ip_burst: 2, per_ip_per_second: 0.0001 } });
      try {
        const statuses: number[] = [];
        for (const n of [1, 2, 3]) {
          const res = await signup({ client_id: client.client_id, email: `burst${n}@example.com`, password: 'Sturdy-pass-42', connection: CONNECTION });
          statuses.push(res.status);
          if (res.status === 429) {
            assert.ok(Number(res.headers.get('retry-after')) > 0);
            assert.equal(((await res.json()) as { statusCode: number }).statusCode, 429);
          }
        }
        assert.deepEqual(statuses, [200, 200, 429]);
        assert.ok(!(await users()).includes('burst3@example.com'));
      } finally {
        await configureRegistration(server);
      }
    });
  });
}
