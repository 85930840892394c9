// Brute-force protection in Chromium: after max_attempts wrong passwords the login page says the
// account is blocked, and keeps saying so for the right password; the unblock page from the
// notification mail confirms with one button, after which the sign-in reaches the app.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { ManagementClient } from 'auth0';
import { dialects, type TestServer } from '../helpers/server.ts';
import { launchChromium, skipWithoutChromium } from '../helpers/browser.ts';
import type { TestSmtp } from '../helpers/smtp.ts';
import { startMailingTenant, toOf, type MailingTenant } from './support.ts';
import { createUser, registerThirdPartyClient, skipCallbackConfirmation } from '../helpers/fixtures.ts';
import type { Client } from '../../src/domain/client.ts';

const ARTIFACTS = path.resolve('test-artifacts');
const REDIRECT = 'http://127.0.0.1:9/callback';
const PASSWORD = 'Right-password-1';

for (const dialect of dialects()) {
  describe(`brute-force protection in Chromium (${dialect})`, { skip: skipWithoutChromium }, () => {
    let mailing: MailingTenant;
    let server: TestServer;
    let smtp: TestSmtp;
    let mgmt: ManagementClient;
    let client: Client;
    let browser: Browser;

    before(async () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      mailing = await startMailingTenant(dialect);
      ({ server, smtp, mgmt } = mailing);
      await mgmt.attackProtection.bruteForceProtection.update({ max_attempts: 3 });
      client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT], name: 'Notes' });
      await skipCallbackConfirmation(server);
      await createUser(server, { email: 'eve@example.com', password: PASSWORD });
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      await smtp?.close();
    });

    test('the login page says the account is blocked; the mailed unblock page lets the user back in', async () => {
      const page = await browser.newPage();
      const authorize = `${server.url}/authorize?${new URLSearchParams({ client_id: client.client_id, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 's' })}`;
      await page.goto(authorize);
      for (const guess of ['guess-1', 'guess-2', 'guess-3']) {
        await page.fill('#email', 'eve@example.com');
        await page.fill('#password', guess);
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.waitForSelector('#login-error');
      }
      const blocked =
        'This account has been blocked after too many failed login attempts from your network. Try again in 15 minutes, or use the unblock link in the email sent to the account.';
      assert.equal(await page.textContent('#login-error'), blocked);
      await page.fill('#password', PASSWORD);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForSelector('#login-error');
      assert.equal(await page.textContent('#login-error'), blocked);
      assert.equal(await page.getAttribute('#email', 'aria-describedby'), 'login-error');
      await page.screenshot({ path: path.join(ARTIFACTS, 'login-blocked.png'), fullPage: true });

      const mail = await smtp.next((m) => toOf(m) === 'eve@example.com');
      const link = /(http\S+\/u\/unblock\?ticket=[\w-]+)/.exec(mail.text ?? '')![1]!;
      await page.goto(link);
      assert.equal(await page.textContent('h1'), 'Unblock your account');
      await page.screenshot({ path: path.join(ARTIFACTS, 'unblock-confirm.png'), fullPage: true });
      await page.getByRole('button', { name: 'Unblock my account' }).click();
      await page.waitForSelector('#result');
      assert.match((await page.textContent('#result'))!, /Your account is unblocked/);

      await page.goto(authorize);
      await page.fill('#email', 'eve@example.com');
      await page.fill('#password', PASSWORD);
      await page.getByRole('button', { name: 'Continue' }).click();
      // A third-party app asks for consent first; accepting it sends the code to the app.
      const [callback] = await Promise.all([page.waitForRequest((r) => r.url().startsWith(REDIRECT)), page.getByRole('button', { name: 'Accept' }).click()]);
      assert.ok(new URL(callback.url()).searchParams.get('code'), callback.url());
      await page.close();
    });
  });
}
