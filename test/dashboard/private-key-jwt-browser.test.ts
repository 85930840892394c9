// A private_key_jwt application in the dashboard, in headless Chromium: its page shows the method,
// and saving the form unchanged keeps it (the keys stay the client's only credential). The page is
// saved to test-artifacts/dashboard-private-key-jwt.png for a look. SQLite only.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { defaultStores } from '../helpers/fixtures.ts';
import { configureRegistration, register } from '../registration/support.ts';

const ARTIFACTS = path.resolve('test-artifacts');

describe('a private_key_jwt application in the dashboard', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer({ dialect: 'sqlite', publicUrlFromPort: true });
    await configureRegistration(server);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('shows the method and keeps it when the form is saved', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    const res = await register(server.url, {
      client_name: 'Keyed Tool',
      redirect_uris: ['https://tool.example.com/cb'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] },
    });
    assert.equal(res.status, 201, res.text);
    const clientId = res.body.client_id as string;

    await page.goto(`${server.url}/dashboard`);
    await page.fill('#email', server.credentials.admin.email);
    await page.fill('#password', server.credentials.admin.password);
    await page.click('button:has-text("Continue")');
    await page.goto(`${server.url}/dashboard/default/applications/${clientId}`);
    const select = page.locator('select[name=token_endpoint_auth_method]');
    assert.equal(await select.inputValue(), 'private_key_jwt');
    assert.match((await select.locator('option:checked').textContent())!, /Private key JWT/);
    assert.match((await page.locator('main').textContent())!, /signs a JWT with its own private key/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-private-key-jwt.png'), fullPage: true });

    await page.click('button:has-text("Save changes")');
    await page.waitForURL(new RegExp(`/applications/${clientId}`));
    const stored = await (await defaultStores(server)).clients.findById(clientId, { fresh: true });
    assert.equal(stored?.token_endpoint_auth_method, 'private_key_jwt');
    assert.equal(stored?.client_secret, null);
  });
});
