// The checks of /userinfo that need no keys or storage (RFC 6750 §2-3, OIDC Core §5.3).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { User } from '../../src/domain/user.ts';
import { OAuthError } from '../../src/oauth/errors.ts';
import { answerClaims, checkAudience, readBearerToken, requireOpenidScope } from '../../src/oauth/endpoints/userinfo/pipeline.ts';

const ISSUER = 'https://tenant.example/';

function refusal(fn: () => unknown): OAuthError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OAuthError) return err;
    throw err;
  }
  assert.fail('expected a refusal');
}

describe('readBearerToken', () => {
  it('reads the Authorization header or the form body', () => {
    assert.deepEqual(readBearerToken({ authorization: 'bearer abc.def ', body: undefined }), { token: 'abc.def' });
    assert.deepEqual(readBearerToken({ authorization: undefined, body: { access_token: 'abc' } }), { token: 'abc' });
  });

  it('challenges without an error code when no token was sent (RFC 6750 §3.1)', () => {
    const err = refusal(() => readBearerToken({ authorization: 'Basic xyz', body: undefined }));
    assert.equal(err.status, 401);
    assert.deepEqual(err.headers, { 'WWW-Authenticate': 'Bearer realm="latchkey"' });
  });

  it('refuses a token sent two ways (RFC 6750 §2)', () => {
    const err = refusal(() => readBearerToken({ authorization: 'Bearer a', body: { access_token: 'b' } }));
    assert.equal(err.status, 400);
    assert.equal(err.error, 'invalid_request');
  });
});

describe('checkAudience and requireOpenidScope', () => {
  it('needs <issuer>userinfo among the audiences and a subject', () => {
    const ctx = { issuer: ISSUER };
    assert.deepEqual(checkAudience({ ctx, claims: { aud: ['https://api.example', `${ISSUER}userinfo`], sub: 'auth0|1' } }), { sub: 'auth0|1' });
    assert.equal(refusal(() => checkAudience({ ctx, claims: { aud: 'https://api.example', sub: 'auth0|1' } })).error, 'invalid_token');
    assert.equal(refusal(() => checkAudience({ ctx, claims: { aud: `${ISSUER}userinfo` } })).error, 'invalid_token');
  });

  it('needs the openid scope (403 insufficient_scope)', () => {
    assert.deepEqual(requireOpenidScope({ claims: { scope: 'openid email' } }), { scopes: ['openid', 'email'] });
    const err = refusal(() => requireOpenidScope({ claims: { scope: 'email' } }));
    assert.equal(err.status, 403);
    assert.equal(err.error, 'insufficient_scope');
  });
});

describe('answerClaims', () => {
  it('always answers sub, the rest as the scopes grant', () => {
    const user = { user_id: 'auth0|1', email: 'a@example.com', email_verified: true } as User;
    assert.deepEqual(answerClaims({ user, scopes: ['openid'] }).response, { sub: 'auth0|1' });
    assert.equal(answerClaims({ user, scopes: ['openid', 'email'] }).response.email, 'a@example.com');
  });
});
