// Unused registrations in the dashboard, in headless Chromium: "Last used" in the list, picking
// the self-registered applications unused for N days, deleting a selection after a confirmation
// page (CSRF-protected), and the TTL in Settings > Advanced. Pages saved to test-artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium, signInToDashboard } from '../helpers/browser.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { defaultStores, registerThirdPartyClient } from '../helpers/fixtures.ts';
import { managementToken, request } from '../management/helpers.ts';
import { USE_RECORD_INTERVAL_MS } from '../../src/domain/client.ts';

const ARTIFACTS = path.resolve('test-artifacts');
const CB = ['https://app.example.com/cb'];

for (const dialect of dialects()) {
  describe(`unused registrations in the dashboard (Chromium, ${dialect})`, { skip: skipWithoutChromium }, () => {
    let server: TestServer;
    let browser: Browser;
    let page: Page;
    let token: string;
    const ids: Record<string, string> = {};

    const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });
    const exists = async (id: string) => (await request(server, 'GET', `/api/v2/clients/${id}`, { token })).status === 200;
    const rowOf = (name: string) => page.locator('tbody tr', { has: page.locator('.name-link', { hasText: name }) });

    before(async () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      server = await startServer({ dialect, publicUrlFromPort: true });
      token = await managementToken(server, server.credentials.management);
      for (const name of ['Stale One', 'Stale Two', 'Busy App']) ids[name] = (await registerThirdPartyClient(server, { name, redirectUris: CB })).client_id;
      await (await defaultStores(server)).clients.recordUse(ids['Busy App']!, new Date(), USE_RECORD_INTERVAL_MS);
      const owned = await request(server, 'POST', '/api/v2/clients', { token, body: { name: 'Owner App', app_type: 'spa' } });
      ids['Owner App'] = owned.json.client_id;
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      await signInToDashboard(page, server);
      await page.goto(`${server.url}/dashboard/default/applications`);
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    test('the list shows when each application was last used, and offers only self-registered ones for deletion', async () => {
      assert.deepEqual(
        (await page.locator('thead th').allTextContents()).map((t) => t.trim()),
        ['Select', 'Name', 'Client ID', 'Type', 'Last used'],
      );
      assert.equal((await rowOf('Stale One').locator('td').nth(4).textContent())!.trim(), 'Never');
      assert.match((await rowOf('Busy App').locator('td').nth(4).textContent())!.trim(), /\d/);
      assert.equal(await rowOf('Stale One').locator('input[type=checkbox]').count(), 1);
      assert.equal(await rowOf('Owner App').locator('input[type=checkbox]').count(), 0);
      assert.equal(await page.getByLabel('Select Stale One').count(), 1);
      await shot('applications-last-used');
    });

    test('"unused for more than N days" selects those registrations; the owner confirms a deletion of the chosen ones', async () => {
      await page.getByLabel('Registered applications unused for more than (days)').fill('0');
      await page.click('button:has-text("Select unused")');
      await page.waitForURL(/unused_days=0/);
      const names = (await page.locator('tbody .name-link').allTextContents()).map((t) => t.trim()).sort();
      assert.deepEqual(names, ['Stale One', 'Stale Two']);
      assert.equal(await page.locator('tbody input[type=checkbox]:checked').count(), 2);
      await shot('applications-unused');

      await page.getByLabel('Select Stale Two').uncheck();
      await page.click('button:has-text("Delete selected")');
      await page.waitForURL(/\/applications\/delete\?/);
      assert.equal((await page.locator('h1').textContent())!.trim(), 'Delete 1 application?');
      assert.deepEqual(
        (await page.locator('tbody td:first-child').allTextContents()).map((t) => t.trim()),
        ['Stale One'],
      );
      await shot('applications-delete-confirm');
      assert.ok(await exists(ids['Stale One']!), 'nothing is deleted before the confirmation');

      await page.click('button:has-text("Delete 1 application")');
      await page.waitForURL(/\/dashboard\/default\/applications\?notice=/);
      assert.match((await page.locator('.notice').textContent())!, /selected applications were deleted/);
      assert.equal(await exists(ids['Stale One']!), false);
      for (const kept of ['Stale Two', 'Busy App', 'Owner App']) assert.ok(await exists(ids[kept]!), kept);
    });

    test('the bulk deletion refuses a form without its CSRF token, and never deletes an application made by the owner', async () => {
      const forged = await page.request.post(`${server.url}/dashboard/default/applications/delete`, { form: { id: ids['Stale Two']! } });
      assert.equal(forged.status(), 403);
      assert.ok(await exists(ids['Stale Two']!));

      await page.goto(`${server.url}/dashboard/default/applications/delete?id=${ids['Owner App']}`);
      await page.waitForURL(/\/dashboard\/default\/applications\?notice=/);
      assert.match((await page.locator('.notice').textContent())!, /No registered application was selected/);
      assert.ok(await exists(ids['Owner App']!));
    });

    test('Settings > Advanced sets how many days unused registrations are kept', async () => {
      // The registration fixture lifted the rate limits beyond what the form accepts back.
      const reset = { per_ip_burst: 10, per_ip_per_second: 1, per_tenant_burst: 100, per_tenant_per_second: 50 };
      assert.equal((await request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { registration_rate_limits: reset } })).status, 200);
      await page.goto(`${server.url}/dashboard/default/settings/advanced`);
      const field = page.getByLabel('Delete registered applications unused for (days)');
      assert.equal(await field.inputValue(), '90');
      await field.fill('30');
      const save = page.locator('form[action$="/settings/advanced"] button[type=submit]');
      await Promise.all([page.waitForURL(/notice=saved/), save.click()]);
      const settings = await request(server, 'GET', '/api/v2/tenants/settings', { token });
      assert.equal(settings.json.registration_policy.unused_client_ttl_days, 30);
      await field.fill('4000');
      await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), save.click()]);
      assert.match((await page.locator('#policy_unused_client_ttl_days-error, .error').first().textContent())!, /3650|maximum|less/i);
      await shot('settings-unused-ttl');
    });
  });
}
