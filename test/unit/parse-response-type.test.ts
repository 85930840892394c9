// The response_type steps of /authorize, without HTTP (RFC 6749 §3.1.1, Multiple Response Types §3).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '../../src/domain/client.ts';
import { checkResponseTypeAllowed, parseResponseType } from '../../src/oauth/endpoints/authorize/steps/parse-response-type.ts';

const client = (over: Partial<Client> = {}) => ({ grant_types: ['authorization_code', 'implicit'], ...over }) as Client;

describe('parseResponseType', () => {
  it('reads a space-separated set in any order, with the default response mode', () => {
    const code = parseResponseType({ params: { response_type: 'code' } });
    assert.deepEqual([...code.responseType], ['code']);
    assert.equal(code.responseMode, 'query');
    const hybrid = parseResponseType({ params: { response_type: 'id_token code' } });
    assert.deepEqual([...hybrid.responseType].sort(), ['code', 'id_token']);
    assert.equal(hybrid.responseMode, 'fragment');
  });

  it('refuses a missing, repeated or unknown part', () => {
    assert.throws(() => parseResponseType({ params: {} }), { error: 'invalid_request' });
    assert.throws(() => parseResponseType({ params: { response_type: 'code code' } }), { error: 'unsupported_response_type' });
    assert.throws(() => parseResponseType({ params: { response_type: 'code none' } }), { error: 'unsupported_response_type' });
  });
});

describe('checkResponseTypeAllowed', () => {
  const parsed = (response_type: string) => ({ params: { response_type }, ...parseResponseType({ params: { response_type } }) });

  it('needs the grant the response type implies', () => {
    checkResponseTypeAllowed({ client: client(), ...parsed('code id_token') });
    assert.throws(() => checkResponseTypeAllowed({ client: client({ grant_types: ['authorization_code'] }), ...parsed('token') }), {
      error: 'unauthorized_client',
    });
    assert.throws(() => checkResponseTypeAllowed({ client: client({ grant_types: ['implicit'] }), ...parsed('code') }), { error: 'unauthorized_client' });
  });

  it('gives strict third-party clients the code flow only', () => {
    const strict = client({ third_party_security_mode: 'strict' });
    checkResponseTypeAllowed({ client: strict, ...parsed('code') });
    assert.throws(() => checkResponseTypeAllowed({ client: strict, ...parsed('id_token') }), { error: 'unsupported_response_type' });
  });
});
