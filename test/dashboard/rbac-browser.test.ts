// RBAC as a tenant owner runs it in Chromium: a role created with permissions, a user's Roles
// and Permissions tabs (assign, give directly, remove), the API page's RBAC settings (refused:
// a dialect with permissions without RBAC), and a role deleted after its confirmation page.
// Each step is checked through the Management API. Screenshots go to test-artifacts/rbac-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Browser, type Page } from 'playwright-core';
import type { ManagementClient } from 'auth0';
import { launchChromium, skipWithoutChromium, signInToDashboard } from '../helpers/browser.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { all, sdkClient } from '../management/helpers.ts';

const SHOTS = path.resolve('test-artifacts');
const API = 'https://orders.example.com/';

for (const dialect of dialects()) {
  describe(`RBAC in the dashboard, in Chromium (${dialect})`, { skip: skipWithoutChromium }, () => {
    let server: TestServer;
    let browser: Browser;
    let page: Page;
    let mgmt: ManagementClient;
    let apiId: string;
    let userId: string;

    before(async () => {
      fs.mkdirSync(SHOTS, { recursive: true });
      server = await startServer({ dialect, publicUrlFromPort: true });
      mgmt = sdkClient(server, server.credentials.management);
      apiId = (
        await mgmt.resourceServers.create({
          identifier: API,
          name: 'Orders',
          scopes: [
            { value: 'read:orders', description: 'Read orders' },
            { value: 'write:orders', description: 'Write orders' },
          ],
        })
      ).id!;
      userId = (await mgmt.users.create({ connection: 'Username-Password-Authentication', email: 'ann@example.com', password: 'password-1234' })).user_id!;
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      await signInToDashboard(page, server);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    const status = async () => (await page.locator('[role=status]').textContent())!.trim();

    test('create a role and give it permissions', async () => {
      await page.click('nav[aria-label=Main] a:has-text("Roles")');
      await page.click('a:has-text("Create role")');
      await page.fill('#name', 'Clerk');
      await page.fill('#description', 'Handles orders');
      await page.click('button:has-text("Create")');
      assert.equal(await status(), 'Role created.');
      assert.equal(await page.locator('label[for=permission]').textContent(), 'Permission to add');
      await page.selectOption('#permission', `read:orders ${API}`);
      await page.click('button:has-text("Add permission")');
      assert.equal(await status(), 'Permission added.');
      await page.selectOption('#permission', `write:orders ${API}`);
      await page.click('button:has-text("Add permission")');
      await page.screenshot({ path: `${SHOTS}/rbac-role-${dialect}.png`, fullPage: true });
      const [role] = await all(await mgmt.roles.list());
      assert.equal(role!.name, 'Clerk');
      assert.deepEqual(
        (await all(await mgmt.roles.permissions.list(role!.id!))).map((p) => p.permission_name),
        ['read:orders', 'write:orders'],
      );
      await page.click('button[aria-label="Remove write:orders"]');
      assert.equal(await status(), 'Permission removed.');
      assert.deepEqual(
        (await all(await mgmt.roles.permissions.list(role!.id!))).map((p) => p.permission_name),
        ['read:orders'],
      );
    });

    test("a user's Roles and Permissions tabs: assign, give directly, remove", async () => {
      await page.click('nav[aria-label=Main] a:has-text("Users")');
      await page.click('a:has-text("ann@example.com")');
      assert.equal(await page.locator('nav.tabs a[aria-current=page]').textContent(), 'Details');
      await page.click('nav.tabs a:has-text("Roles")');
      assert.equal(await page.locator('nav.tabs a[aria-current=page]').textContent(), 'Roles');
      await page.selectOption('#role', { label: 'Clerk' });
      await page.click('button:has-text("Assign role")');
      assert.equal(await status(), 'Role assigned.');
      assert.deepEqual(
        (await all(await mgmt.users.roles.list(userId))).map((r) => r.name),
        ['Clerk'],
      );

      await page.click('nav.tabs a:has-text("Permissions")');
      await page.selectOption('#permission', `write:orders ${API}`);
      await page.click('button:has-text("Add permission")');
      assert.equal(await status(), 'Permission given.');
      await page.screenshot({ path: `${SHOTS}/rbac-user-permissions-${dialect}.png`, fullPage: true });
      // The role's permission shows with its source and cannot be removed here.
      assert.equal(await page.locator('button[aria-label="Remove read:orders"]').count(), 0);
      assert.match((await page.locator('tr:has-text("read:orders")').textContent())!, /Role Clerk/);
      assert.deepEqual(
        (await all(await mgmt.users.permissions.list(userId))).map((p) => p.permission_name),
        ['read:orders', 'write:orders'],
      );
      await page.click('button[aria-label="Remove write:orders"]');
      assert.equal(await status(), 'Permission removed.');

      await page.click('nav.tabs a:has-text("Roles")');
      await page.click('button[aria-label="Remove role Clerk"]');
      assert.equal(await status(), 'Role removed.');
      assert.deepEqual(await all(await mgmt.users.roles.list(userId)), []);
    });

    test("the API page's RBAC settings: saved, and a dialect with permissions refused without RBAC", async () => {
      await page.goto(`${server.url}/dashboard/default/apis/${apiId}`);
      assert.equal(await page.isChecked('#enforce_policies'), false);
      await page.selectOption('#token_dialect', 'rfc9068_profile_authz');
      await page.click('button:has-text("Save RBAC settings")');
      assert.match((await page.locator('#rbac-heading ~ [role=alert], section:has(#rbac-heading) [role=alert]').first().textContent())!, /needs RBAC enabled/);
      assert.equal((await mgmt.resourceServers.get(apiId)).token_dialect, 'access_token');

      await page.check('#enforce_policies');
      await page.click('button:has-text("Save RBAC settings")');
      assert.equal(await status(), 'RBAC settings saved.');
      await page.screenshot({ path: `${SHOTS}/rbac-api-rbac-${dialect}.png`, fullPage: true });
      const api = await mgmt.resourceServers.get(apiId);
      assert.equal(api.enforce_policies, true);
      assert.equal(api.token_dialect, 'rfc9068_profile_authz');
      assert.equal(await page.isChecked('#enforce_policies'), true);
      assert.equal(await page.inputValue('#token_dialect'), 'rfc9068_profile_authz');
    });

    test('delete a role after its confirmation page', async () => {
      await page.click('nav[aria-label=Main] a:has-text("Roles")');
      await page.screenshot({ path: `${SHOTS}/rbac-roles-${dialect}.png`, fullPage: true });
      await page.click('a[aria-label="Delete Clerk"]');
      await page.click('button:has-text("Delete role")');
      assert.equal(await status(), 'Role deleted.');
      assert.deepEqual(await all(await mgmt.roles.list()), []);
    });
  });
}
