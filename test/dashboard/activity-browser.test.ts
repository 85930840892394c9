// The dashboard's landing page (Activity) and its Logs page in headless Chromium, after a
// scripted burst of sign-ins, failed sign-ins, a sign-up and token exchanges: every chart has
// bars, the totals are right, the charts need no JavaScript, and the Logs filters narrow the
// list. Screenshots go to test-artifacts/activity-*.png. On every dialect (the counts are SQL).
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signInToDashboard, skipWithoutChromium } from '../helpers/browser.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createUser, registerThirdPartyClient, skipCallbackConfirmation } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';
import { managementToken } from '../management/helpers.ts';

const ARTIFACTS = path.resolve('test-artifacts');
const REDIRECT = 'http://127.0.0.1:9/callback';
const PASSWORD = 'correct horse battery';
const SIGN_INS = 7;
const FAILURES = 3;

for (const dialect of dialects()) {
  describe(`the activity view in Chromium (${dialect})`, { skip: skipWithoutChromium }, () => {
    let server: TestServer;
    let browser: Browser;
    let page: Page;
    let userId: string;

    before(async () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      server = await startServer({ dialect, publicUrlFromPort: true });
      const client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT], name: 'Burst App' });
      await skipCallbackConfirmation(server);
      userId = (await createUser(server, { email: 'ada@example.com', password: PASSWORD })).user_id;
      // The burst: sign-ins through the login page, some with a wrong password, a sign-up, tokens.
      const authorizeUrl = `${server.url}/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT, scope: 'openid' })}`;
      for (let i = 0; i < FAILURES; i++) await authorizeThrough(new UserAgent(), server.url, authorizeUrl, { email: 'ada@example.com', password: 'wrong' });
      for (let i = 0; i < SIGN_INS; i++) {
        const hop = await authorizeThrough(new UserAgent(), server.url, authorizeUrl, { email: 'ada@example.com', password: PASSWORD, consent: 'accept' });
        assert.equal(hop.status, 302);
      }
      const signup = await fetch(`${server.url}/dbconnections/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_id: client.client_id,
          email: 'grace@example.com',
          password: 'Sturdy-pass-42',
          connection: 'Username-Password-Authentication',
        }),
      });
      assert.equal(signup.status, 200);
      for (let i = 0; i < 2; i++) await managementToken(server, server.credentials.management);

      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      await signInToDashboard(page, server);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    const barValues = (id: string) => page.locator(`#${id} rect.bar`).evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-value'))));
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

    test('the landing page: totals, and bars in every chart over 30 days and 48 hours', async () => {
      assert.equal((await page.locator('h1').textContent())!.trim(), 'Activity');
      assert.equal(await page.locator('#total-users').textContent(), '2');
      // The tenant's Management client and the burst's application, which registered itself.
      assert.equal(await page.locator('#total-applications').textContent(), '2');
      assert.equal(await page.locator('#total-self-registered').textContent(), '1');
      for (const [window, count] of [
        ['days', 30],
        ['hours', 48],
      ] as const) {
        if (window === 'hours') await page.click('nav[aria-label="Time range"] >> text=Last 48 hours');
        const logins = await barValues('chart-logins');
        assert.equal(logins.length, count);
        // The dashboard sign-in of this test counts too.
        assert.equal(sum(logins), SIGN_INS + 1);
        assert.equal(sum(await barValues('chart-failed-logins')), FAILURES);
        assert.equal(sum(await barValues('chart-registrations')), 2, 'the sign-up and the self-registered application');
        assert.equal(sum(await barValues('chart-tokens')), 2, 'the two client credentials exchanges');
        const tall = await page.locator('#chart-logins rect.bar').last().getAttribute('height');
        assert.ok(Number(tall) > 10, `the last bar is drawn (${tall})`);
        assert.match((await page.locator('#chart-logins-svg-desc').textContent())!, new RegExp(`^${SIGN_INS + 1} successful sign-ins in the last`));
        assert.equal(await page.locator('#chart-logins').getAttribute('role'), 'img');
        await page.screenshot({ path: path.join(ARTIFACTS, `activity-${window}-${dialect}.png`), fullPage: true });
      }
      // The numbers behind a chart, as a table.
      await page.click('#chart-failed-logins >> xpath=.. >> summary');
      assert.equal(await page.locator('#chart-failed-logins ~ details table tbody tr').count(), 48);
    });

    test('the charts need no JavaScript', async () => {
      const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
      const plain = await context.newPage();
      await plain.goto(`${server.url}/dashboard/default/activity`);
      const values = await plain.locator('#chart-logins rect.bar').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-value'))));
      assert.equal(sum(values), SIGN_INS + 1);
      await context.close();
    });

    test('Logs: filter by type, by user and by date; a bad range is explained on the form', async () => {
      await page.click('nav[aria-label=Main] >> text=Logs');
      assert.equal((await page.locator('h1').textContent())!.trim(), 'Logs');
      await page.selectOption('#type', 'failed-sign-ins');
      await page.click('button:has-text("Filter")');
      const types = await page.locator('tbody .badge').allTextContents();
      assert.deepEqual(types, Array(FAILURES).fill('fp'));
      assert.equal(new URL(page.url()).searchParams.get('type'), 'failed-sign-ins');
      await page.screenshot({ path: path.join(ARTIFACTS, `activity-logs-${dialect}.png`), fullPage: true });

      await page.selectOption('#type', '');
      await page.fill('#user', userId);
      await page.click('button:has-text("Filter")');
      const mine = await page.locator('tbody .badge').allTextContents();
      assert.ok(mine.includes('s') && mine.includes('fp'), mine.join());
      assert.ok(!mine.includes('ss') && !mine.includes('seccft'), mine.join());

      await page.fill('#from', '2000-01-01');
      await page.fill('#to', '2000-01-02');
      await page.click('button:has-text("Filter")');
      assert.equal(await page.locator('tbody tr').count(), 0);
      assert.match((await page.locator('.empty').textContent())!, /No events match/);

      await page.goto(`${server.url}/dashboard/default/logs?from=2026-02-31`);
      assert.match((await page.locator('[role=alert]').textContent())!, /not an ISO 8601 date/);
    });
  });
}
