// What the logs carry of credentials and hints: nothing. Request lines (info level), handler
// lines and errors, captured from the server's own log stream, with the sensitive values sent in
// URLs, form bodies and JSON.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { loadConfig } from '../../src/config/config.ts';
import { buildLatchkey, type Latchkey } from '../../src/main.ts';
import { tempDir } from '../helpers/server.ts';
import { isSensitiveName, redactText } from '../../src/http/log-redaction.ts';

const SECRETS = {
  id_token_hint: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
  login_hint: 'grace.hopper@example.com',
  code: 'AUTHCODE-7f3a9c',
  state: 'STATE-b81e2d',
  code_verifier: 'VERIFIER-0c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4',
  client_secret: 'CLIENT-SECRET-91ab',
  refresh_token: 'REFRESH-55aa',
  subject_token: 'SUBJECT-TOKEN-77cc',
  x_api_secret_key: 'API-SECRET-33dd',
};

describe('log redaction', () => {
  let latchkey: Latchkey;
  let dataDir: string;
  const lines: string[] = [];

  before(async () => {
    dataDir = tempDir();
    latchkey = await buildLatchkey(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'info', DATABASE_URL: '' }), {
      logDestination: { write: (text: string) => void lines.push(...text.split('\n').filter(Boolean)) },
    });
    // A handler that logs what a careless one might: the body, a URL in its message, an error naming a URL.
    latchkey.app.post('/log-probe', { config: { noTenant: true } }, async (request) => {
      request.log.warn({ body: request.body, nested: { list: [{ access_token: SECRETS.refresh_token }] } }, 'probe body');
      request.log.warn(`calling back https://app.example.com/cb?code=${SECRETS.code}&state=${SECRETS.state}&keep=visible`);
      request.log.error({ err: new Error(`fetch failed for https://x.example/?client_secret=${SECRETS.client_secret}`) }, 'probe error');
      request.log.warn({ raw: `{"refresh_token":"${SECRETS.refresh_token}","client_id":"visible-client"}` }, 'probe json text');
      return { ok: true };
    });
  });
  after(async () => {
    await latchkey.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('request lines: the values of id_token_hint, login_hint, code, state, code_verifier and *token* / *secret* parameters are redacted; others stay', async () => {
    const query = new URLSearchParams({ ...SECRETS, client_id: 'visible-client', post_logout_redirect_uri: 'https://app.example.com/bye' });
    await latchkey.app.inject({ url: `/oidc/logout?${query}` });
    await latchkey.app.inject({ url: `/authorize?${query}` });
    await latchkey.app.inject({
      url: `/oauth/token?${query}`,
      method: 'POST',
      payload: query.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const requestLines = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'incoming request');
    assert.equal(requestLines.length, 3);
    for (const l of requestLines) {
      assert.match(l.req.url, /client_id=visible-client/);
      assert.match(l.req.url, /id_token_hint=\[redacted\]/);
      assert.match(l.req.url, /login_hint=\[redacted\]/);
      assert.match(l.req.url, /post_logout_redirect_uri=https/);
    }
    const all = lines.join('\n');
    for (const [name, value] of Object.entries(SECRETS)) assert.ok(!all.includes(value) && !all.includes(encodeURIComponent(value)), `${name} leaked`);
  });

  it('handler lines: bodies, nested members, messages, error messages and JSON text', async () => {
    const body = new URLSearchParams({ ...SECRETS, client_id: 'visible-client' }).toString();
    const res = await latchkey.app.inject({
      url: '/log-probe',
      method: 'POST',
      payload: body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.statusCode, 200);
    const parsed = lines.map((l) => JSON.parse(l));
    const probe = parsed.find((l) => l.msg === 'probe body');
    assert.equal(probe.body.client_id, 'visible-client');
    assert.equal(probe.body.code, '[redacted]');
    assert.equal(probe.nested.list[0].access_token, '[redacted]');
    assert.ok(parsed.some((l) => typeof l.msg === 'string' && l.msg.includes('state=[redacted]&keep=visible')));
    const error = parsed.find((l) => l.msg === 'probe error');
    assert.match(error.err.message, /client_secret=\[redacted\]/);
    assert.match(parsed.find((l) => l.msg === 'probe json text').raw, /"client_id":"visible-client"/);
    const all = lines.join('\n');
    for (const [name, value] of Object.entries(SECRETS)) assert.ok(!all.includes(value) && !all.includes(encodeURIComponent(value)), `${name} leaked`);
  });

  it('names: exact hints and codes, anything with token or secret, percent-encoded too', () => {
    for (const n of ['code', 'state', 'login_hint', 'id_token_hint', 'code_verifier', 'access_token', 'X-Secret', 'id%5Ftoken'])
      assert.ok(isSensitiveName(n), n);
    for (const n of ['client_id', 'redirect_uri', 'scope', 'response_type', 'codec', 'statement']) assert.ok(!isSensitiveName(n), n);
    assert.equal(redactText('/cb?code=&state=x#frag'), '/cb?code=&state=[redacted]#frag');
  });
});
