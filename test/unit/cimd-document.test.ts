// The client identifier URL rules and the document checks of
// draft-ietf-oauth-client-id-metadata-document-02, without fetching anything.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientIdUrlProblem } from '../../src/oauth/cimd/client-id-url.ts';
import { validateDocument } from '../../src/oauth/cimd/document.ts';

const URL_ = 'https://app.example.com/oauth/client.json';
const JWK = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  kid: 'k1',
  alg: 'ES256',
};

describe('client identifier URL (§3)', () => {
  it('accepts https URLs with a path, a port or a query', () => {
    for (const ok of [URL_, 'https://app.example.com:8443/c.json', 'https://app.example.com/c?v=2']) assert.equal(clientIdUrlProblem(ok), null, ok);
  });
  it('refuses what the draft forbids, each with its reason', () => {
    const cases: [string, RegExp][] = [
      ['http://app.example.com/c.json', /https/],
      ['https://app.example.com', /path/],
      ['https://app.example.com/', /path/],
      ['https://app.example.com/c.json#x', /fragment/],
      ['https://u:p@app.example.com/c.json', /credentials/],
      ['https://app.example.com/a/./c.json', /\. or \.\./],
      ['https://app.example.com/a/%2e%2e/c.json', /\. or \.\./],
      ['https://APP.example.com/c.json', /normal form/],
      ['https://app.example.com:443/c.json', /normal form/],
      [`https://app.example.com/${'a'.repeat(600)}`, /longer than 512/],
    ];
    for (const [url, reason] of cases) assert.match(clientIdUrlProblem(url) ?? '(accepted)', reason, url);
  });
});

describe('metadata document (§4)', () => {
  const check = (doc: Record<string, unknown>) =>
    validateDocument(URL_, { client_id: URL_, redirect_uris: ['https://app.example.com/cb'], ...doc }, { strict: false });

  it('maps a public client: third-party, no secret, protected redirects, its URL as client_id and external_client_id', () => {
    const { violations, client } = check({ client_name: 'Agent', logo_uri: 'https://app.example.com/logo.png', client_uri: 'https://app.example.com/' });
    assert.deepEqual(violations, []);
    assert.equal(client?.client_id, URL_);
    assert.equal(client?.external_client_id, URL_);
    assert.equal(client?.client_secret, null);
    assert.equal(client?.is_first_party, false);
    assert.equal(client?.redirection_policy, 'open_redirect_protection');
    assert.equal(client?.token_endpoint_auth_method, 'none');
    assert.deepEqual(client?.grant_types, ['authorization_code']);
    assert.equal(client?.logo_uri, 'https://app.example.com/logo.png');
    assert.equal(client?.registration_metadata?.client_uri, 'https://app.example.com/');
  });

  it('without client_name, the client is named after its domain', () => {
    assert.equal(check({}).client?.name, 'app.example.com');
  });

  it('private_key_jwt keeps the keys where client authentication reads them (registration_metadata.jwks / jwks_uri)', () => {
    const inline = check({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [JWK] } });
    assert.deepEqual(inline.violations, []);
    assert.equal(inline.client?.token_endpoint_auth_method, 'private_key_jwt');
    assert.deepEqual(inline.client?.registration_metadata?.jwks, { keys: [JWK] });
    const remote = check({ token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://app.example.com/jwks.json' });
    assert.equal(remote.client?.registration_metadata?.jwks_uri, 'https://app.example.com/jwks.json');
    assert.match(check({ token_endpoint_auth_method: 'private_key_jwt' }).violations.join(), /needs the client’s keys/);
    assert.match(check({ jwks: { keys: [{ ...JWK, d: 'secret' }] } }).violations.join(), /public keys only/);
  });

  it('refuses shared secrets, other grants, implicit responses and a foreign client_id', () => {
    assert.match(check({ token_endpoint_auth_method: 'client_secret_basic' }).violations.join(), /not allowed: use none or private_key_jwt/);
    assert.match(check({ token_endpoint_auth_method: 'client_secret_jwt' }).violations.join(), /not allowed/);
    assert.match(check({ client_secret_expires_at: 0 }).violations.join(), /client_secret_expires_at/);
    assert.match(
      check({ grant_types: ['authorization_code', 'implicit'], response_types: ['code', 'token'] }).violations.join(),
      /grant_types may contain only/,
    );
    assert.match(check({ client_id: 'https://other.example/c.json' }).violations.join(), /is not its URL/);
    assert.deepEqual(validateDocument(URL_, [1, 2], { strict: false }).violations, ['the document is not a JSON object']);
  });

  it('warns when every redirect URI is on the user’s device; strict tenants make strict clients', () => {
    const local = validateDocument(URL_, { client_id: URL_, redirect_uris: ['http://127.0.0.1:3000/cb', 'http://localhost/cb'] }, { strict: true });
    assert.deepEqual(local.violations, []);
    assert.equal(local.warnings.length, 1);
    assert.equal(local.client?.third_party_security_mode, 'strict');
  });
});
