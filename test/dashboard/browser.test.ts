// The dashboard as a tenant owner uses it, in headless Chromium: sign in, turn registration on
// and off, inspect and fix a self-registered application, manage APIs and users, read the
// registration log. Each main page is saved to test-artifacts/dashboard-*.png for a look.
// SQLite only; proxy.test.ts covers the dashboard's API calls on both dialects.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { hashToken } from '../../src/crypto.ts';
import { provisionTenant } from '../../src/services/provisioning.ts';

const ARTIFACTS = path.resolve('test-artifacts');
const DISABLED = { statusCode: 400, error: 'Bad Request', message: 'dynamic client registration is disabled' };
const AGENT = 'dcr-test-agent/1.0';

describe('the dashboard in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer({ dialect: 'sqlite', publicUrlFromPort: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });
  const h1 = async () => (await page.locator('h1').textContent())!.trim();
  const register = (body: unknown) =>
    fetch(`${server.url}/oidc/register`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': AGENT }, body: JSON.stringify(body) });
  const authorize = (clientId: string, redirectUri: string) =>
    fetch(
      `${server.url}/authorize?` +
        new URLSearchParams({
          response_type: 'code',
          client_id: clientId,
          redirect_uri: redirectUri,
          scope: 'openid',
          state: 'st',
          code_challenge: createHash('sha256').update('verifier-'.repeat(6)).digest('base64url'),
          code_challenge_method: 'S256',
        }),
      { redirect: 'manual' },
    );
  async function signIn(password = server.credentials.admin.password) {
    await page.fill('#email', server.credentials.admin.email);
    await page.fill('#password', password);
    await page.click('button:has-text("Continue")');
  }

  test('sign-in: labelled fields, a wrong password gets the generic message, the right one opens Activity', async () => {
    await page.goto(`${server.url}/dashboard`);
    assert.equal(new URL(page.url()).pathname, '/dashboard/login');
    assert.equal(await page.locator('label[for=email]').textContent(), 'Email');
    assert.equal(await page.locator('label[for=password]').textContent(), 'Password');
    assert.equal((await page.locator('button[type=submit]').textContent())!.trim(), 'Continue');
    await shot('sign-in');

    const refused = page.waitForResponse((r) => r.url().endsWith('/dashboard/login') && r.request().method() === 'POST');
    await signIn('not the password');
    assert.equal((await refused).status(), 400);
    assert.equal((await page.locator('[role=alert]').textContent())!.trim(), 'Wrong email or password.');
    assert.equal(await page.inputValue('#email'), server.credentials.admin.email);

    await signIn();
    await page.waitForURL(`${server.url}/dashboard/default/activity`);
    assert.equal(await h1(), 'Activity');
    assert.equal((await page.locator('#current-tenant').textContent())!.trim(), 'default');
  });

  test('Settings > Advanced: "OIDC Dynamic Application Registration" on gives 201 at /oidc/register, off gives 400 again', async () => {
    const metadata = { client_name: 'Probe', redirect_uris: ['https://probe.example.com/cb'] };
    const before = await register(metadata);
    assert.equal(before.status, 400);
    assert.deepEqual(await before.json(), DISABLED);

    await page.click('nav[aria-label=Main] >> text=Settings');
    await page.click('nav.tabs >> text=Advanced');
    await page.waitForURL(`${server.url}/dashboard/default/settings/advanced`);
    const toggle = page.getByLabel('OIDC Dynamic Application Registration');
    assert.equal(await toggle.isChecked(), false);
    await toggle.check();
    await page.fill('#per_ip_burst', '50');
    await page.click('button:has-text("Save")');
    await page.waitForSelector('[role=status]');
    assert.equal((await page.locator('[role=status]').textContent())!.trim(), 'Settings saved.');

    await page.reload();
    assert.equal(await page.getByLabel('OIDC Dynamic Application Registration').isChecked(), true);
    assert.equal(await page.inputValue('#per_ip_burst'), '50');
    assert.equal(await page.isChecked('input[name=dynamic_client_registration_security_mode][value=permissive]'), true);
    await shot('settings-advanced');
    const on = await register(metadata);
    assert.equal(on.status, 201);

    await page.getByLabel('OIDC Dynamic Application Registration').uncheck();
    await page.click('button:has-text("Save")');
    await page.waitForSelector('[role=status]');
    await page.reload();
    assert.equal(await page.getByLabel('OIDC Dynamic Application Registration').isChecked(), false);
    const off = await register(metadata);
    assert.equal(off.status, 400);
    assert.deepEqual(await off.json(), DISABLED);

    // A refused value: the inline error, and nothing of the form is saved (the switch stays off).
    await page.getByLabel('OIDC Dynamic Application Registration').check();
    await page.fill('#per_tenant_burst', '0');
    await page.click('button:has-text("Save")');
    await page.waitForSelector('#per_tenant_burst-error');
    assert.equal(await page.locator('#per_tenant_burst-error').textContent(), 'Must be at least 1.');
    assert.equal(await page.getAttribute('#per_tenant_burst', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#per_tenant_burst'), '0');
    assert.equal((await register(metadata)).status, 400);

    await page.fill('#per_tenant_burst', '100');
    await page.click('button:has-text("Save")');
    await page.waitForSelector('[role=status]');
    assert.equal((await register(metadata)).status, 201);
  });

  test('a registered app: both badges, callbacks edited take effect at /authorize, deleted means unknown', async () => {
    const cbA = 'https://app-a.example.com/callback';
    const cbB = 'https://app-b.example.com/callback';
    const res = await register({ client_name: 'Self Registered Tool', redirect_uris: [cbA] });
    assert.equal(res.status, 201);
    const { client_id: clientId } = (await res.json()) as { client_id: string };
    assert.equal((await register({ client_name: 'Bad', redirect_uris: ['http://evil.example.com/cb'] })).status, 400);

    await page.click('nav[aria-label=Main] >> text=Applications');
    await page.fill('#q', clientId);
    await page.click('button:has-text("Search")');
    await page.waitForURL(/applications\?q=/);
    const rows = page.locator('tbody tr');
    assert.equal(await rows.count(), 1);
    const badges = await rows.first().locator('.badge').allTextContents();
    assert.deepEqual(badges, ['Third-party', 'Registered dynamically']);
    const today = new Date().toISOString().slice(0, 10);
    assert.match((await rows.first().locator('.sub').textContent())!, new RegExp(`^Registered ${today} \\d\\d:\\d\\d UTC$`));
    // The first cell is the selection box of a self-registered application.
    assert.equal(await rows.first().locator('td').nth(2).textContent(), clientId);

    await page.click('nav[aria-label=Main] >> text=Applications');
    await shot('applications');

    await page.fill('#q', 'self registered');
    await page.click('button:has-text("Search")');
    await page.click('a:has-text("Self Registered Tool")');
    await page.waitForURL(new RegExp(`/applications/${clientId}$`));
    assert.equal(await page.inputValue('#callbacks'), cbA);
    await shot('application');

    // A bad line: the API's reason next to the field, nothing saved.
    await page.fill('#callbacks', `${cbB}\nnot a url`);
    await page.click('button:has-text("Save changes")');
    await page.waitForSelector('#callbacks-error');
    assert.equal(await page.locator('#callbacks-error').textContent(), 'Line 2: "not a url" is not an absolute URL.');
    assert.equal(await page.inputValue('#callbacks'), `${cbB}\nnot a url`);
    await shot('application-error');
    assert.equal((await authorize(clientId, cbA)).status, 302);

    await page.fill('#callbacks', cbB);
    await page.click('button:has-text("Save changes")');
    await page.waitForSelector('[role=status]');
    assert.equal((await page.locator('[role=status]').textContent())!.trim(), 'Changes saved.');
    const accepted = await authorize(clientId, cbB);
    assert.equal(accepted.status, 302);
    assert.equal(new URL(accepted.headers.get('location')!, server.url).pathname, '/u/login');
    const removed = await authorize(clientId, cbA);
    assert.equal(removed.status, 400);
    assert.match(await removed.text(), new RegExp(`Callback URL mismatch\\. ${cbA.replace(/\./g, '\\.')} is not in the list of allowed callback URLs\\.`));

    // Reveal and rotate the secret (a confirmation page, then a POST).
    const secret = (await page.locator('#client-secret').textContent())!;
    assert.equal(await page.locator('#client-secret').isVisible(), false);
    await page.click('summary:has-text("Reveal client secret")');
    assert.equal(await page.locator('#client-secret').isVisible(), true);
    await page.click('a:has-text("Rotate secret")');
    assert.equal(await h1(), 'Rotate the client secret?');
    await page.click('button:has-text("Rotate secret")');
    await page.waitForSelector('[role=status]');
    const rotated = (await page.locator('#client-secret').textContent())!;
    assert.equal(rotated.length, 64);
    assert.notEqual(rotated, secret);

    await page.click('a:has-text("Delete application")');
    assert.equal(await h1(), 'Delete this application?');
    await page.click('button:has-text("Delete application")');
    await page.waitForURL(/\/applications\?notice=deleted$/);
    assert.equal((await page.locator('[role=status]').textContent())!.trim(), 'Application deleted.');
    const unknown = await authorize(clientId, cbB);
    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), new RegExp(`Unknown client: ${clientId}`));
  });

  test('create a first-party application', async () => {
    await page.click('a:has-text("Create application")');
    await page.fill('#name', 'Back <office>');
    await page.click('button:has-text("Create")');
    await page.waitForSelector('#name-error');
    assert.equal(await page.locator('#name-error').textContent(), 'Must not contain < or >.');
    await page.fill('#name', 'Back Office');
    await page.check('input[name=app_type][value=spa]');
    await page.click('button:has-text("Create")');
    await page.waitForSelector('[role=status]');
    assert.equal(await h1(), 'Back Office');
    assert.equal(await page.locator('h1 .badge').count(), 0);
    assert.equal(await page.inputValue('#token_endpoint_auth_method'), 'none');
  });

  test('the registration log lists accepted and refused registrations', async () => {
    await page.click('nav[aria-label=Main] >> text=Registration log');
    assert.equal(await h1(), 'Registration log');
    const rows = page.locator('tbody tr');
    // Newest first: the refused one, then "Self Registered Tool", then the two probes.
    const first = await rows.nth(0).locator('td').allTextContents();
    assert.equal(first[1], 'Refused');
    assert.equal(first[2], '127.0.0.1');
    assert.equal(first[3], AGENT);
    assert.match(first[4]!, /^invalid_redirect_uri/);
    const second = await rows.nth(1).locator('td').allTextContents();
    assert.equal(second[1], 'Accepted');
    assert.match(second[4]!, /^Self Registered Tool/);
    assert.equal(await rows.nth(1).locator('a').getAttribute('href'), `/dashboard/default/applications/${second[4]!.replace('Self Registered Tool', '')}`);
    // Refused while registration was off, the endpoint logs nothing: two probes, the tool, the refusal.
    assert.equal(await rows.count(), 4);
    await shot('registration-log');
  });

  test('APIs: the system API is read-only but its lifetime; create an API and edit its scopes', async () => {
    await page.click('nav[aria-label=Main] >> text=APIs');
    assert.equal(await h1(), 'APIs');
    await page.click('a:has-text("Latchkey Management API")');
    assert.equal(await page.locator('#name').count(), 0);
    assert.equal(await page.locator('input[name=scope_value]').count(), 0);
    await page.fill('#token_lifetime', '3600');
    await page.click('button:has-text("Save changes")');
    await page.waitForSelector('[role=status]');
    assert.equal(await page.inputValue('#token_lifetime'), '3600');

    await page.click('nav[aria-label=Main] >> text=APIs');
    await page.click('a:has-text("Create API")');
    await page.fill('#name', 'Contacts API');
    await page.fill('#identifier', 'https://contacts.example.com/');
    await page.click('button:has-text("Create")');
    await page.waitForSelector('[role=status]');
    assert.equal(await h1(), 'Contacts API');
    await page.fill('#scope-value-0', 'read:contacts');
    await page.fill('#scope-description-0', 'Read your contacts');
    await page.fill('#scope-value-1', 'bad scope');
    await page.click('button:has-text("Save changes")');
    await page.waitForSelector('#scopes-error');
    assert.equal(await page.locator('#scopes-error').textContent(), 'Row 2: Must not contain spaces, double quotes or backslashes.');
    await page.fill('#scope-value-1', 'write:contacts');
    await page.check('#allow_offline_access');
    await page.click('button:has-text("Save changes")');
    await page.waitForSelector('[role=status]');
    assert.deepEqual(await page.locator('input[name=scope_value]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)), [
      'read:contacts',
      'write:contacts',
      '',
      '',
      '',
    ]);
    assert.equal(await page.isChecked('#allow_offline_access'), true);

    await page.click('nav[aria-label=Main] >> text=APIs');
    assert.deepEqual(await page.locator('tbody tr td:first-child a').allTextContents(), ['Latchkey Management API', 'Contacts API']);
    await shot('apis');
  });

  test('Users: create, search, block and unblock, delete after confirming', async () => {
    await page.click('nav[aria-label=Main] >> text=Users');
    await page.click('a:has-text("Create user")');
    await page.fill('#email', 'ada@example.com');
    await page.fill('#password', 'short');
    await page.click('button:has-text("Create")');
    await page.waitForSelector('#password-error');
    assert.equal(await page.locator('#password-error').textContent(), 'Password is too weak: it must be at least 8 characters long.');
    await page.fill('#password', 'correct horse battery');
    await page.click('button:has-text("Create")');
    await page.waitForSelector('[role=status]');
    await page.click('nav[aria-label=Main] >> text=Users');
    for (const email of ['grace@example.com', 'alan@example.com']) {
      await page.click('a:has-text("Create user")');
      await page.fill('#email', email);
      await page.fill('#password', 'correct horse battery');
      await page.click('button:has-text("Create")');
      await page.waitForSelector('[role=status]');
    }
    await page.click('nav[aria-label=Main] >> text=Users');
    assert.equal(await page.locator('tbody tr').count(), 3);
    await page.click('button[aria-label="Block grace@example.com"]');
    await page.waitForSelector('[role=status]');
    assert.equal((await page.locator('[role=status]').textContent())!.trim(), 'User blocked: they can no longer sign in.');
    await shot('users');

    await page.fill('#q', 'grace');
    await page.click('button:has-text("Search")');
    assert.equal(await page.locator('tbody tr').count(), 1);
    assert.equal(await page.locator('tbody tr .badge').textContent(), 'Blocked');
    await page.click('button[aria-label="Unblock grace@example.com"]');
    await page.waitForSelector('[role=status]');
    assert.equal(await page.locator('tbody tr .badge').textContent(), 'Active');
    await page.click('a[aria-label="Delete grace@example.com"]');
    assert.equal(await h1(), 'Delete this user?');
    await page.click('button:has-text("Delete user")');
    await page.waitForSelector('[role=status]');
    assert.deepEqual((await page.locator('tbody tr strong').allTextContents()).sort(), ['ada@example.com', 'alan@example.com']);
  });

  test('a POST without the CSRF token is refused with 403 and a page that says so', async () => {
    await page.goto(`${server.url}/dashboard/default/settings/advanced`);
    const response = page.waitForResponse((r) => r.request().method() === 'POST');
    // A form another site could make the browser send: same fields, no token.
    await page.evaluate(() => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = '/dashboard/default/settings/advanced';
      for (const [name, value] of [
        ['enable_dynamic_client_registration', 'on'],
        ['per_ip_burst', '1'],
      ]) {
        const input = document.createElement('input');
        input.name = name!;
        input.value = value!;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    });
    assert.equal((await response).status(), 403);
    await page.waitForSelector('h1:has-text("This form has expired")');
    assert.match((await page.locator('#message').textContent())!, /Nothing was changed/);
    await page.goto(`${server.url}/dashboard/default/settings/advanced`);
    assert.equal(await page.inputValue('#per_ip_burst'), '50');
  });

  test('an expired session sends the owner to sign in, then back to the page they asked for', async () => {
    const cookie = (await context.cookies()).find((c) => c.name === 'latchkey_dashboard')!;
    await server.latchkey.services.storage.operatorSessions.touch(hashToken(cookie.value), new Date(0));
    await page.goto(`${server.url}/dashboard/default/users?q=alan`);
    assert.equal(new URL(page.url()).pathname, '/dashboard/login');
    assert.equal(new URL(page.url()).searchParams.get('return_to'), '/dashboard/default/users?q=alan');
    await signIn();
    await page.waitForURL(`${server.url}/dashboard/default/users?q=alan`);
    assert.equal(await page.locator('tbody tr').count(), 1);
  });

  test('the tenant switcher appears with a second tenant and switches', async () => {
    await provisionTenant(server.latchkey.services.storage, {
      name: 'acme',
      domain: `acme.test:${server.port}`,
      isDefault: false,
      publicUrl: server.latchkey.services.config.publicUrl,
    });
    await page.goto(`${server.url}/dashboard/default/apis`);
    assert.deepEqual(await page.locator('#tenant-switch option').allTextContents(), ['default (default)', 'acme (acme)']);
    await page.selectOption('#tenant-switch', 'acme');
    await page.waitForURL(`${server.url}/dashboard/acme/apis`);
    assert.equal((await page.locator('#current-tenant').textContent())!.trim(), 'acme');
    // Its own data, through its own Management API: only its system API, no Contacts API.
    assert.deepEqual(await page.locator('tbody tr td:first-child a').allTextContents(), ['Latchkey Management API']);
  });

  test('sign-out ends the session', async () => {
    await page.click('button:has-text("Sign out")');
    await page.waitForURL(`${server.url}/dashboard/login`);
    await page.goto(`${server.url}/dashboard/default/applications`);
    assert.equal(new URL(page.url()).pathname, '/dashboard/login');
  });
});
