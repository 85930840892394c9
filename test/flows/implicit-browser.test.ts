// The document's flow in headless Chromium: a third-party client sends the user to
// /authorize?response_type=id_token token&audience=...; the user signs in and consents;
// the app receives the tokens in the fragment; an API protected by express-oauth2-jwt-bearer
// accepts the access token and refuses a tampered one. SQLite only (the store paths are
// covered on both dialects by the other flow tests).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import { auth, requiredScopes } from 'express-oauth2-jwt-bearer';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { createApi, createUser, registerThirdPartyClient } from '../helpers/fixtures.ts';
import { halfHash } from '../../src/oauth/tokens/id-token.ts';

const API = 'https://contacts.example.com/';
const ARTIFACTS = path.resolve('test-artifacts');
const LOGO =
  'data:image/svg+xml;base64,' +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#0ea5e9"/><path d="M18 40l10-16 8 11 5-7 7 12z" fill="#fff"/><circle cx="44" cy="22" r="5" fill="#fde68a"/></svg>',
  ).toString('base64');

function listen(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const srv = http.createServer(handler as http.RequestListener);
  return new Promise((resolve) =>
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => srv.close(() => r())) });
    }),
  );
}

describe('the document’s implicit flow in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let app: { url: string; close: () => Promise<void> };
  let api: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let page: Page;
  let clientId: string;
  let redirectUri: string;

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer({ dialect: 'sqlite', publicUrlFromPort: true });
    // The app: a page that receives the authorization response.
    app = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Callback</title><p>Signed in</p>');
    });
    redirectUri = `${app.url}/callback`;
    const client = await registerThirdPartyClient(server, {
      redirectUris: [redirectUri],
      name: 'Contacts Viewer',
      logoUri: LOGO,
      allowedLogoutUrls: [`${app.url}/logged-out`],
    });
    clientId = client.client_id;
    await createApi(server, { identifier: API, name: 'Contacts API' });
    await createUser(server, { email: 'grace@example.com', password: 'correct horse battery', name: 'Grace Hopper' });

    const protectedApi = express();
    protectedApi.get('/contacts', auth({ issuerBaseURL: server.url, audience: API }), requiredScopes('read:contacts'), (req: any, res: any) => {
      res.json({ sub: req.auth.payload.sub, contacts: [] });
    });
    protectedApi.use((err: any, _req: unknown, res: any, _next: unknown) => {
      res
        .status(err.status ?? 500)
        .set(err.headers ?? {})
        .json({ error: err.code ?? 'server_error' });
    });
    api = await listen(protectedApi);

    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1000, height: 760 } })).newPage();
  });

  after(async () => {
    await browser?.close();
    await api?.close();
    await app?.close();
    await server?.close();
  });

  const authorizeUrl = (state: string, nonce: string) =>
    `${server.url}/authorize?` +
    new URLSearchParams({
      response_type: 'id_token token',
      client_id: clientId,
      redirect_uri: redirectUri,
      audience: API,
      scope: 'openid profile read:contacts',
      nonce,
      state,
    });

  function fragmentOf(url: string): URLSearchParams {
    assert.ok(url.startsWith(`${redirectUri}#`), url);
    return new URLSearchParams(url.slice(url.indexOf('#') + 1));
  }

  test('sign in, consent, tokens in the fragment, API accepts the access token', async () => {
    await page.goto(authorizeUrl('s-1', 'n-1'));
    await page.waitForSelector('#email');
    assert.match(new URL(page.url()).pathname, /^\/u\/login$/);
    assert.equal(await page.locator('label[for=email]').textContent(), 'Email');
    assert.equal(await page.locator('label[for=password]').textContent(), 'Password');
    assert.match((await page.locator('.lead').textContent())!, /Log in to default to continue to Contacts Viewer\./);
    await page.screenshot({ path: path.join(ARTIFACTS, 'login.png') });

    // A wrong password first: the generic message.
    await page.fill('#email', 'grace@example.com');
    await page.fill('#password', 'wrong password');
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=alert]');
    assert.equal((await page.locator('[role=alert]').textContent())!.trim(), 'Wrong email or password.');
    await page.screenshot({ path: path.join(ARTIFACTS, 'login-error.png') });

    await page.fill('#password', 'correct horse battery');
    await page.click('button[type=submit]');
    await page.waitForSelector('button[value=accept]');
    assert.match(new URL(page.url()).pathname, /^\/u\/consent$/);
    const consentText = (await page.locator('.card').textContent())!;
    assert.match(consentText, /Contacts Viewer/);
    assert.match(consentText, /Read your contacts/);
    assert.match(consentText, new RegExp(new URL(redirectUri).host.replace(/\./g, '\\.')));
    // A self-registered app is marked as such: nobody at the tenant vouched for its name.
    assert.match((await page.locator('#unverified').textContent())!, /registered itself: it is not verified by /);
    await page.screenshot({ path: path.join(ARTIFACTS, 'consent.png') });

    await page.click('button[value=accept]');
    await page.waitForURL((u) => u.href.startsWith(redirectUri));
    const fragment = fragmentOf(page.url());
    assert.deepEqual([...fragment.keys()].sort(), ['access_token', 'expires_in', 'id_token', 'iss', 'scope', 'state', 'token_type']);
    assert.equal(fragment.get('token_type'), 'Bearer');
    assert.equal(fragment.get('expires_in'), '7200');
    assert.equal(fragment.get('state'), 's-1');
    assert.equal(fragment.get('iss'), `${server.url}/`);
    assert.equal(fragment.get('scope'), 'openid profile read:contacts');

    const jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    const { payload: id } = await jwtVerify(fragment.get('id_token')!, jwks, { issuer: `${server.url}/`, audience: clientId });
    assert.equal(id.nonce, 'n-1');
    assert.equal(id.name, 'Grace Hopper');
    assert.equal(id.at_hash, halfHash(fragment.get('access_token')!));

    const accessToken = fragment.get('access_token')!;
    const ok = await fetch(`${api.url}/contacts`, { headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).sub, id.sub);

    const [h, p, s] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, scope: `${claims.scope} write:contacts` })).toString('base64url')}.${s}`;
    const refused = await fetch(`${api.url}/contacts`, { headers: { authorization: `Bearer ${tampered}` } });
    assert.equal(refused.status, 401);
  });

  test('a second authorization in the same browser session asks for no login; the loopback callback brings the consent page back', async () => {
    const seen: string[] = [];
    page.on('framenavigated', (f) => f === page.mainFrame() && seen.push(f.url()));
    await page.goto(authorizeUrl('s-2', 'n-2'));
    // The app's callback is on 127.0.0.1: by default its consent page (with where the tokens go)
    // is shown on every authorization, as Auth0 does for localhost callbacks.
    await page.waitForSelector('button[value=accept]');
    assert.match((await page.locator('#callback-notice').textContent())!, new RegExp(`listening on ${new URL(redirectUri).host.replace(/\./g, '\\.')}`));
    await page.click('button[value=accept]');
    await page.waitForURL((u) => u.href.startsWith(redirectUri));
    page.removeAllListeners('framenavigated');
    assert.equal(fragmentOf(page.url()).get('state'), 's-2');
    assert.deepEqual(
      seen.filter((u) => u.includes('/u/')).map((u) => new URL(u).pathname),
      ['/u/consent'],
    );
  });

  test('an unregistered redirect_uri shows the error page and does not redirect', async () => {
    const bad = authorizeUrl('s-3', 'n-3').replace(encodeURIComponent(redirectUri), encodeURIComponent(`${app.url}/evil`));
    const response = await page.goto(bad);
    assert.equal(response!.status(), 400);
    assert.ok(page.url().startsWith(`${server.url}/authorize?`));
    assert.equal(await page.locator('#error-description').textContent(), `Callback URL mismatch. ${app.url}/evil is not in the list of allowed callback URLs.`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'error.png') });
  });

  test('/v2/logout ends the session; the next authorization asks to log in again', async () => {
    // A self-registered app is under open_redirect_protection: the page offers its logout URL as a link.
    await page.goto(`${server.url}/v2/logout?` + new URLSearchParams({ client_id: clientId, returnTo: `${app.url}/logged-out` }));
    assert.match(page.url(), /\/v2\/logout\?/);
    await page.getByRole('link', { name: /^Continue to / }).click();
    await page.waitForURL(`${app.url}/logged-out`);
    await page.goto(authorizeUrl('s-4', 'n-4'));
    await page.waitForSelector('#email');
    assert.match(new URL(page.url()).pathname, /^\/u\/login$/);
  });
});
