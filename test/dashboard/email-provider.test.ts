// Settings > Email in headless Chromium: set up the SMTP provider, send a test email that a real
// SMTP server receives, and see a bad field named. Pages saved to test-artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium, signInToDashboard } from '../helpers/browser.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';

const ARTIFACTS = path.resolve('test-artifacts');

for (const dialect of dialects()) {
  describe(`email provider in the dashboard (Chromium, ${dialect})`, { skip: skipWithoutChromium }, () => {
    let server: TestServer;
    let smtp: TestSmtp;
    let browser: Browser;
    let page: Page;

    before(async () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      server = await startServer({ dialect, publicUrlFromPort: true });
      smtp = await startSmtp({ auth: { user: 'mailer', pass: 'smtp-password-1' } });
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
      await signInToDashboard(page, server);
    });

    after(async () => {
      await browser?.close();
      await smtp?.close();
      await server?.close();
    });

    const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });

    test('set up the SMTP server, then send a test email that arrives', async () => {
      await page.click('nav[aria-label=Main] >> text=Settings');
      await page.click('nav.tabs >> text=Email');
      await page.waitForURL(`${server.url}/dashboard/default/settings/email`);
      assert.match((await page.locator('#smtp-heading').textContent())!, /Email provider/);
      await shot('settings-email-empty');
      await page.getByLabel('SMTP host').fill('127.0.0.1');
      await page.getByLabel('Port').fill(String(smtp.port));
      await page.getByLabel('User name').fill('mailer');
      await page.getByLabel('Password', { exact: true }).fill('smtp-password-1');
      await page.getByLabel('From address').fill('login@acme.example');
      await page.click('button:has-text("Save")');
      await page.waitForSelector('text=Email provider saved.');
      assert.equal(await page.inputValue('#smtp_pass'), '', 'the password is never shown again');
      assert.equal(await page.inputValue('#smtp_host'), '127.0.0.1');

      await page.getByLabel('Recipient').fill('owner@example.com');
      await page.click('button:has-text("Send test email")');
      await page.waitForSelector('text=Test email queued.');
      await shot('settings-email');
      const mail = await smtp.next((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '') === 'owner@example.com');
      assert.equal(mail.from?.text, 'login@acme.example');
      assert.deepEqual(smtp.logins, ['mailer']);
    });

    test('a bad port is named on the form and nothing is saved', async () => {
      await page.goto(`${server.url}/dashboard/default/settings/email`);
      await page.getByLabel('Port').fill('70000');
      await page.click('button:has-text("Save")');
      await page.waitForSelector('#smtp_port-error');
      assert.match((await page.locator('#smtp_port-error').textContent())!, /at most 65535/);
      await shot('settings-email-error');
      await page.goto(`${server.url}/dashboard/default/settings/email`);
      assert.equal(await page.inputValue('#smtp_port'), String(smtp.port));
    });
  });
}
