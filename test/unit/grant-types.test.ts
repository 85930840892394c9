// grant_types / response_types resolution for dynamic registration (RFC 7591 §2.1), without HTTP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveGrantAndResponseTypes } from '../../src/oauth/endpoints/registration/policies/grant-types.ts';

describe('resolveGrantAndResponseTypes', () => {
  it('gives the defaults when neither list is sent', () => {
    assert.deepEqual(resolveGrantAndResponseTypes(undefined, undefined), { grant_types: ['authorization_code'], response_types: ['code'] });
    const classic = resolveGrantAndResponseTypes(undefined, undefined, 'auth0-classic');
    assert.deepEqual(classic.grant_types, ['authorization_code', 'implicit', 'refresh_token']);
    assert.ok(classic.response_types.includes('id_token token'));
  });

  it('derives the grants from the response types, and the response types from the grants', () => {
    assert.deepEqual(resolveGrantAndResponseTypes(undefined, ['code id_token']).grant_types, ['authorization_code', 'implicit']);
    assert.deepEqual(resolveGrantAndResponseTypes(['implicit', 'authorization_code'], undefined).response_types, ['code', 'token']);
  });

  it('canonicalises the order of a response type and drops duplicates', () => {
    const r = resolveGrantAndResponseTypes(['implicit'], ['token id_token', 'id_token token']);
    assert.deepEqual(r.response_types, ['id_token token']);
    assert.deepEqual(resolveGrantAndResponseTypes(['authorization_code', 'authorization_code'], undefined).grant_types, ['authorization_code']);
  });

  it('refuses a response type whose grant is missing, and a grant without a response type', () => {
    assert.throws(() => resolveGrantAndResponseTypes(['authorization_code'], ['token']), /requires grant_types to include implicit/);
    assert.throws(() => resolveGrantAndResponseTypes(['authorization_code', 'implicit'], ['code']), /grant_types implicit has no matching response_types/);
  });

  it('refuses lists without a front-channel grant, and grants and response types it does not know', () => {
    assert.throws(() => resolveGrantAndResponseTypes(['refresh_token'], undefined), /must include authorization_code or implicit/);
    assert.throws(() => resolveGrantAndResponseTypes(['client_credentials'], undefined), /not allowed for dynamically registered clients/);
    assert.throws(() => resolveGrantAndResponseTypes(undefined, ['code code']), /not supported/);
    assert.throws(() => resolveGrantAndResponseTypes(undefined, ['none']), /not supported/);
  });
});
