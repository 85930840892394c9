// Client ID Metadata Documents in the dashboard, in headless Chromium: the switch in Settings >
// Advanced, Applications > Import from metadata URL (a refused document, then a preview, then
// the import), the badge, Refresh metadata; and the consent page an end user sees for such an
// application (verified domain, localhost warning). Pages saved to test-artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { startHttpsServer, testCertificate, type HttpsServer } from '../helpers/https-server.ts';
import { createUser } from '../helpers/fixtures.ts';

const ARTIFACTS = path.resolve('test-artifacts');
const LOOPBACK = 'http://127.0.0.1:7777/callback';

describe('Client ID Metadata Documents in the dashboard (Chromium)', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let docs: HttpsServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let name = 'Claude Desktop';

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    docs = await startHttpsServer((req, res) => {
      const url = `${base}${req.url}`;
      if (req.url === '/oauth/client.json') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ client_id: url, client_name: name, redirect_uris: [LOOPBACK], grant_types: ['authorization_code', 'refresh_token'] }));
      } else if (req.url === '/oauth/shared-secret.json') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ client_id: url, client_secret: 'x', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [LOOPBACK] }));
      } else res.writeHead(404).end();
    });
    base = `https://localhost:${docs.port}`;
    server = await startServer({
      dialect: 'sqlite',
      publicUrlFromPort: true,
      env: { LATCHKEY_FETCH_ALLOW_PRIVATE: 'localhost' },
      outbound: { ca: testCertificate().cert },
    });
    await createUser(server, { email: 'ada@example.com', password: 'correct horse battery' });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${server.url}/dashboard`);
    await page.fill('#email', server.credentials.admin.email);
    await page.fill('#password', server.credentials.admin.password);
    await page.click('button:has-text("Continue")');
    await page.waitForURL(`${server.url}/dashboard/default/activity`);
    await page.goto(`${server.url}/dashboard/default/applications`);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await docs?.close();
  });

  const shot = (shotName: string) => page.screenshot({ path: path.join(ARTIFACTS, `cimd-${shotName}.png`), fullPage: true });

  test('import needs the setting; the Advanced switch turns it on', async () => {
    await page.click('a:has-text("Import from metadata URL")');
    await page.getByLabel('Metadata document URL').fill(`${base}/oauth/client.json`);
    await page.click('button:has-text("Preview")');
    assert.match((await page.locator('.alert').textContent())!, /client_id_metadata_document_supported/);

    await page.goto(`${server.url}/dashboard/default/settings/advanced`);
    await page.getByLabel('Client ID Metadata Documents').check();
    await page.click('button:has-text("Save")');
    await page.waitForLoadState();
    assert.equal(await page.getByLabel('Client ID Metadata Documents').isChecked(), true);
    await shot('settings-advanced');
    const discovery = await (await fetch(`${server.url}/.well-known/openid-configuration`)).json();
    assert.equal(discovery.client_id_metadata_document_supported, true);
  });

  test('a refused document is explained; a good one is previewed, then imported, badged and refreshed', async () => {
    await page.goto(`${server.url}/dashboard/default/applications/import`);
    await page.getByLabel('Metadata document URL').fill(`${base}/oauth/shared-secret.json`);
    await page.click('button:has-text("Preview")');
    const problems = (await page.locator('ul.violations').textContent())!;
    assert.match(problems, /client_secret/);
    assert.equal(await page.locator('button:has-text("Import application")').count(), 0, 'nothing to import');
    await shot('import-refused');

    await page.getByLabel('Metadata document URL').fill(`${base}/oauth/client.json`);
    await page.click('button:has-text("Preview")');
    assert.match((await page.locator('#mapped-fields').textContent())!, /Claude Desktop/);
    assert.match((await page.locator('#mapped-fields').textContent())!, new RegExp(`localhost:${docs.port}`));
    assert.match((await page.locator('ul.warnings').textContent())!, /localhost/);
    await shot('import-preview');

    await page.click('button:has-text("Import application")');
    await page.waitForURL(/\/applications\/https/);
    assert.match((await page.locator('.notice').textContent())!, /imported/);
    assert.match((await page.locator('.badges').first().textContent())!, /Client ID Metadata Document/);
    await shot('application');

    name = 'Claude Desktop (renamed)';
    await page.click('button:has-text("Refresh metadata")');
    await page.waitForLoadState();
    assert.match((await page.locator('.notice').textContent())!, /Metadata refreshed/);
    assert.match((await page.locator('h1').textContent())!, /Claude Desktop \(renamed\)/);

    await page.goto(`${server.url}/dashboard/default/applications`);
    assert.match((await page.locator('tbody').textContent())!, /Client ID Metadata Document/);
    await shot('applications');
  });

  test('the consent page shows the verified domain apart from the name, and warns about localhost', async () => {
    const user = await browser.newPage({ viewport: { width: 900, height: 900 } });
    const authorize = new URL(`${server.url}/authorize`);
    authorize.search = new URLSearchParams({
      client_id: `${base}/oauth/client.json`,
      response_type: 'code',
      redirect_uri: LOOPBACK,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      scope: 'openid profile',
    }).toString();
    await user.goto(authorize.href);
    await user.fill('#email', 'ada@example.com');
    await user.fill('#password', 'correct horse battery');
    await user.click('button[type=submit]');
    await user.waitForSelector('#metadata-domain');
    assert.equal((await user.locator('#metadata-domain .domain').textContent())!.trim(), `localhost:${docs.port}`);
    assert.match((await user.locator('#localhost-warning').textContent())!, /your own device/);
    await user.screenshot({ path: path.join(ARTIFACTS, 'cimd-consent.png'), fullPage: true });
    await user.close();
  });
});
