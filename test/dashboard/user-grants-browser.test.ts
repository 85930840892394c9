// A user's page in the dashboard, in headless Chromium: the applications the user authorized
// (from GET /api/v2/grants), and Revoke behind a confirmation page, after which the app's
// refresh token fails with invalid_grant. The page is saved to test-artifacts/dashboard-user-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, signInToDashboard, skipWithoutChromium } from '../helpers/browser.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createApi, createUser, registerThirdPartyClient, skipCallbackConfirmation } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';

const ARTIFACTS = path.resolve('test-artifacts');
const REDIRECT = 'http://127.0.0.1:9/callback';
const API = 'https://notes.example.com/';
const USER = { email: 'ada@example.com', password: 'correct horse battery' };

for (const dialect of dialects()) {
  describe(`dashboard: a user's authorized applications (${dialect})`, { skip: skipWithoutChromium }, () => {
    let server: TestServer;
    let browser: Browser;
    let page: Page;

    before(async () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      server = await startServer({ dialect, publicUrlFromPort: true });
      await skipCallbackConfirmation(server);
      await createApi(server, { identifier: API, name: 'Notes API', scopes: [{ value: 'read:notes', description: 'Read your notes' }] });
      await createUser(server, { ...USER, name: 'Ada Lovelace' });
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    test('the grant is listed with app, API and scopes; Revoke (confirmed) ends its refresh token', async () => {
      const client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT], name: 'Notes Reader' });
      const config = await oidc.discovery(new URL(server.url), client.client_id, undefined, oidc.ClientSecretPost(client.client_secret!), {
        execute: [oidc.allowInsecureRequests],
      });
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid offline_access read:notes',
        audience: API,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 's',
      });
      const hop = await authorizeThrough(new UserAgent(), server.url, url.href, { ...USER, consent: 'accept' });
      const tokens = await oidc.authorizationCodeGrant(config, new URL(hop.location!), { pkceCodeVerifier: verifier, expectedState: 's' });
      assert.ok(tokens.refresh_token);

      await signInToDashboard(page, server);
      await page.goto(`${server.url}/dashboard/default/users`);
      await page.click(`a:has-text("${USER.email}")`);
      await page.waitForSelector('#user-grants');
      assert.equal((await page.locator('h1').textContent())!.trim(), USER.email);
      const row = page.locator('#user-grants tbody tr');
      assert.equal(await row.count(), 1);
      assert.match((await row.locator('td').nth(0).textContent())!, /Notes Reader/);
      assert.match((await row.locator('td').nth(1).textContent())!, /Notes API/);
      assert.deepEqual(
        (await row.locator('td').nth(2).locator('.code').allTextContents()).map((s) => s.trim()),
        ['openid', 'offline_access', 'read:notes'],
      );
      await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-user-${dialect}.png`), fullPage: true });

      await row.locator('a:has-text("Revoke")').click();
      await page.waitForURL(/\/grants\/[0-9a-f]{24}\/revoke$/);
      assert.equal((await page.locator('h1').textContent())!.trim(), 'Revoke Notes Reader?');
      // Cancel keeps it; the confirmation page's button revokes.
      await page.click('a:has-text("Cancel")');
      assert.equal(await page.locator('#user-grants tbody tr').count(), 1);
      await page.locator('#user-grants a:has-text("Revoke")').click();
      await page.click('button:has-text("Revoke access")');
      await page.waitForSelector('#no-grants');
      assert.match((await page.locator('.notice').textContent())!, /Access revoked/);

      await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), (err: any) => err.error === 'invalid_grant');
    });
  });
}
