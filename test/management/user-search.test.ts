// Auth0's user search on GET /api/v2/users?q= and GET /api/v2/users-by-email, over real HTTP
// and through the auth0 SDK, on every store; and the sign-in counters a real login updates.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { ManagementClient } from 'auth0';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { defaultStores, registerThirdPartyClient, skipCallbackConfirmation } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';
import { managementToken, request, sdkClient, secondTenant } from './helpers.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const PASSWORD = 'correct horse battery';

const PEOPLE = [
  {
    email: 'bob@example.com',
    name: 'Bob',
    app_metadata: { plan: 'gold', seats: 5, admin: true, roles: ['admin', 'billing'], codes: [7, 9] },
    user_metadata: { city: 'Paris' },
  },
  { email: 'jimbob@example.com', name: 'Jim Bob', app_metadata: { plan: 'silver', seats: 2, admin: false }, user_metadata: { city: 'paris' } },
  { email: 'Jane.Smith@Example.org', name: 'Jane Smith', given_name: 'Jane', family_name: 'Smith', nickname: 'jj', app_metadata: { plan: 'gold' } },
  { email: 'john_doe@example.net', name: 'John Doe', given_name: 'John', family_name: 'Doe', app_metadata: { plan: '5' } },
  { email: 'percent%user@example.com', name: '100% Real', user_metadata: { prefs: { theme: 'dark' } } },
];

