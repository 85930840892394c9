// Where logout may send the browser (Auth0 returnTo, RP-Initiated Logout 1.0 §2-3), and what
// the confirmation form carries along, without HTTP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '../../src/domain/client.ts';
import {
  checkLogoutAllowed,
  checkPostLogoutRedirectUri,
  checkReturnTo,
  confirmUnlessHinted,
  distrustHintForAnotherSession,
  requireCsrf,
} from '../../src/oauth/endpoints/logout/steps.ts';
import { Stop } from '../../src/oauth/pipeline.ts';

const client = { client_id: 'app1', allowed_logout_urls: ['https://app.example/bye', 'https://app.example/other?x=1'] } as Client;
const strict = { ...client, third_party_security_mode: 'strict' } as Client;

describe('checkReturnTo (Auth0 /v2/logout)', () => {
  it('accepts an allowed URL, and defaults to the first allowed URL of the client', () => {
    assert.deepEqual(checkReturnTo({ params: { returnTo: 'https://app.example/other?x=1' }, client }), { target: 'https://app.example/other?x=1' });
    assert.deepEqual(checkReturnTo({ params: {}, client }), { target: 'https://app.example/bye' });
    assert.deepEqual(checkReturnTo({ params: {}, client: undefined }), { target: undefined });
  });

  it('refuses a URL that is not allowed, or any URL without a client', () => {
    assert.throws(() => checkReturnTo({ params: { returnTo: 'https://evil.example/' }, client }), /not defined as a valid URL in "Allowed Logout URLs"/);
    assert.throws(() => checkReturnTo({ params: { returnTo: 'https://app.example/bye' }, client: undefined }), /"returnTo" querystring parameter/);
  });
});

describe('checkPostLogoutRedirectUri (RP-Initiated Logout)', () => {
  it('passes state back on an allowed URL, keeping its query', () => {
    assert.deepEqual(checkPostLogoutRedirectUri({ params: { post_logout_redirect_uri: 'https://app.example/other?x=1', state: 's 1' }, client }), {
      target: 'https://app.example/other?x=1&state=s+1',
    });
    assert.deepEqual(checkPostLogoutRedirectUri({ params: { post_logout_redirect_uri: 'https://app.example/bye' }, client }), {
      target: 'https://app.example/bye',
    });
  });

  it('has no target without the parameter (no default to the first URL, unlike Auth0)', () => {
    assert.deepEqual(checkPostLogoutRedirectUri({ params: {}, client }), { target: undefined });
  });

  it('refuses a URL without a client, and one that is not allowed', () => {
    const params = { post_logout_redirect_uri: 'https://app.example/bye' };
    assert.throws(() => checkPostLogoutRedirectUri({ params, client: undefined }), /requires id_token_hint or client_id/);
    assert.throws(() => checkPostLogoutRedirectUri({ params: { post_logout_redirect_uri: 'https://app.example/byebye' }, client }), /Allowed Logout URLs/);
  });
});

describe('checkLogoutAllowed', () => {
  it('refuses strict third-party clients only', () => {
    assert.throws(() => checkLogoutAllowed({ client: strict }), /not available/);
    checkLogoutAllowed({ client });
    checkLogoutAllowed({ client: undefined });
  });
});

describe('confirmUnlessHinted', () => {
  it('goes on with a valid hint', () => {
    assert.equal(confirmUnlessHinted({ hinted: true, client, params: {} }), undefined);
  });

  it('asks otherwise, carrying client_id, post_logout_redirect_uri and state only', () => {
    const params = { client_id: 'app1', post_logout_redirect_uri: 'https://app.example/bye', state: 'xyz', ui_locales: 'de' };
    const out = confirmUnlessHinted({ hinted: false, client, params });
    assert.ok(out instanceof Stop);
    assert.deepEqual(out.result, { hidden: { client_id: 'app1', post_logout_redirect_uri: 'https://app.example/bye', state: 'xyz' }, anotherSession: false });
    assert.deepEqual(confirmUnlessHinted({ hinted: false, client: undefined, params: {} })?.result, { hidden: {}, anotherSession: false });
  });
});

describe('requireCsrf', () => {
  it('stops with a 403 error page when the token did not match', () => {
    assert.equal(requireCsrf({ csrfValid: true }), undefined);
    assert.deepEqual(requireCsrf({ csrfValid: false })?.result.status, 403);
  });
});

describe('distrustHintForAnotherSession', () => {
  const session = (s?: { sid: string; sub: string }) => async () => s;
  it("keeps a hint for this session's sid and user, or when there is no session", async () => {
    const hint = { hinted: true, hintSid: 'sid1', hintSub: 'auth0|ada' };
    assert.deepEqual(await distrustHintForAnotherSession({ ...hint, session: session({ sid: 'sid1', sub: 'auth0|ada' }) }), hint);
    assert.deepEqual(await distrustHintForAnotherSession({ ...hint, session: session() }), hint);
    assert.deepEqual(await distrustHintForAnotherSession({ hinted: true, hintSub: 'auth0|ada', session: session({ sid: 'sid1', sub: 'auth0|ada' }) }), {
      hinted: true,
      hintSid: undefined,
      hintSub: 'auth0|ada',
    });
  });
  it('treats a hint for another sid or another user as no hint, and says so', async () => {
    const current = session({ sid: 'sid1', sub: 'auth0|ada' });
    const distrusted = { hinted: false, hintForAnotherSession: true };
    assert.deepEqual(await distrustHintForAnotherSession({ hinted: true, hintSid: 'sid2', hintSub: 'auth0|ada', session: current }), distrusted);
    assert.deepEqual(await distrustHintForAnotherSession({ hinted: true, hintSid: 'sid1', hintSub: 'auth0|bob', session: current }), distrusted);
    assert.deepEqual(await distrustHintForAnotherSession({ hinted: true, hintSub: 'auth0|bob', session: current }), distrusted);
    assert.deepEqual(await distrustHintForAnotherSession({ hinted: false, session: current }), { hinted: false });
  });
});
