// A new user's whole journey in Chromium, on both stores: from an app's /authorize (openid-client,
// code + PKCE, a callback server on loopback) to "Sign up", consent and back to the app; the
// verification mail on a real SMTP server; later "Forgot password?", the reset mail, a new
// password, the old one refused, the new one accepted, and back to the app again.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ManagementClient } from 'auth0';
import { launchChromium, skipWithoutChromium } from '../helpers/browser.ts';
import { dialects, type TestServer } from '../helpers/server.ts';
import type { TestSmtp } from '../helpers/smtp.ts';
import { startMailingTenant, toOf, type MailingTenant } from './support.ts';
import { registerThirdPartyClient } from '../helpers/fixtures.ts';
import { startCodeFlow, type CodeFlowStart } from '../helpers/openid-client.ts';
import { configureRegistration } from '../registration/support.ts';

const ARTIFACTS = path.resolve('test-artifacts');
const EMAIL = 'ada@example.com';
const FIRST_PASSWORD = 'Analytical-engine-1';
const NEW_PASSWORD = 'Difference-engine-2';
const linkIn = (text: string | undefined, page: string) => new RegExp(`(http\\S+/u/${page}\\?ticket=[\\w-]+)`).exec(text ?? '')?.[1];

/** The app's redirect URI: a real server on loopback that answers with a page. */
async function startCallbackServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Notes</title><h1>Back in Notes</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/callback`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

for (const dialect of dialects()) {
  describe(`a new user signs up, verifies, resets the password and signs in, in Chromium (${dialect})`, { skip: skipWithoutChromium }, () => {
    let tenant: MailingTenant;
    let server: TestServer;
    let smtp: TestSmtp;
    let callback: Awaited<ReturnType<typeof startCallbackServer>>;
    let mgmt: ManagementClient;
    let clientId: string;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;

    before(async () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      ({ server, smtp, mgmt } = tenant = await startMailingTenant(dialect, { from: 'no-reply@example.com' }));
      callback = await startCallbackServer();
      const client = await registerThirdPartyClient(server, {
        name: 'Notes',
        redirectUris: [callback.url],
        authMethod: 'none',
        grantTypes: ['authorization_code', 'refresh_token'],
      });
      clientId = client.client_id;
      await configureRegistration(server);
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
      page = await context.newPage();
    });
    after(async () => {
      await browser?.close();
      await tenant?.close();
      await callback?.close();
    });

    const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}-${dialect}.png`), fullPage: true });
    const flow = (state: string) => startCodeFlow(server.url, { client_id: clientId }, { redirect_uri: callback.url, scope: 'openid email profile', state });
    /** Accepts the consent page (shown on every authorization to a loopback callback), then exchanges the code. */
    const consentAndExchange = async (f: CodeFlowStart, state: string) => {
      await page.waitForSelector('button[value=accept]');
      assert.match((await page.locator('h1').textContent())!, /Notes/);
      await page.click('button[value=accept]');
      await page.waitForURL((u) => u.href.startsWith(callback.url));
      assert.equal(await page.locator('h1').textContent(), 'Back in Notes');
      const tokens = await oidc.authorizationCodeGrant(f.config, new URL(page.url()), {
        pkceCodeVerifier: f.verifier,
        expectedState: state,
        expectedNonce: 'n',
      });
      return tokens.claims()!;
    };

    test('sign up from the login page; the authorization goes on to consent and the app; the mailed link verifies the email', async () => {
      const f = await flow('first');
      await page.goto(f.url.href);
      await page.waitForURL(/\/u\/login\?/);
      await page.click('#signup-link');
      await page.waitForURL(/\/u\/signup\?/);
      assert.equal(await page.locator('h1').textContent(), 'Create your account');
      assert.deepEqual(await page.locator('#password-rules li').allTextContents(), [
        'At least 8 characters',
        'At least 3 of: lower case letters (a-z), upper case letters (A-Z), numbers (0-9), special characters (e.g. !@#$%^&*)',
      ]);
      await shot('signup');

      await page.fill('#email', EMAIL);
      await page.fill('#password', 'lowercaseonly');
      await page.click('button:has-text("Continue")');
      assert.match((await page.locator('#signup-error').textContent())!, /does not meet this rule: At least 3 of/);
      assert.equal(await page.locator('#email').inputValue(), EMAIL, 'the email is kept');
      await shot('signup-weak-password');
      await page.fill('#password', FIRST_PASSWORD);
      await page.click('button:has-text("Continue")');

      const claims = await consentAndExchange(f, 'first');
      assert.equal(claims.email, EMAIL);
      assert.equal(claims.email_verified, false, 'signed in before verifying, as at Auth0');

      const mail = await smtp.next((m) => toOf(m) === EMAIL && /email-verification/.test(m.text ?? ''));
      const link = linkIn(mail.text, 'email-verification');
      assert.ok(link?.startsWith(`${server.url}/u/email-verification?`), mail.text);
      await page.goto(link!);
      await page.click('button:has-text("Verify my email")');
      assert.equal(await page.locator('h1').textContent(), 'Email verified');
      const [user] = await mgmt.users.listUsersByEmail({ email: EMAIL });
      assert.equal(user?.email_verified, true);
    });

    test('later, "Forgot password?" mails a reset link; the new password signs in (the old one is refused) and the app gets its tokens', async () => {
      await context.clearCookies();
      const f = await flow('second');
      await page.goto(f.url.href);
      await page.waitForURL(/\/u\/login\?/);
      assert.equal(await page.locator('#signup-link').textContent(), 'Sign up');
      await shot('login-links');
      await page.click('#forgot-password');
      await page.waitForURL(/\/u\/reset-password\/request\?/);
      await shot('reset-request');
      await page.fill('#email', EMAIL);
      await page.click('button:has-text("Continue")');
      assert.equal(await page.locator('h1').textContent(), 'Check your email');
      await shot('reset-request-sent');

      const mail = await smtp.next((m) => toOf(m) === EMAIL && /reset-password/.test(m.text ?? ''));
      const link = linkIn(mail.text, 'reset-password');
      assert.ok(link?.startsWith(`${server.url}/u/reset-password?`), mail.text);
      await page.goto(link!);
      await page.fill('#password', NEW_PASSWORD);
      await page.click('button:has-text("Reset password")');
      assert.equal(await page.locator('h1').textContent(), 'Password changed');
      await shot('reset-done');
      await page.click('a:has-text("Back to the application")');

      await page.waitForURL(/\/u\/login\?/);
      await page.fill('#email', EMAIL);
      await page.fill('#password', FIRST_PASSWORD);
      await page.click('button:has-text("Continue")');
      assert.equal(await page.locator('#login-error').textContent(), 'Wrong email or password.');
      await page.fill('#password', NEW_PASSWORD);
      await page.click('button:has-text("Continue")');
      const claims = await consentAndExchange(f, 'second');
      assert.equal(claims.email, EMAIL);
      assert.equal(claims.email_verified, true);
    });
  });
}
