// Settings > Registration tokens and the registration switches of Settings > Advanced, in
// headless Chromium: create an initial access token (shown once, copied), register with it,
// revoke it; require tokens; turn RFC 7592 self-management on. Pages saved to test-artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium, signInToDashboard } from '../helpers/browser.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { configureRegistration } from '../registration/support.ts';

const ARTIFACTS = path.resolve('test-artifacts');
const METADATA = { client_name: 'Partner App', redirect_uris: ['https://partner.example.com/cb'] };

for (const dialect of dialects()) {
  describe(`registration tokens in the dashboard (Chromium, ${dialect})`, { skip: skipWithoutChromium }, () => {
    let server: TestServer;
    let browser: Browser;
    let page: Page;

    before(async () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      server = await startServer({ dialect, publicUrlFromPort: true });
      // Limits the Advanced form can save back as they are.
      await configureRegistration(server, {
        registration_rate_limits: { per_ip_burst: 1000, per_ip_per_second: 100, per_tenant_burst: 1000, per_tenant_per_second: 100 },
      });
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      page = await context.newPage();
      await signInToDashboard(page, server);
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });
    const register = (token?: string) =>
      fetch(`${server.url}/oidc/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(METADATA),
      });

    test('create a token (shown once, with a copy button), register with it, see its use, revoke it', async () => {
      await page.click('nav[aria-label=Main] >> text=Settings');
      await page.click('nav.tabs >> text=Registration tokens');
      await page.waitForURL(`${server.url}/dashboard/default/settings/registration-tokens`);
      assert.match((await page.locator('#tokens-heading').textContent())!, /Registration tokens/);
      await page.getByLabel('Expires after').selectOption({ label: '7 days' });
      await page.getByLabel('Registrations allowed').fill('2');
      await page.getByLabel('Note').fill('Partner onboarding');
      await page.click('button:has-text("Create token")');
      await page.waitForSelector('#created-heading');
      const token = await page.inputValue('#created-token');
      assert.ok(token.length >= 43, token);
      await page.click('button[data-copy=created-token]');
      await page.waitForSelector('button[data-copy=created-token]:has-text("Copied")');
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
      await shot('registration-token-created');

      const withToken = await register(token);
      assert.equal(withToken.status, 201);
      const clientId = ((await withToken.json()) as { client_id: string }).client_id;

      await page.goto(`${server.url}/dashboard/default/settings/registration-tokens`);
      assert.equal(await page.locator('#created-token').count(), 0, 'the token is not shown again');
      assert.ok(!(await page.content()).includes(token));
      const row = page.locator('tbody tr', { hasText: 'Partner onboarding' });
      assert.match((await row.textContent())!, /1 of 2/);
      assert.match((await row.textContent())!, /Active/);
      const iatId = /iat_[A-Za-z0-9]{24}/.exec((await row.textContent())!)![0];
      await shot('registration-tokens');

      // The application it registered names it.
      await page.goto(`${server.url}/dashboard/default/applications/${clientId}`);
      const panel = page.locator('section', { has: page.locator('#registration-heading') });
      assert.match((await panel.textContent())!, new RegExp(`Initial access token\\s*${iatId}`));

      await page.goto(`${server.url}/dashboard/default/settings/registration-tokens`);
      await page
        .locator('tbody tr', { hasText: 'Partner onboarding' })
        .getByRole('link', { name: /Revoke/ })
        .click();
      await page.waitForSelector('h1:has-text("Revoke this registration token?")');
      await page.click('button:has-text("Revoke token")');
      await page.waitForSelector('[role=status]');
      assert.match((await page.locator('[role=status]').textContent())!, /Token revoked/);
      assert.equal(await page.locator('tbody tr', { hasText: 'Partner onboarding' }).count(), 0);
      const revoked = await register(token);
      assert.equal(revoked.status, 401);
      assert.equal(((await revoked.json()) as { error: string }).error, 'invalid_token');
    });

    test('a refused value is shown at its field and nothing is created', async () => {
      await page.goto(`${server.url}/dashboard/default/settings/registration-tokens`);
      const before = await page.locator('tbody tr').count();
      await page.getByLabel('Registrations allowed').fill('0');
      await page.click('button:has-text("Create token")');
      await page.waitForSelector('#max_uses-error');
      assert.equal(await page.locator('#created-token').count(), 0);
      assert.equal(await page.locator('tbody tr').count(), before);
    });

    test('Advanced: requiring a token and RFC 7592 self-management are switches that take effect', async () => {
      await page.goto(`${server.url}/dashboard/default/settings/advanced`);
      const require = page.getByLabel('Require an initial access token');
      const manage = page.getByLabel('Let registered applications manage themselves (RFC 7592)');
      assert.equal(await require.isChecked(), false);
      assert.equal(await manage.isChecked(), false);
      assert.equal((await register()).status, 201);
      await require.check();
      await manage.check();
      await page.click('button:has-text("Save")');
      await page.waitForSelector('[role=status]');
      await page.reload();
      assert.equal(await page.getByLabel('Require an initial access token').isChecked(), true);
      assert.equal(await page.getByLabel('Let registered applications manage themselves (RFC 7592)').isChecked(), true);
      await shot('settings-advanced-registration-tokens');
      const refused = await register();
      assert.equal(refused.status, 401);
      assert.match(refused.headers.get('www-authenticate') ?? '', /invalid_token/);

      await page.goto(`${server.url}/dashboard/default/settings/registration-tokens`);
      await page.click('button:has-text("Create token")');
      const token = await page.inputValue('#created-token');
      const registered = (await (await register(token)).json()) as Record<string, string>;
      assert.ok(registered.registration_access_token, 'RFC 7592 on: the answer carries a registration access token');

      await page.goto(`${server.url}/dashboard/default/settings/advanced`);
      await page.getByLabel('Require an initial access token').uncheck();
      await page.getByLabel('Let registered applications manage themselves (RFC 7592)').uncheck();
      await page.click('button:has-text("Save")');
      await page.waitForSelector('[role=status]');
      const open = await register();
      assert.equal(open.status, 201);
      assert.equal(((await open.json()) as Record<string, unknown>).registration_access_token, undefined);
    });
  });
}
