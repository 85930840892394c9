// /u/apps in headless Chromium: a user consents to a self-registered app, which gets a refresh
// token; the user opens /u/apps (linked from the consent page), sees the app with its API,
// scopes and dates beside an app named by a Client ID Metadata Document (its verified domain),
// and revokes it. The refresh token then fails with invalid_grant and the next authorization
// shows the consent page again. A POST without the CSRF token is refused; without a session the
// page asks the user to log in and comes back. Screenshots go to test-artifacts/apps-*.png.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium } from '../helpers/browser.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createApi, createMetadataDocumentClient, createUser, defaultStores, registerThirdPartyClient, skipCallbackConfirmation } from '../helpers/fixtures.ts';
import type { Client } from '../../src/domain/client.ts';

const ARTIFACTS = path.resolve('test-artifacts');
const USER = { email: 'grace@example.com', password: 'correct horse battery' };
const API = 'https://notes.example.com/';
const VERIFIER = randomBytes(32).toString('base64url');
const CIMD_CLIENT_ID = 'https://tools.example.org/oauth/client.json';

for (const dialect of dialects()) {
  describe(`/u/apps in Chromium (${dialect})`, { skip: skipWithoutChromium }, () => {
    let server: TestServer;
    let app: http.Server;
    let redirectUri: string;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let client: Client;

    before(async () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      server = await startServer({ dialect, publicUrlFromPort: true });
      app = http.createServer((_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Notes</title><p>Back in the app</p>'),
      );
      await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
      redirectUri = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`;
      // The callback is on loopback; this suite is about stored consent, so the tenant skips the
      // confirmation such callbacks otherwise get on every authorization.
      await skipCallbackConfirmation(server);
      await createApi(server, { identifier: API, name: 'Notes API', scopes: [{ value: 'read:notes', description: 'Read your notes' }] });
      const user = await createUser(server, { ...USER, name: 'Grace Hopper' });
      client = await registerThirdPartyClient(server, { redirectUris: [redirectUri], name: 'Notes Reader' });

      // An app named by a Client ID Metadata Document, which Grace authorized earlier.
      const stores = await defaultStores(server);
      await createMetadataDocumentClient(server, CIMD_CLIENT_ID, 'Tool Kit');
      await stores.consents.grant(user.user_id, CIMD_CLIENT_ID, `${server.url}/userinfo`, ['openid', 'profile']);

      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1000, height: 1000 } });
      page = await context.newPage();
    });

    after(async () => {
      await browser?.close();
      await new Promise((r) => app?.close(r));
      await server?.close();
    });

    const authorizeUrl = (state: string, extra: Record<string, string> = {}) =>
      `${server.url}/authorize?` +
      new URLSearchParams({
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: redirectUri,
        scope: 'openid offline_access read:notes',
        audience: API,
        state,
        code_challenge: createHash('sha256').update(VERIFIER).digest('base64url'),
        code_challenge_method: 'S256',
        ...extra,
      });

    async function token(form: Record<string, string>): Promise<{ status: number; json: any }> {
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: client.client_id, client_secret: client.client_secret!, ...form }),
      });
      return { status: res.status, json: await res.json() };
    }

    async function codeAt(state: string): Promise<string> {
      await page.waitForURL((u) => u.href.startsWith(`${redirectUri}?`));
      const q = new URL(page.url()).searchParams;
      assert.equal(q.get('state'), state);
      return q.get('code')!;
    }

    test('consent, a refresh token, /u/apps, Revoke: the token dies and consent is asked again', async () => {
      await page.goto(authorizeUrl('s1'));
      await page.fill('#email', USER.email);
      await page.fill('#password', USER.password);
      await page.click('button[type=submit]');
      await page.waitForURL((u) => u.pathname === '/u/consent');
      assert.equal(await page.getAttribute('a.account-link', 'href'), '/u/apps');
      await page.click('button[value=accept]');
      const code = await codeAt('s1');
      const issued = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: VERIFIER });
      assert.equal(issued.status, 200, JSON.stringify(issued.json));
      const refreshToken = issued.json.refresh_token as string;
      assert.ok(refreshToken);

      await page.goto(`${server.url}/u/apps`);
      const entry = page.locator(`li.app[data-client-id="${client.client_id}"]`);
      assert.equal((await entry.locator('h2').textContent())!.trim(), 'Notes Reader');
      assert.equal((await entry.locator('.origin').textContent())!.trim(), 'Registered itself');
      assert.equal((await entry.locator('.api').textContent())!.trim(), 'Notes API');
      const scopes = await entry.locator('.scopes .name').allTextContents();
      assert.deepEqual(scopes, ['Confirm your identity', 'Stay connected when you are not using the app', 'Read your notes']);
      const today = new Date().toISOString().slice(0, 10);
      assert.deepEqual(await entry.locator('.dates dd').allTextContents(), [today, today]);

      const tool = page.locator(`li.app[data-client-id="${CIMD_CLIENT_ID}"]`);
      assert.equal((await tool.locator('.origin strong').textContent())!.trim(), 'tools.example.org');
      assert.equal((await tool.locator('.api').textContent())!.trim(), 'Sign-in');
      assert.equal((await tool.locator('.dates dd').nth(1).textContent())!.trim(), today, 'granted just now counts as used');
      await page.screenshot({ path: path.join(ARTIFACTS, `apps-list-${dialect}.png`), fullPage: true });

      // A POST without the form's CSRF token (as another site would send it) changes nothing.
      const forged = await context.request.post(`${server.url}/u/apps/revoke`, { form: { client_id: client.client_id }, maxRedirects: 0 });
      assert.equal(forged.status(), 403);
      const refreshed = await token({ grant_type: 'refresh_token', refresh_token: refreshToken });
      assert.equal(refreshed.status, 200, 'still authorized');
      const current = refreshed.json.refresh_token as string;

      await page.goto(`${server.url}/u/apps`);
      await entry.locator('button[type=submit]').click();
      await page.waitForSelector('#revoked');
      assert.equal((await page.locator('#revoked').textContent())!.trim(), 'Notes Reader no longer has access to your account.');
      assert.equal(await page.locator(`li.app[data-client-id="${client.client_id}"]`).count(), 0);
      assert.equal(await page.locator(`li.app[data-client-id="${CIMD_CLIENT_ID}"]`).count(), 1, 'the other app keeps its access');
      await page.screenshot({ path: path.join(ARTIFACTS, `apps-revoked-${dialect}.png`), fullPage: true });

      const refused = await token({ grant_type: 'refresh_token', refresh_token: current });
      assert.equal(refused.json.error, 'invalid_grant');

      await page.goto(authorizeUrl('s3'));
      await page.waitForURL((u) => u.pathname === '/u/consent');
      await page.click('button[value=accept]');
      await codeAt('s3');
    });

    test('without a session /u/apps asks to log in and comes back; the login page of a signed-in user links to it', async () => {
      const fresh = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      const p = await fresh.newPage();
      await p.goto(`${server.url}/u/apps`);
      assert.equal(new URL(p.url()).pathname, '/u/apps/login');
      await p.screenshot({ path: path.join(ARTIFACTS, `apps-login-${dialect}.png`), fullPage: true });
      await p.fill('#email', USER.email);
      await p.fill('#password', 'wrong password');
      await p.click('button[type=submit]');
      assert.match((await p.locator('#login-error').textContent())!, /Wrong email or password/);
      await p.fill('#password', USER.password);
      await p.click('button[type=submit]');
      await p.waitForURL((u) => u.pathname === '/u/apps');
      assert.match((await p.locator('.lead').textContent())!, /grace@example\.com/);

      await p.goto(authorizeUrl('s4', { prompt: 'login' }));
      await p.waitForURL((u) => u.pathname === '/u/login');
      assert.match((await p.locator('#session').textContent())!, /signed in as grace@example\.com/);
      await p.click('a.account-link');
      await p.waitForURL((u) => u.pathname === '/u/apps');
      await fresh.close();
    });
  });
}