for (const dialect of dialects()) {
  describe(`user search (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    let mgmt: ManagementClient;
    const ids: Record<string, string> = {};

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      token = await managementToken(server, server.credentials.management);
      mgmt = sdkClient(server, server.credentials.management);
      for (const p of PEOPLE) {
        const res = await request(server, 'POST', '/api/v2/users', {
          token,
          body: { ...p, password: PASSWORD, connection: 'Username-Password-Authentication' },
        });
        assert.equal(res.status, 201, res.text);
        ids[p.email.toLowerCase()] = res.json.user_id;
      }
      // Login counters as sign-ins leave them (a real sign-in is tested below).
      const users = (await defaultStores(server)).users;
      for (let i = 0; i < 3; i++) await users.recordLogin(ids['bob@example.com']!, new Date('2024-03-10T12:00:00Z'));
      await users.recordLogin(ids['jimbob@example.com']!, new Date('2023-12-31T23:00:00Z'));
    });
    after(() => server?.close());

    async function search(q: string, extra: Record<string, string> = {}): Promise<string[]> {
      const qs = new URLSearchParams({ q, search_engine: 'v3', per_page: '100', ...extra });
      const res = await request(server, 'GET', `/api/v2/users?${qs}`, { token });
      assert.equal(res.status, 200, `${q}: ${res.text}`);
      return (res.json as { email: string }[]).map((u) => u.email);
    }
    const sorted = (a: string[]) => [...a].sort();

    test('a quoted email is exact: bob@ does not find jimbob@; case does not matter', async () => {
      assert.deepEqual(await search('email:"bob@example.com"'), ['bob@example.com']);
      assert.deepEqual(await search('email:"BOB@example.COM"'), ['bob@example.com']);
      assert.deepEqual(await search('email:bob@example.com'), ['bob@example.com']);
      assert.deepEqual(await search('email:"jane.smith@example.org"'), ['jane.smith@example.org']);
    });

    test('name: a word without quotes, the whole value with quotes, prefixes and suffixes with *', async () => {
      assert.deepEqual(
        await search('name:Bob'),
        sorted(['bob@example.com', 'jimbob@example.com']).sort((a, b) => (a < b ? -1 : 1)),
      );
      assert.deepEqual(await search('name:"Bob"'), ['bob@example.com']);
      assert.deepEqual(await search('name:"jim bob"'), ['jimbob@example.com']);
      assert.deepEqual(sorted(await search('name:j*')), sorted(['jimbob@example.com', 'jane.smith@example.org', 'john_doe@example.net']));
      assert.deepEqual(await search('email:*@example.net'), ['john_doe@example.net']);
      assert.deepEqual(await search('given_name:JANE AND family_name:smith'), ['jane.smith@example.org']);
      assert.deepEqual(await search('nickname:jj'), ['jane.smith@example.org']);
      assert.deepEqual(sorted(await search('family_name:*')), sorted(['jane.smith@example.org', 'john_doe@example.net']), 'field:* means it has a value');
    });

    test('LIKE wildcards in values are literal', async () => {
      assert.deepEqual(await search('email:john_*'), ['john_doe@example.net']);
      assert.deepEqual(await search('email:joh__*'), []);
      assert.deepEqual(await search('email:percent%*'), ['percent%user@example.com']);
      assert.deepEqual(await search('email:%*'), []);
      assert.deepEqual(await search('"100%"'), ['percent%user@example.com']);
    });

    test('ranges on logins_count and dates, inclusive, exclusive and open', async () => {
      assert.deepEqual(await search('logins_count:[1 TO 3]'), sorted(['bob@example.com', 'jimbob@example.com']));
      assert.deepEqual(await search('logins_count:{1 TO 3]'), ['bob@example.com']);
      assert.deepEqual(await search('logins_count:[2 TO *]'), ['bob@example.com']);
      assert.deepEqual(await search('logins_count:0'), sorted(['jane.smith@example.org', 'john_doe@example.net', 'percent%user@example.com']));
      assert.deepEqual(await search('last_login:[* TO 2023-12]'), ['jimbob@example.com']);
      assert.deepEqual(await search('last_login:[2024-01-01 TO *]'), ['bob@example.com']);
      assert.deepEqual(await search('last_login:2024-03-10'), ['bob@example.com']);
      assert.equal((await search(`created_at:[2020-01-01 TO *]`)).length, PEOPLE.length);
    });

    test('AND, OR, NOT and parentheses', async () => {
      assert.deepEqual(await search('app_metadata.plan:gold AND NOT name:jane'), ['bob@example.com']);
      assert.deepEqual(sorted(await search('(name:jane OR name:john) AND email:*example.net')), ['john_doe@example.net']);
      assert.deepEqual(sorted(await search('name:jane name:john')), sorted(['jane.smith@example.org', 'john_doe@example.net']), 'side by side is OR');
      assert.equal((await search('NOT logins_count:0')).length, 2);
      assert.equal((await search('NOT last_login:[* TO *]')).length, 3, 'NOT matches users that have no value');
      assert.deepEqual(await search('-email:*example.com AND -email:*example.org'), ['john_doe@example.net']);
    });

    test('metadata: strings, numbers, booleans and nested paths, case-sensitive', async () => {
      assert.deepEqual(sorted(await search('app_metadata.plan:"gold"')), sorted(['bob@example.com', 'jane.smith@example.org']));
      assert.deepEqual(await search('app_metadata.seats:5'), ['bob@example.com']);
      assert.deepEqual(await search('app_metadata.plan:5'), ['john_doe@example.net'], 'an unquoted number also matches the same text');
      assert.deepEqual(await search('app_metadata.admin:true'), ['bob@example.com']);
      assert.deepEqual(await search('app_metadata.admin:false'), ['jimbob@example.com']);
      assert.deepEqual(await search('user_metadata.city:Paris'), ['bob@example.com']);
      assert.deepEqual(await search('user_metadata.prefs.theme:dark'), ['percent%user@example.com']);
      assert.deepEqual(await search('user_metadata.prefs:dark'), []);
      assert.deepEqual(await search('app_metadata.roles:billing'), ['bob@example.com'], 'an array holding the value');
      assert.deepEqual(await search('app_metadata.codes:9'), ['bob@example.com']);
      assert.deepEqual(await search('app_metadata.codes:"9"'), [], 'a quoted value is text, the array holds numbers');
      assert.deepEqual(await search('app_metadata.roles:Billing'), [], 'metadata is case-sensitive');
      const patched = await request(server, 'PATCH', `/api/v2/users/${encodeURIComponent(ids['john_doe@example.net']!)}`, {
        token,
        body: { email_verified: true },
      });
      assert.equal(patched.status, 200, patched.text);
      assert.deepEqual(await search('email_verified:true'), ['john_doe@example.net']);
      assert.equal((await search('email_verified:false')).length, PEOPLE.length - 1);
    });

    test('free text searches email and name', async () => {
      assert.deepEqual(sorted(await search('smith')), ['jane.smith@example.org']);
      assert.deepEqual(sorted(await search('bob')), sorted(['bob@example.com', 'jimbob@example.com']));
      assert.deepEqual(await search('"john doe"'), ['john_doe@example.net']);
      assert.deepEqual(sorted(await search('jo*')), ['john_doe@example.net']);
      assert.deepEqual(await search(`"${ids['bob@example.com']}"`), ['bob@example.com'], 'a whole user_id');
    });

    test('sort, paging and totals', async () => {
      assert.deepEqual(await search('email:*example.com', { sort: 'email:-1' }), ['percent%user@example.com', 'jimbob@example.com', 'bob@example.com']);
      assert.deepEqual(await search('email:*example.com', { sort: 'logins_count:-1' }), ['bob@example.com', 'jimbob@example.com', 'percent%user@example.com']);
      const qs = new URLSearchParams({ q: 'email:*example.com', sort: 'email:1', per_page: '2', page: '1', include_totals: 'true' });
      const res = await request(server, 'GET', `/api/v2/users?${qs}`, { token });
      assert.equal(res.status, 200);
      assert.equal(res.json.total, 3);
      assert.equal(res.json.start, 2);
      assert.deepEqual(
        res.json.users.map((u: { email: string }) => u.email),
        ['percent%user@example.com'],
      );
    });

    test('unsupported syntax is a 400 in the Management API shape, naming it', async () => {
      const cases: Array<[string, RegExp]> = [
        ['name:bob~', /fuzzy/],
        ['name:/b.b/', /regular expressions/],
        ['email:"bob@example.com', /unbalanced quotes/],
        ['(name:bob', /unbalanced parentheses/],
        ['name:bob)', /unbalanced parentheses/],
        ['phone_number:123', /phone_number cannot be searched/],
        ['name:*ob', /leading wildcard/],
        ['name:b?b', /"\?"/],
        ['user_metadata.city:Par*', /wildcards are not supported on metadata/],
        ['logins_count:[1 TO x]', /whole number/],
      ];
      for (const [q, re] of cases) {
        const res = await request(server, 'GET', `/api/v2/users?${new URLSearchParams({ q, search_engine: 'v3' })}`, { token });
        assert.equal(res.status, 400, q);
        assert.equal(res.json.statusCode, 400);
        assert.equal(res.json.error, 'Bad Request');
        assert.equal(res.json.errorCode, 'invalid_query_string', q);
        assert.match(res.json.message, re, q);
      }
      const sort = await request(server, 'GET', `/api/v2/users?sort=password:1`, { token });
      assert.equal(sort.status, 400);
      const engine = await request(server, 'GET', `/api/v2/users?q=bob&search_engine=v2`, { token });
      assert.equal(engine.status, 400);
    });

    test('users-by-email: exact, ignoring case, an array; needs read:users', async () => {
      const res = await request(server, 'GET', `/api/v2/users-by-email?email=${encodeURIComponent('BOB@Example.com')}`, { token });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(
        res.json.map((u: { user_id: string }) => u.user_id),
        [ids['bob@example.com']],
      );
      const none = await request(server, 'GET', `/api/v2/users-by-email?email=nobody@example.com`, { token });
      assert.deepEqual(none.json, []);
      const missing = await request(server, 'GET', `/api/v2/users-by-email`, { token });
      assert.equal(missing.status, 400);
      const narrow = await managementToken(server, server.credentials.management, { scope: 'read:clients' });
      const denied = await request(server, 'GET', `/api/v2/users-by-email?email=bob@example.com`, { token: narrow });
      assert.equal(denied.status, 403);
    });

    test("another tenant's search and users-by-email see none of these users", async () => {
      const other = await secondTenant(server, 'search-other');
      const otherToken = await managementToken(server, other.credentials.management, { host: other.host });
      const found = await request(server, 'GET', `/api/v2/users?${new URLSearchParams({ q: 'email:*example.com OR bob', search_engine: 'v3' })}`, {
        host: other.host,
        token: otherToken,
      });
      assert.equal(found.status, 200, found.text);
      assert.deepEqual(found.json, []);
      const byEmail = await request(server, 'GET', '/api/v2/users-by-email?email=bob@example.com', { host: other.host, token: otherToken });
      assert.deepEqual(byEmail.json, []);
    });

    test('the auth0 SDK: users.list with q and search_engine v3, users.listUsersByEmail', async () => {
      const page = await mgmt.users.list({ q: 'email:"bob@example.com"', search_engine: 'v3' });
      assert.deepEqual(
        page.data.map((u) => u.email),
        ['bob@example.com'],
      );
      const golds = await mgmt.users.list({ q: 'app_metadata.plan:"gold" AND logins_count:[1 TO *]', search_engine: 'v3', sort: 'email:1' });
      assert.deepEqual(
        golds.data.map((u) => u.email),
        ['bob@example.com'],
      );
      const byEmail = await mgmt.users.listUsersByEmail({ email: 'jimbob@EXAMPLE.com' });
      assert.deepEqual(
        byEmail.map((u) => u.user_id),
        [ids['jimbob@example.com']],
      );
      await assert.rejects(mgmt.users.list({ q: 'name:bob~', search_engine: 'v3' }), (e: any) => e.statusCode === 400);
    });

    test('a real sign-in updates last_login, logins_count and last_ip', async () => {
      const client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT], name: 'Counter App' });
      await skipCallbackConfirmation(server);
      const config = await oidc.discovery(new URL(server.url), client.client_id, undefined, oidc.ClientSecretPost(client.client_secret!), {
        execute: [oidc.allowInsecureRequests],
      });
      const before = Date.now();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid email',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      });
      const hop = await authorizeThrough(new UserAgent(), server.url, url.href, { email: 'jane.smith@example.org', password: PASSWORD, consent: 'accept' });
      assert.equal(hop.status, 302, hop.body.slice(0, 300));
      const user = await mgmt.users.get(ids['jane.smith@example.org']!);
      assert.equal(user.logins_count, 1);
      assert.ok(Date.parse(user.last_login as string) >= before - 1000);
      assert.equal(user.last_ip, '127.0.0.1');
      assert.deepEqual(await search('last_ip:"127.0.0.1"'), ['jane.smith@example.org']);
    });
  });
}
