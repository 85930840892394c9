// Every refused registration gets its exact RFC 7591 error code, never a 5xx, and is audited.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { configureRegistration, register } from './support.ts';

const CB = ['https://app.example.com/cb'];
const JSON_CT = { 'content-type': 'application/json' };

/** [what, body (object = JSON, string = raw), headers] answered 400 invalid_client_metadata */
const BAD_BODIES: Array<[string, unknown, Record<string, string>]> = [
  ['text/plain (a cross-site simple request)', JSON.stringify({ redirect_uris: CB }), { 'content-type': 'text/plain' }],
  ['form encoding', 'redirect_uris=https%3A%2F%2Fapp.example.com%2Fcb', { 'content-type': 'application/x-www-form-urlencoded' }],
  ['a JSON-like media type', JSON.stringify({ redirect_uris: CB }), { 'content-type': 'application/json-patch+json' }],
  ['no content type', new TextEncoder().encode(JSON.stringify({ redirect_uris: CB })), {}],
  ['malformed JSON', '{"redirect_uris": [', JSON_CT],
  ['an empty body', '', JSON_CT],
  ['a JSON array', JSON.stringify([{ redirect_uris: CB }]), JSON_CT],
  ['a JSON string', '"redirect_uris"', JSON_CT],
  ['JSON null', 'null', JSON_CT],
];

/** metadata (with valid redirect_uris unless it sets them) -> invalid_client_metadata */
const BAD_METADATA: Array<[string, Record<string, unknown>]> = [
  ['client_name a number', { client_name: 42 }],
  ['client_name a nested object', { client_name: { en: { text: 'x' } } }],
  ['client_name empty', { client_name: '' }],
  ['client_name too long', { client_name: 'n'.repeat(257) }],
  ['client_name with control characters', { client_name: 'Good\u0000App' }],
  ['an unknown token_endpoint_auth_method', { token_endpoint_auth_method: 'private_key_jwt' }],
  ['token_endpoint_auth_method not a string', { token_endpoint_auth_method: ['none'] }],
  ['an unknown application_type', { application_type: 'desktop' }],
  ['a grant type DCR does not allow', { grant_types: ['client_credentials'] }],
  ['password grant', { grant_types: ['authorization_code', 'password'] }],
  ['grant_types not an array', { grant_types: 'authorization_code' }],
  ['grant_types with a non-string', { grant_types: [{ type: 'authorization_code' }] }],
  ['grant_types without a front-channel grant', { grant_types: ['refresh_token'] }],
  ['response type code without authorization_code', { grant_types: ['implicit'], response_types: ['code'] }],
  ['implicit grant without a matching response type', { grant_types: ['authorization_code', 'implicit'], response_types: ['code'] }],
  ['an unknown response type', { response_types: ['code token id_token foo'] }],
  ['a duplicated response type part', { response_types: ['code code'] }],
  ['logo_uri javascript:', { logo_uri: 'javascript:alert(document.cookie)' }],
  ['client_uri not http(s)', { client_uri: 'ftp://app.example.com/' }],
  ['policy_uri relative', { policy_uri: '/privacy' }],
  ['tos_uri not a string', { tos_uri: ['https://app.example.com/tos'] }],
  ['jwks_uri over plain http', { jwks_uri: 'http://app.example.com/jwks.json' }],
  ['contacts not an array', { contacts: 'ops@example.com' }],
  ['contacts with an object', { contacts: [{ email: 'ops@example.com' }] }],
  ['too many contacts', { contacts: Array.from({ length: 11 }, (_, i) => `c${i}@example.com`) }],
  ['scope not a string', { scope: ['openid'] }],
  ['scope with a quote', { scope: 'openid "read"' }],
  ['scope with double spaces', { scope: 'openid  read' }],
  ['jwks and jwks_uri together', { jwks_uri: 'https://app.example.com/jwks.json', jwks: { keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] } }],
  ['jwks with a private key', { jwks: { keys: [{ kty: 'RSA', n: 'x', e: 'AQAB', d: 'secret' }] } }],
  ['jwks not a JWK Set', { jwks: [{ kty: 'RSA' }] }],
  ['jwks with nested members', { jwks: { keys: [{ kty: 'RSA', n: { nested: { deeper: 'x' } } }] } }],
  ['software_id a number', { software_id: 7 }],
  ['post_logout_redirect_uris javascript:', { post_logout_redirect_uris: ['javascript:alert(1)'] }],
  ['post_logout_redirect_uris with a fragment', { post_logout_redirect_uris: ['https://app.example.com/bye#x'] }],
];

