// Names that cannot pass for something else and redirect URIs every parser reads the same,
// through POST /oidc/register and the Management API alike; a stored URI with raw non-ASCII
// characters (registered before the rule) still never makes a redirect fail with a 500.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { defaultStores } from '../helpers/fixtures.ts';
import { managementToken, request } from '../management/helpers.ts';
import { configureRegistration, register } from './support.ts';
import { newClientId } from '../../src/domain/ids.ts';

const CB = ['https://app.example.com/cb'];

describe('spoofing names and unreadable redirect URIs are refused', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await startServer({ dialect: 'sqlite' });
    await configureRegistration(server);
    token = await managementToken(server, server.credentials.management);
  });
  after(() => server.close());

  const SPOOFING_NAMES: Array<[string, string]> = [
    ['a right-to-left override (U+202E)', 'Google \u202Egnp.exe'],
    ['a zero-width space', 'Goo\u200Bgle'],
    ['a zero-width joiner', 'Pay\u200DPal'],
    ['markup', '<b>Bank</b>'],
    ['a line break', 'Bank\nof the world'],
    ['129 characters', 'n'.repeat(129)],
  ];

  it('registration: client_name (400 invalid_client_metadata, naming the rule)', async () => {
    for (const [what, client_name] of SPOOFING_NAMES) {
      const answer = await register(server.url, { client_name, redirect_uris: CB });
      assert.equal(answer.status, 400, what);
      assert.equal(answer.body.error, 'invalid_client_metadata', what);
      assert.match(answer.body.error_description, /^client_name must/, what);
    }
    const ok = await register(server.url, { client_name: 'Café Übersicht — 日本語 App'.padEnd(128, '.'), redirect_uris: CB });
    assert.equal(ok.status, 201, ok.text);
  });

  it('Management API: the same names answer 400 in Auth0 shape', async () => {
    for (const [what, name] of SPOOFING_NAMES) {
      const res = await request(server, 'POST', '/api/v2/clients', { token, body: { name } });
      assert.equal(res.status, 400, what);
      assert.equal(res.json.errorCode, 'invalid_body', what);
    }
  });

  const UNREADABLE_URIS: Array<[string, string]> = [
    ['a Cyrillic о in the host', 'https://g\u043E\u043Egle.com/cb'],
    ['a raw é in the path', 'https://app.example.com/caf\u00E9'],
    ['a raw space', 'https://app.example.com/a b'],
    ['a double quote', 'https://app.example.com/"x"'],
    ['a pipe', 'https://app.example.com/a|b'],
    ['a stray %', 'https://app.example.com/100%'],
  ];

  it('registration: redirect URIs that are not RFC 3986 ASCII (400 invalid_redirect_uri)', async () => {
    for (const [what, uri] of UNREADABLE_URIS) {
      const answer = await register(server.url, { client_name: 'App', redirect_uris: [uri] });
      assert.equal(answer.status, 400, `${what}: ${answer.text}`);
      assert.equal(answer.body.error, 'invalid_redirect_uri', what);
    }
    const encoded = await register(server.url, { client_name: 'App', redirect_uris: ['https://app.example.com/caf%C3%A9?x=%20'] });
    assert.equal(encoded.status, 201, encoded.text);
  });

  it('Management API: the same callbacks answer 400', async () => {
    for (const [what, uri] of UNREADABLE_URIS) {
      const res = await request(server, 'POST', '/api/v2/clients', { token, body: { name: 'App', callbacks: [uri] } });
      assert.equal(res.status, 400, what);
      assert.match(res.json.message, /^Payload validation error: callbacks\[0\]/, what);
    }
  });

  it('a stored non-ASCII redirect URI is percent-encoded in Location, never a 500', async () => {
    // As a registration accepted before the rule left it in the store.
    const stores = await defaultStores(server);
    const redirectUri = 'https://g\u043E\u043Egle.com/cb';
    const client = await stores.clients.create({
      client_id: newClientId(),
      client_secret: null,
      name: 'Old registration',
      app_type: 'spa',
      is_first_party: true,
      oidc_conformant: true,
      callbacks: [redirectUri],
      allowed_logout_urls: [],
      web_origins: [],
      allowed_origins: [],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'none',
      jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 },
    });
    const res = await fetch(
      `${server.url}/authorize?client_id=${client.client_id}&response_type=token&redirect_uri=${encodeURIComponent(redirectUri)}&state=s`,
      { redirect: 'manual' },
    );
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location')!.split(/[?#]/)[0], 'https://g%D0%BE%D0%BEgle.com/cb');
  });
});
