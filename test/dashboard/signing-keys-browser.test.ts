// Settings > Signing keys in headless Chromium: the keys with their state, rotate and revoke
// behind confirmation pages (CSRF-protected forms); the JWKS follows. Pages saved to test-artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium, signInToDashboard } from '../helpers/browser.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';

const ARTIFACTS = path.resolve('test-artifacts');

for (const dialect of dialects()) {
  describe(`signing keys in the dashboard (Chromium, ${dialect})`, { skip: skipWithoutChromium }, () => {
    let server: TestServer;
    let browser: Browser;
    let page: Page;

    before(async () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      server = await startServer({ dialect, publicUrlFromPort: true });
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
      await signInToDashboard(page, server);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `dashboard-signing-keys-${name}.png`), fullPage: true });
    const jwksKids = async () => ((await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    const stateOf = (kid: string) =>
      page
        .locator('tr', { has: page.locator(`text=${kid}`) })
        .locator('.badge')
        .textContent();

    test('lists the current and next keys; rotate after confirming; revoke the previous key after confirming', async () => {
      await page.click('nav[aria-label=Main] >> text=Settings');
      await page.click('nav.tabs >> text=Signing keys');
      await page.waitForURL(`${server.url}/dashboard/default/settings/signing-keys`);
      const [current, next] = await jwksKids();
      assert.equal(await stateOf(current!), 'Current');
      assert.equal(await stateOf(next!), 'Next');
      assert.equal(await page.getByRole('link', { name: /^Revoke/ }).count(), 0, 'neither the current nor the next key can be revoked');
      await shot('list');

      await page.click('a:has-text("Rotate key")');
      await page.waitForSelector('h1:has-text("Rotate the signing key?")');
      assert.deepEqual(await jwksKids(), [current, next], 'nothing changes before confirming');
      await shot('rotate-confirm');
      await page.click('button:has-text("Rotate key")');
      await page.waitForURL(/signing-keys\?notice=rotated/);
      assert.match((await page.locator('[role=status]').textContent())!, /Keys rotated/);
      assert.equal(await stateOf(next!), 'Current');
      assert.equal(await stateOf(current!), 'Previously used');
      const kids = await jwksKids();
      assert.equal(kids.length, 3);
      assert.equal(kids[0], next);
      assert.ok(kids.includes(current!));

      await page.getByRole('link', { name: `Revoke ${current}` }).click();
      await page.waitForSelector('h1:has-text("Revoke this signing key?")');
      assert.ok((await jwksKids()).includes(current!), 'nothing changes before confirming');
      // The confirmation is a form with a CSRF token: without it, nothing is revoked.
      const forged = await page.request.post(`${server.url}/dashboard/default/settings/signing-keys/${current}/revoke`, { form: { csrf: 'forged' } });
      assert.equal(forged.status(), 403);
      assert.ok((await jwksKids()).includes(current!));
      await page.click('button:has-text("Revoke key")');
      await page.waitForURL(/signing-keys\?notice=revoked/);
      assert.match((await page.locator('[role=status]').textContent())!, /Key revoked/);
      assert.equal(await page.locator('#revoked-heading').count(), 1);
      assert.equal(await stateOf(current!), 'Revoked');
      assert.ok(!(await jwksKids()).includes(current!));
      await shot('after-revoke');
    });

    test('scheduled rotation: saved as signing_keys_rotation_days; a wrong number is refused next to the field; empty turns it off', async () => {
      const settings = async () => {
        const { management } = server.credentials;
        const token = (await (
          await fetch(`${server.url}/oauth/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ grant_type: 'client_credentials', ...management }),
          })
        ).json()) as { access_token: string };
        return (await (await fetch(`${server.url}/api/v2/tenants/settings`, { headers: { authorization: `Bearer ${token.access_token}` } })).json()) as {
          signing_keys_rotation_days?: number | null;
        };
      };
      await page.goto(`${server.url}/dashboard/default/settings/signing-keys`);
      await page.getByLabel('Rotate every (days)').fill('0');
      await page.click('button:has-text("Save schedule")');
      await page.waitForSelector('#signing_keys_rotation_days-error');
      assert.match((await page.locator('#signing_keys_rotation_days-error').textContent())!, /from 1 to 3650/);
      assert.equal(await page.getByLabel('Rotate every (days)').inputValue(), '0');
      assert.equal((await settings()).signing_keys_rotation_days ?? null, null);
      await shot('schedule-refused');

      await page.getByLabel('Rotate every (days)').fill('30');
      await page.click('button:has-text("Save schedule")');
      await page.waitForURL(/signing-keys\?notice=scheduled/);
      assert.equal(await page.getByLabel('Rotate every (days)').inputValue(), '30');
      assert.equal((await settings()).signing_keys_rotation_days, 30);

      await page.getByLabel('Rotate every (days)').fill('');
      await page.click('button:has-text("Save schedule")');
      await page.waitForURL(/signing-keys\?notice=scheduled/);
      assert.equal((await settings()).signing_keys_rotation_days, null);
    });
  });
}