/** metadata -> invalid_redirect_uri */
const BAD_REDIRECTS: Array<[string, Record<string, unknown>]> = [
  ['redirect_uris missing', {}],
  ['redirect_uris null', { redirect_uris: null }],
  ['redirect_uris a string', { redirect_uris: 'https://app.example.com/cb' }],
  ['redirect_uris empty', { redirect_uris: [] }],
  ['redirect_uris an object', { redirect_uris: { 0: 'https://app.example.com/cb' } }],
  ['too many redirect_uris', { redirect_uris: Array.from({ length: 21 }, (_, i) => `https://app.example.com/cb${i}`) }],
  ['a huge redirect_uris array', { redirect_uris: Array.from({ length: 5000 }, () => 'x') }],
  ['a number', { redirect_uris: [42] }],
  ['null inside', { redirect_uris: [null] }],
  ['a nested array', { redirect_uris: [['https://app.example.com/cb']] }],
  ['a relative URI', { redirect_uris: ['/callback'] }],
  ['javascript:', { redirect_uris: ['javascript:alert(1)'] }],
  ['JavaScript: in mixed case', { redirect_uris: ['JaVaScRiPt:alert(1)//'] }],
  ['javascript: for a native client', { redirect_uris: ['javascript:alert(1)'], application_type: 'native' }],
  ['data:', { redirect_uris: ['data:text/html,<script>alert(1)</script>'], application_type: 'native' }],
  ['file:', { redirect_uris: ['file:///etc/passwd'], application_type: 'native' }],
  ['a fragment', { redirect_uris: ['https://app.example.com/cb#frag'] }],
  ['an empty fragment', { redirect_uris: ['https://app.example.com/cb#'] }],
  ['http on a public host (web)', { redirect_uris: ['http://app.example.com/cb'] }],
  ['http on a public host (native)', { redirect_uris: ['http://app.example.com/cb'], application_type: 'native' }],
  ['a host that only starts with localhost', { redirect_uris: ['http://localhost.evil.example/cb'] }],
  ['a private-use scheme for a web client', { redirect_uris: ['com.example.app:/oauth2redirect'] }],
  ['an overlong URI', { redirect_uris: [`https://app.example.com/${'a'.repeat(2000)}`] }],
  ['a wildcard host', { redirect_uris: ['https://*.example.com/cb'] }],
  ['user credentials', { redirect_uris: ['https://user:pass@app.example.com/cb'] }],
  ['a newline', { redirect_uris: ['https://app.example.com/c\nb'] }],
  ['leading whitespace', { redirect_uris: [' https://app.example.com/cb'] }],
  ['a backslash', { redirect_uris: ['https://evil.example\\@app.example.com/cb'] }],
  ['https without //', { redirect_uris: ['https:app.example.com/cb'] }],
  ['a bare scheme', { redirect_uris: ['myapp:'], application_type: 'native' }],
];

for (const dialect of dialects()) {
  describe(`registration refusals (${dialect})`, () => {
    let server: TestServer;
    let tenantId: string;
    let refusalsSent = 0;

    before(async () => {
      server = await startServer({ dialect });
      // The validators themselves are under test: no size policy in front of them (registration-policy.test.ts tests it).
      tenantId = await configureRegistration(server, { registration_policy: { max_metadata_bytes: null } });
    });
    after(() => server.close());

    const expectRefusal = async (what: string, body: unknown, headers: Record<string, string>, error: string) => {
      const res = await register(server.url, body, headers);
      refusalsSent++;
      assert.equal(res.status, 400, `${what}: ${res.status} ${res.text}`);
      assert.equal(res.body?.error, error, `${what}: ${res.text}`);
      assert.equal(typeof res.body.error_description, 'string', what);
      assert.ok(res.body.error_description.length > 0, what);
      assert.deepEqual(Object.keys(res.body).sort(), ['error', 'error_description'], what);
    };

    it('refuses bodies that are not a JSON object with invalid_client_metadata', async () => {
      for (const [what, body, headers] of BAD_BODIES) await expectRefusal(what, body, headers, 'invalid_client_metadata');
    });

    it('refuses bad metadata with invalid_client_metadata', async () => {
      for (const [what, metadata] of BAD_METADATA) await expectRefusal(what, { redirect_uris: CB, ...metadata }, JSON_CT, 'invalid_client_metadata');
    });

    it('refuses bad redirect URIs with invalid_redirect_uri', async () => {
      for (const [what, metadata] of BAD_REDIRECTS) await expectRefusal(what, metadata, JSON_CT, 'invalid_redirect_uri');
    });

    it('refuses deeply nested values in known members and never answers 5xx', async () => {
      const deep = '['.repeat(20_000) + ']'.repeat(20_000);
      await expectRefusal('client_name deeply nested', `{"redirect_uris":${JSON.stringify(CB)},"client_name":${deep}}`, JSON_CT, 'invalid_client_metadata');
      await expectRefusal('redirect_uris deeply nested', `{"redirect_uris":[${deep}]}`, JSON_CT, 'invalid_redirect_uri');
    });

    it('says what is wrong', async () => {
      const res = await register(server.url, { redirect_uris: ['https://app.example.com/ok', 'http://app.example.com/cb'] });
      assert.equal(res.body.error_description, 'redirect_uris[1] must use https (http is allowed for localhost, 127.0.0.1 and [::1] only)');
      const grants = await register(server.url, { redirect_uris: CB, grant_types: ['implicit'], response_types: ['code'] });
      assert.equal(grants.body.error_description, 'response_types "code" requires grant_types to include authorization_code (RFC 7591 §2.1)');
      refusalsSent += 2;
    });

    it('answers 413 to an oversized body', async () => {
      const res = await register(server.url, { redirect_uris: CB, client_name: 'x'.repeat(70 * 1024) });
      assert.equal(res.status, 413);
      assert.equal(res.body.error, 'invalid_request');
    });

    it('stores no client for a refused request and audits each refusal', async () => {
      const stores = server.latchkey.services.storage.forTenant(tenantId);
      const logged = await stores.logs.list({ type: 'dcr_failure', limit: 1000 });
      assert.equal(logged.length, refusalsSent);
      assert.deepEqual(await stores.logs.list({ type: 'dcr_success', limit: 10 }), []);
      assert.equal((await stores.clients.list({ page: 0, perPage: 100, isFirstParty: false })).total, 0);
      const last = logged[0]!;
      assert.equal(last.ip, '127.0.0.1');
      assert.equal(last.userAgent, 'latchkey-test/1');
      assert.equal(last.clientId, null);
      assert.deepEqual(last.details, {
        status: 400,
        error: 'invalid_client_metadata',
        error_description: 'response_types "code" requires grant_types to include authorization_code (RFC 7591 §2.1)',
      });
    });
  });
}
