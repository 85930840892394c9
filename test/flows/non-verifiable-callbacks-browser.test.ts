// Non-verifiable callbacks in headless Chromium: the consent page's notice for a third-party app,
// the first-party confirmation page (Continue gives a code that exchanges, Cancel answers
// access_denied), and the dashboard's checkbox for Auth0's skip setting. The app listens on
// 127.0.0.1, as a desktop app or a local development server does. The pages are saved to
// test-artifacts/callback-*.png for a look. On both stores, as non-verifiable-callbacks.test.ts
// is over HTTP.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium, signInToDashboard } from '../helpers/browser.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createUser, registerThirdPartyClient } from '../helpers/fixtures.ts';
import { managementToken, request } from '../management/helpers.ts';

const ARTIFACTS = path.resolve('test-artifacts');
const USER = { email: 'grace@example.com', password: 'correct horse battery' };
const VERIFIER = randomBytes(32).toString('base64url');

for (const dialect of dialects()) {
  describe(`non-verifiable callbacks in Chromium (${dialect})`, { skip: skipWithoutChromium }, () => {
    let server: TestServer;
    let app: http.Server;
    let redirectUri: string;
    let browser: Browser;
    let page: Page;
    let admin: string;

    before(async () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      server = await startServer({ dialect, publicUrlFromPort: true });
      app = http.createServer((_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Desktop app</title><p>Back in the app</p>'),
      );
      await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
      redirectUri = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`;
      await createUser(server, { ...USER, name: 'Grace Hopper' });
      admin = await managementToken(server, server.credentials.management);
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1000, height: 860 } })).newPage();
    });

    after(async () => {
      await browser?.close();
      await new Promise((r) => app?.close(r));
      await server?.close();
    });

    const authorizeUrl = (clientId: string, state: string) =>
      `${server.url}/authorize?` +
      new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirectUri,
        scope: 'openid profile',
        state,
        code_challenge: createHash('sha256').update(VERIFIER).digest('base64url'),
        code_challenge_method: 'S256',
      });

    /** The query the app received at its callback. */
    async function arrival(): Promise<URLSearchParams> {
      await page.waitForURL((u) => u.href.startsWith(`${redirectUri}?`));
      return new URL(page.url()).searchParams;
    }

    test('a third-party app: the consent page says which program on this device gets the code', async () => {
      const client = await registerThirdPartyClient(server, { redirectUris: [redirectUri], name: 'Terminal Helper', authMethod: 'none', appType: 'native' });
      await page.goto(authorizeUrl(client.client_id, 'tp-1'));
      await page.fill('#email', USER.email);
      await page.fill('#password', USER.password);
      await page.click('button[type=submit]');
      await page.waitForSelector('#callback-notice');
      assert.equal(new URL(page.url()).pathname, '/u/consent');
      const port = new URL(redirectUri).port;
      assert.equal((await page.locator('#callback-notice .callout-title').textContent())!.trim(), 'This goes to an app on this device, not to a website');
      assert.match(
        (await page.locator('#callback-notice').textContent())!,
        new RegExp(`Terminal Helper will receive your sign-in through a program on this device listening on 127\\.0\\.0\\.1:${port}\\.`),
      );
      assert.equal(await page.locator('#callback-notice').getAttribute('role'), 'note');
      await page.screenshot({ path: path.join(ARTIFACTS, 'callback-consent.png'), fullPage: true });
      await page.getByRole('button', { name: 'Accept' }).click();
      const back = await arrival();
      assert.equal(back.get('state'), 'tp-1');
      assert.ok(back.get('code'));
    });

    test('a first-party app: Continue / Cancel before the code goes to the loopback callback; Continue gives a code that exchanges', async () => {
      const created = await request(server, 'POST', '/api/v2/clients', {
        token: admin,
        body: { name: 'Acme Desktop', app_type: 'native', callbacks: [redirectUri], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'] },
      });
      assert.equal(created.status, 201, created.text);
      const clientId: string = created.json.client_id;

      await page.goto(authorizeUrl(clientId, 'fp-1'));
      await page.waitForSelector('#callback-notice');
      assert.equal(new URL(page.url()).pathname, '/u/confirm');
      assert.equal(await page.title(), 'Continue to Acme Desktop · default');
      assert.equal((await page.locator('h1').textContent())!.trim(), 'Continue to Acme Desktop?');
      assert.match((await page.locator('#callback-notice').textContent())!, /a program on this device listening on 127\.0\.0\.1:\d+/);
      const cancel = page.getByRole('button', { name: 'Cancel' });
      const proceed = page.getByRole('button', { name: 'Continue' });
      assert.equal(await cancel.getAttribute('type'), 'submit');
      assert.equal(await proceed.getAttribute('type'), 'submit');
      await page.screenshot({ path: path.join(ARTIFACTS, 'callback-confirm.png'), fullPage: true });
      await proceed.click();
      const back = await arrival();
      assert.equal(back.get('state'), 'fp-1');
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: clientId,
          code: back.get('code')!,
          code_verifier: VERIFIER,
          redirect_uri: redirectUri,
        }),
      });
      assert.equal(res.status, 200);
      assert.ok(((await res.json()) as { id_token?: string }).id_token);

      await page.goto(authorizeUrl(clientId, 'fp-2'));
      await page.getByRole('button', { name: 'Cancel' }).click();
      const cancelled = await arrival();
      assert.deepEqual(Object.fromEntries(cancelled), {
        error: 'access_denied',
        error_description: 'User did not authorize the request',
        state: 'fp-2',
        iss: `${server.url}/`,
      });
    });

    test('the dashboard: Settings has the skip setting as a labelled checkbox, off by default, saved through the API', async () => {
      await signInToDashboard(page, server);
      await page.click('nav[aria-label=Main] >> text=Settings');
      await page.waitForURL(`${server.url}/dashboard/default/settings`);
      const box = page.getByLabel('Skip the confirmation for non-verifiable callbacks');
      assert.equal(await box.isChecked(), false);
      assert.match((await page.locator('#skip-callback-hint').textContent())!, /Auth0 recommends leaving this off/);
      await page.locator('#consent-heading').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, 'callback-dashboard-setting.png'), fullPage: true });

      const setting = async () =>
        (await request(server, 'GET', '/api/v2/tenants/settings', { token: admin })).json.skip_non_verifiable_callback_uri_confirmation_prompt;
      await box.check();
      await page.click('button:has-text("Save")');
      await page.waitForSelector('[role=status]');
      assert.equal(await setting(), true);
      await page.reload();
      assert.equal(await page.getByLabel('Skip the confirmation for non-verifiable callbacks').isChecked(), true);
      await page.getByLabel('Skip the confirmation for non-verifiable callbacks').uncheck();
      await page.click('button:has-text("Save")');
      await page.waitForSelector('[role=status]');
      assert.equal(await setting(), false);
    });
  });
}
