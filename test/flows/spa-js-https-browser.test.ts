// auth0-spa-js with the tenant's defaults, as it runs in production: the app on an https origin
// of its own (app.test, resolved to loopback by Chromium), registered through POST /oidc/register.
// Its callback is verifiable, so no page but the consent page stands in the way and no
// development setting is needed (the loopback-origin suite in web-message-browser.test.ts needs
// one). Across sites a browser does not send Latchkey's session cookie to a hidden frame, so
// the app renews tokens with rotating refresh tokens, as spa-js recommends for that case.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium } from '../helpers/browser.ts';
import { startHttpsServer, type HttpsServer } from '../helpers/https-server.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { createUser, registerThirdPartyClient } from '../helpers/fixtures.ts';

const SPA_JS = fs.readFileSync(createRequire(import.meta.url).resolve('@auth0/auth0-spa-js/dist/auth0-spa-js.production.js'));
const APP_HOST = 'app.test';

describe('auth0-spa-js on an https origin, with the defaults', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let app: HttpsServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let appOrigin: string;

  before(async () => {
    server = await startServer({ dialect: 'sqlite', publicUrlFromPort: true });
    app = await startHttpsServer((req, res) => {
      if (req.url === '/spa.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(SPA_JS);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>SPA</title><script src="/spa.js"></script><p>SPA</p>');
    });
    appOrigin = `https://${APP_HOST}:${app.port}`;
    const client = await registerThirdPartyClient(server, {
      redirectUris: [`${appOrigin}/`],
      name: 'Production SPA',
      authMethod: 'none',
      webOrigins: [appOrigin],
    });
    await createUser(server, { email: 'mary@example.com', name: 'Mary', password: 'correct horse battery' });
    // The test certificate is not one Chromium trusts; the origin is https all the same.
    browser = await launchChromium([`--host-resolver-rules=MAP ${APP_HOST} 127.0.0.1`]);
    context = await browser.newContext({ ignoreHTTPSErrors: true });
    page = await context.newPage();
    await page.goto(`${appOrigin}/`);
    assert.equal(await page.evaluate(() => window.isSecureContext), true);
    await page.evaluate(
      async ({ domain, clientId, redirectUri }) => {
        (window as any).client = await (window as any).auth0.createAuth0Client({
          domain,
          clientId,
          useRefreshTokens: true,
          authorizationParams: { redirect_uri: redirectUri },
        });
      },
      { domain: server.url, clientId: client.client_id, redirectUri: `${appOrigin}/` },
    );
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await server?.close();
  });

  test('loginWithPopup asks for consent; getTokenSilently then renews the tokens with no setting changed', async () => {
    const settings = (await server.latchkey.services.storage.tenants.findDefault())!.settings;
    assert.equal(settings.skip_non_verifiable_callback_uri_confirmation_prompt ?? false, false);

    const login = page.evaluate(() => (window as any).client.loginWithPopup());
    const popup = await context.waitForEvent('page');
    await popup.waitForSelector('#email');
    await popup.fill('#email', 'mary@example.com');
    await popup.fill('#password', 'correct horse battery');
    await popup.click('button[type=submit]');
    await popup.waitForSelector('button[value=accept]');
    // An https callback is not one the consent page warns about.
    assert.equal(await popup.locator('.callout').count(), 0);
    await popup.click('button[value=accept]');
    await login;
    assert.equal((await page.evaluate(() => (window as any).client.getUser())).email, 'mary@example.com');

    const silent = await page.evaluate(() => (window as any).client.getTokenSilently({ cacheMode: 'off', detailedResponse: true }));
    assert.ok(silent.access_token);
    assert.ok(silent.id_token);
    const again = await page.evaluate(() => (window as any).client.getTokenSilently({ cacheMode: 'off' }));
    assert.notEqual(again, silent.access_token, 'each renewal issues a new token');
  });
});
