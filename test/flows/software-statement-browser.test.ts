// An application registered with a trusted software statement (RFC 7591 §2.3), as people see it:
// the consent page says "Verified by <issuer>" in Chromium, the dashboard shows it on the
// application's page, and Settings > Advanced edits the trusted issuers (both stores, over HTTP).
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium } from '../helpers/browser.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createUser } from '../helpers/fixtures.ts';
import { configureRegistration } from '../registration/support.ts';
import { managementToken, request } from '../management/helpers.ts';
import { Browserless, textOf } from '../dashboard/support.ts';

const ARTIFACTS = path.resolve('test-artifacts');
const ISS = 'https://vendor.example';

async function vendorKeys() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'v1' };
  const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'v1' }).setIssuedAt().sign(privateKey);
  return { jwk, sign };
}

describe('a verified application in Chromium: consent page and dashboard', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let clientId: string;
  const redirectUri = 'https://notes.vendor.example/callback';

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer({ dialect: 'sqlite', publicUrlFromPort: true });
    const vendor = await vendorKeys();
    await configureRegistration(server, { registration_policy: { software_statement_issuers: [{ iss: ISS, jwks: { keys: [vendor.jwk] } }] } });
    server.latchkey.services.tenants.forget();
    const res = await fetch(`${server.url}/oidc/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        software_statement: await vendor.sign({ iss: ISS, software_id: 'vendor-notes', client_name: 'Vendor Notes', redirect_uris: [redirectUri] }),
        client_name: 'Something Else',
        redirect_uris: ['https://elsewhere.example/cb'],
        token_endpoint_auth_method: 'none',
      }),
    });
    assert.equal(res.status, 201);
    clientId = ((await res.json()) as { client_id: string }).client_id;
    await createUser(server, { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada' });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the consent page says "Verified by" the issuer instead of "not verified"', async () => {
    const url =
      `${server.url}/authorize?` +
      new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirectUri,
        scope: 'openid profile',
        state: 'st',
        code_challenge: createHash('sha256').update('verifier-'.repeat(6)).digest('base64url'),
        code_challenge_method: 'S256',
      });
    await page.goto(url);
    await page.fill('#email', 'ada@example.com');
    await page.fill('#password', 'correct horse battery');
    await page.click('button[type=submit]');
    await page.waitForSelector('button[value=accept]');
    assert.match((await page.locator('h1').textContent())!, /Authorize Vendor Notes/);
    const verified = (await page.locator('#verified').textContent())!;
    assert.match(verified, /Verified by https:\/\/vendor\.example/);
    assert.match(verified, /signed by https:\/\/vendor\.example, which default trusts/);
    assert.equal(await page.locator('#unverified').count(), 0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'consent-verified.png'), fullPage: true });

    // The owner stops trusting the issuer: the mark goes back to "not verified".
    await configureRegistration(server, { registration_policy: { software_statement_issuers: [] } });
    server.latchkey.services.tenants.forget();
    await page.goto(url);
    await page.waitForSelector('button[value=accept]');
    assert.equal(await page.locator('#verified').count(), 0);
    assert.match((await page.locator('#unverified').textContent())!, /not verified by/);
  });

  test('the dashboard shows who verified the application, in its badges and its registration', async () => {
    await page.goto(`${server.url}/dashboard/login`);
    await page.fill('#email', server.credentials.admin.email);
    await page.fill('#password', server.credentials.admin.password);
    await page.click('button:has-text("Continue")');
    await page.waitForSelector('nav[aria-label=Main]');
    await page.goto(`${server.url}/dashboard/default/applications/${clientId}`);
    const badges = await page.locator('.page-head .badge').allTextContents();
    assert.deepEqual(badges, ['Third-party', 'Registered dynamically', `Verified by ${ISS}`]);
    assert.match((await page.locator('#software-statement').textContent())!, /Verified by https:\/\/vendor\.example\s+software ID\s+vendor-notes/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-application-verified.png'), fullPage: true });
    await page.goto(`${server.url}/dashboard/default/settings/advanced`);
    assert.equal(await page.locator('label[for=policy_software_statement_issuers]').textContent(), 'Trusted issuers (JSON)');
    assert.equal(await page.locator('label[for=policy_require_software_statement]').textContent(), 'Require a software statement');
    await page.locator('#statements-heading').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-settings-statements.png'), fullPage: true });
  });
});

for (const dialect of dialects()) {
  describe(`Settings > Advanced: trusted software statement issuers (${dialect})`, () => {
    let server: TestServer;
    let owner: Browserless;
    let token: string;
    const FORM = {
      enable_dynamic_client_registration: 'on',
      dynamic_client_registration_security_mode: 'permissive',
      per_ip_burst: '10',
      per_ip_per_second: '1',
      per_tenant_burst: '100',
      per_tenant_per_second: '50',
    };
    const policy = async () => (await request(server, 'GET', '/api/v2/tenants/settings', { host: new URL(server.url).host, token })).json.registration_policy;

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      token = await managementToken(server, server.credentials.management, { host: new URL(server.url).host });
      owner = new Browserless(server);
      assert.equal((await owner.signIn(server.credentials.admin.email, server.credentials.admin.password)).status, 303);
      await owner.get('/dashboard/default/settings/advanced');
    });
    after(() => server?.close());

    test('saves the issuer list and the switch; refuses JSON that is not JSON and keys that are private, at the field', async () => {
      const { jwk } = await vendorKeys();
      const issuers = [{ iss: ISS, jwks: { keys: [jwk] } }];
      const saved = await owner.post('/dashboard/default/settings/advanced', {
        ...FORM,
        policy_software_statement_issuers: JSON.stringify(issuers),
        policy_require_software_statement: 'on',
      });
      assert.equal(saved.status, 303);
      assert.deepEqual(await policy(), { software_statement_issuers: issuers, require_software_statement: true });
      const shown = await owner.get('/dashboard/default/settings/advanced');
      assert.match(shown.text, /id="policy_require_software_statement"[^>]* checked/);
      assert.match(textOf(shown.text, 'policy_software_statement_issuers')!, /"iss": "https:\/\/vendor\.example"/);

      const notJson = await owner.post('/dashboard/default/settings/advanced', { ...FORM, policy_software_statement_issuers: '[{iss: vendor}' });
      assert.equal(notJson.status, 400);
      assert.match(textOf(notJson.text, 'policy_software_statement_issuers-error')!, /Enter a JSON list/);
      const privateKey = await owner.post('/dashboard/default/settings/advanced', {
        ...FORM,
        policy_software_statement_issuers: JSON.stringify([{ iss: ISS, jwks: { keys: [{ ...jwk, d: 'x' }] } }]),
      });
      assert.equal(privateKey.status, 400);
      assert.match(textOf(privateKey.text, 'policy_software_statement_issuers-error')!, /public keys only/);
      assert.deepEqual(await policy(), { software_statement_issuers: issuers, require_software_statement: true }, 'nothing changed');

      const cleared = await owner.post('/dashboard/default/settings/advanced', { ...FORM, policy_software_statement_issuers: '' });
      assert.equal(cleared.status, 303);
      assert.deepEqual(await policy(), { software_statement_issuers: null, require_software_statement: null });
    });
  });
}
