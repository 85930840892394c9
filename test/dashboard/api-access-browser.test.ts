// An API's access policy and third-party access, as a tenant owner sets them in Chromium: the
// policy is saved through the Management API and takes effect at /authorize; a third-party app
// is granted scopes (a user-type client grant), changed, refused when unknown, and removed.
// The page is saved to test-artifacts/dashboard-api-access.png for a look.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium, signInToDashboard } from '../helpers/browser.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createApi, defaultStores, registerThirdPartyClient } from '../helpers/fixtures.ts';
import type { Client } from '../../src/domain/client.ts';

const ARTIFACTS = path.resolve('test-artifacts');
const API = 'https://contacts.example.com/';
const REDIRECT = 'http://127.0.0.1:9/callback';

for (const dialect of dialects()) {
  describe(`the API page's access panels in Chromium (${dialect})`, { skip: skipWithoutChromium }, () => {
    let server: TestServer;
    let browser: Browser;
    let page: Page;
    let apiId: string;
    let app: Client;

    before(async () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      server = await startServer({ dialect, publicUrlFromPort: true });
      apiId = (await createApi(server, { identifier: API })).id;
      app = await registerThirdPartyClient(server, { redirectUris: [REDIRECT], name: 'Partner Notes' });
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
      await signInToDashboard(page, server);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    /** Where /authorize sends this app's browser (it refuses before sign-in when denied). */
    const authorize = async () => {
      const res = await fetch(
        `${server.url}/authorize?` +
          new URLSearchParams({
            response_type: 'code',
            client_id: app.client_id,
            redirect_uri: REDIRECT,
            scope: 'openid read:contacts',
            audience: API,
            code_challenge: createHash('sha256').update('verifier-'.repeat(6)).digest('base64url'),
            code_challenge_method: 'S256',
          }),
        { redirect: 'manual' },
      );
      return { status: res.status, location: res.headers.get('location') ?? '' };
    };
    const userGrants = async () =>
      (await (await defaultStores(server)).clientGrants.list({ audience: API, subjectType: 'user' })).map((g) => [g.client_id, g.scope]);

    test('the access policy: two labelled selects, saved and in force', async () => {
      await page.goto(`${server.url}/dashboard/default/apis/${apiId}`);
      assert.equal((await page.locator('#access-policy-heading').textContent())!.trim(), 'Access policy');
      assert.equal(await page.inputValue('#user_policy'), 'allow_all');
      assert.equal(await page.inputValue('#client_policy'), 'require_client_grant');
      assert.match((await page.locator('label[for=user_policy]').textContent())!, /third-party/);
      assert.match((await authorize()).location, /\/u\/login/);

      await page.selectOption('#user_policy', 'require_client_grant');
      await page.click('button:has-text("Save access policy")');
      await page.waitForSelector('[role=status]');
      assert.equal((await page.locator('[role=status]').textContent())!.trim(), 'Access policy saved.');
      assert.equal(await page.inputValue('#user_policy'), 'require_client_grant');
      const refused = await authorize();
      assert.equal(refused.status, 403);
    });

    test('grant a third-party app access with some scopes, change them, refuse an unknown app, remove it', async () => {
      await page.goto(`${server.url}/dashboard/default/apis/${apiId}`);
      assert.match(await page.locator('section[aria-labelledby=user-grants-heading]').innerText(), /No third-party application has been granted access/);
      // The suggestions list the third-party apps.
      assert.deepEqual(await page.locator('#third-party-apps option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value)), [app.client_id]);

      await page.fill('#client_id', 'no-such-app');
      await page.click('button:has-text("Grant access")');
      await page.waitForSelector('#client_id-error');
      assert.equal((await page.locator('#client_id-error').textContent())!.trim(), 'No application has this client ID.');
      assert.deepEqual(await userGrants(), []);

      await page.fill('#client_id', app.client_id);
      await page.check('label:has-text("read:contacts") input');
      await page.click('button:has-text("Grant access")');
      await page.waitForSelector('[role=status]');
      assert.equal((await page.locator('[role=status]').textContent())!.trim(), 'Access granted.');
      assert.deepEqual(await userGrants(), [[app.client_id, ['read:contacts']]]);
      const row = page.locator('section[aria-labelledby=user-grants-heading] tbody tr');
      assert.match(await row.innerText(), /Partner Notes[\s\S]*read:contacts/);
      assert.match((await authorize()).location, /\/u\/login/);
      await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-api-access-${dialect}.png`), fullPage: true });

      // Granting again changes the scopes of the one grant.
      await page.fill('#client_id', app.client_id);
      await page.check('label:has-text("read:contacts") input');
      await page.check('label:has-text("write:contacts") input');
      await page.click('button:has-text("Grant access")');
      await page.waitForSelector('[role=status]');
      assert.deepEqual(await userGrants(), [[app.client_id, ['read:contacts', 'write:contacts']]]);

      await page.click('button[aria-label="Remove access of Partner Notes"]');
      await page.waitForSelector('[role=status]');
      assert.equal((await page.locator('[role=status]').textContent())!.trim(), 'Access removed.');
      assert.deepEqual(await userGrants(), []);
      assert.equal((await authorize()).status, 403);
    });
  });
}
