// PKCE at /authorize (RFC 7636 §4.3, RFC 9700 §2.1.1), without HTTP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '../../src/domain/client.ts';
import type { ResponseTypePart } from '../../src/oauth/endpoints/authorize/context.ts';
import { checkPkce } from '../../src/oauth/endpoints/authorize/steps/check-pkce.ts';

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const confidential = { token_endpoint_auth_method: 'client_secret_post' } as Client;
const publicClient = { token_endpoint_auth_method: 'none' } as Client;
const strict = { token_endpoint_auth_method: 'client_secret_post', third_party_security_mode: 'strict' } as Client;
const run = (client: Client, params: Record<string, string>, parts: ResponseTypePart[] = ['code']) =>
  checkPkce({ client, params, responseType: new Set(parts) });

describe('checkPkce', () => {
  it('keeps an S256 challenge', () => {
    assert.deepEqual(run(publicClient, { code_challenge: CHALLENGE, code_challenge_method: 'S256' }), { codeChallenge: CHALLENGE });
  });

  it('lets a confidential client go without PKCE, but not a public or strict client', () => {
    assert.deepEqual(run(confidential, {}), { codeChallenge: undefined });
    assert.throws(() => run(publicClient, {}), /PKCE with S256 is required/);
    assert.throws(() => run(strict, {}), /PKCE with S256 is required/);
  });

  it('refuses plain (also when the method is left out), a method without a challenge, and a malformed challenge', () => {
    assert.throws(() => run(confidential, { code_challenge: CHALLENGE }), /Unsupported code_challenge_method: plain/);
    assert.throws(() => run(confidential, { code_challenge: CHALLENGE, code_challenge_method: 'plain' }), /Use S256/);
    assert.throws(() => run(confidential, { code_challenge_method: 'S256' }), /Missing required parameter: code_challenge$/);
    assert.throws(() => run(confidential, { code_challenge: 'short', code_challenge_method: 'S256' }), /43 base64url/);
  });

  it('does nothing when no code is returned', () => {
    assert.deepEqual(run(publicClient, {}, ['token']), { codeChallenge: undefined });
  });
});
