// Non-verifiable callbacks (Auth0's skip_non_verifiable_callback_uri_confirmation_prompt, off by
// default): before a code goes to a custom scheme or a loopback address the user is told where
// it goes. Third-party apps show it on the consent page, every time; first-party apps on a
// Continue / Cancel page, once per authorization. Plain HTTP with a cookie jar, on every dialect.
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createApi, createUser, registerThirdPartyClient } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough, formAction, formField, type Hop } from '../helpers/user-agent.ts';
import { managementToken, request, sdkClient } from '../management/helpers.ts';
import { runCli } from '../../src/cli/index.ts';

const LOOPBACK = 'http://127.0.0.1:9/callback';
const CUSTOM = 'com.example.app:/oauth2redirect';
const WEB = 'https://app.example.com/callback';
const API = 'https://contacts.example.com/';
const USER = { email: 'ada@example.com', password: 'correct horse battery' };
const VERIFIER = randomBytes(32).toString('base64url');
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

const LOOPBACK_NOTICE = 'a program on this device listening on 127.0.0.1:9';
const CUSTOM_NOTICE = 'an app on this device that handles com.example.app: links';

/** The notice's text, tags stripped and entities decoded; undefined when the page has none. */
function notice(html: string): string | undefined {
  const m = /<div class="callout" role="note" id="callback-notice">([\s\S]*?)<\/div>/.exec(html);
  return m?.[1]
    ?.replace(/<\/p>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

const pathOf = (hop: Hop) => new URL(hop.url).pathname;

/** The query of a redirect to `redirectUri` (which may be a custom scheme). */
function callbackParams(hop: Hop, redirectUri: string): Record<string, string> {
  assert.equal(hop.status, 302, `expected a redirect to the app, got ${hop.status} ${hop.url}: ${hop.body.slice(0, 300)}`);
  assert.ok(hop.location?.startsWith(`${redirectUri}?`), hop.location);
  return Object.fromEntries(new URLSearchParams(hop.location!.slice(redirectUri.length + 1)));
}

for (const dialect of dialects()) {
  describe(`non-verifiable callbacks (${dialect})`, () => {
    let server: TestServer;
    let issuer: string;
    let admin: string;

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      issuer = `${server.url}/`;
      await createApi(server, { identifier: API });
      await createUser(server, USER);
      admin = await managementToken(server, server.credentials.management);
    });
    after(() => server?.close());

    const setSkip = async (value: boolean | null) => {
      const res = await request(server, 'PATCH', '/api/v2/tenants/settings', {
        token: admin,
        body: { skip_non_verifiable_callback_uri_confirmation_prompt: value },
      });
      assert.equal(res.status, 200, res.text);
    };

    function authorizeUrl(clientId: string, redirectUri: string, extra: Record<string, string> = {}): string {
      return (
        `${server.url}/authorize?` +
        new URLSearchParams({
          response_type: 'code',
          client_id: clientId,
          redirect_uri: redirectUri,
          scope: 'openid profile',
          state: 'st',
          code_challenge: CHALLENGE,
          code_challenge_method: 'S256',
          ...extra,
        })
      );
    }

    async function exchange(clientId: string, redirectUri: string, code: string) {
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'authorization_code', client_id: clientId, code, code_verifier: VERIFIER, redirect_uri: redirectUri }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    /** A first-party public app created by the owner through the Management API. */
    async function firstPartyApp(name: string, callbacks: string[]): Promise<string> {
      const res = await request(server, 'POST', '/api/v2/clients', {
        token: admin,
        body: { name, app_type: 'native', callbacks, token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] },
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.is_first_party, true);
      return res.json.client_id;
    }

    /** A user agent signed in (through a first-party https app, which asks nothing else). */
    async function signedIn(): Promise<UserAgent> {
      const agent = new UserAgent();
      const clientId = await firstPartyApp('Sign-in helper', [WEB]);
      const hop = await authorizeThrough(agent, server.url, authorizeUrl(clientId, WEB), USER);
      assert.ok(callbackParams(hop, WEB).code);
      return agent;
    }

    test('the setting: absent by default, PATCH true / false / null, refused when not a boolean; the auth0 SDK and the CLI set it too', async () => {
      const got = await request(server, 'GET', '/api/v2/tenants/settings', { token: admin });
      assert.equal(got.json.skip_non_verifiable_callback_uri_confirmation_prompt, undefined);
      for (const value of [true, false, null]) {
        const res = await request(server, 'PATCH', '/api/v2/tenants/settings', {
          token: admin,
          body: { skip_non_verifiable_callback_uri_confirmation_prompt: value },
        });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.skip_non_verifiable_callback_uri_confirmation_prompt, value);
        assert.equal(
          (await request(server, 'GET', '/api/v2/tenants/settings', { token: admin })).json.skip_non_verifiable_callback_uri_confirmation_prompt,
          value,
        );
      }
      const bad = await request(server, 'PATCH', '/api/v2/tenants/settings', {
        token: admin,
        body: { skip_non_verifiable_callback_uri_confirmation_prompt: 'yes' },
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.errorCode, 'invalid_body');
      assert.match(bad.json.message, /skip_non_verifiable_callback_uri_confirmation_prompt/);

      const mgmt = sdkClient(server, server.credentials.management);
      const updated = await mgmt.tenants.settings.update({ skip_non_verifiable_callback_uri_confirmation_prompt: true });
      assert.equal(updated.skip_non_verifiable_callback_uri_confirmation_prompt, true);
      assert.equal((await mgmt.tenants.settings.get()).skip_non_verifiable_callback_uri_confirmation_prompt, true);

      const saved = { ...process.env };
      delete process.env.DATABASE_URL;
      delete process.env.LATCHKEY_MASTER_KEY;
      Object.assign(process.env, server.env);
      const sink = () => {
        let text = '';
        return { stream: new Writable({ write: (c, _e, cb) => ((text += String(c)), cb()) }) as never, text: () => text };
      };
      try {
        for (const [raw, value] of [
          ['false', false],
          ['null', null],
        ] as const) {
          const out = sink();
          const err = sink();
          const code = await runCli(
            ['tenant', 'settings', '--name', 'default', '--set', `skip_non_verifiable_callback_uri_confirmation_prompt=${raw}`],
            out.stream,
            err.stream,
          );
          assert.equal(code, 0, err.text());
          assert.equal(JSON.parse(out.text()).skip_non_verifiable_callback_uri_confirmation_prompt, value);
        }
        const err = sink();
        assert.equal(
          await runCli(
            ['tenant', 'settings', '--name', 'default', '--set', 'skip_non_verifiable_callback_uri_confirmation_prompt=yes'],
            sink().stream,
            err.stream,
          ),
          2,
        );
        assert.match(err.text(), /skip_non_verifiable_callback_uri_confirmation_prompt must be true or false/);
      } finally {
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
      }
      assert.equal(
        (await request(server, 'GET', '/api/v2/tenants/settings', { token: admin })).json.skip_non_verifiable_callback_uri_confirmation_prompt,
        null,
      );
    });

    for (const [kind, redirectUri, text] of [
      ['loopback', LOOPBACK, LOOPBACK_NOTICE],
      ['custom-scheme', CUSTOM, CUSTOM_NOTICE],
    ] as const) {
      test(`third-party app, ${kind} callback: the consent page says where the code goes, every time; prompt=none answers consent_required`, async () => {
        const client = await registerThirdPartyClient(server, { redirectUris: [redirectUri], name: `Tool ${kind}`, authMethod: 'none', appType: 'native' });
        const agent = new UserAgent();
        const consent = await authorizeThrough(agent, server.url, authorizeUrl(client.client_id, redirectUri), USER);
        assert.equal(pathOf(consent), '/u/consent');
        assert.match(notice(consent.body)!, new RegExp(`Tool ${kind} will receive your sign-in through ${text.replace(/[.:]/g, '\\$&')}\\.`));
        assert.equal(consent.body.match(/id="callback-notice"/g)?.length, 1, 'the notice replaces the plain "you will be sent to" line');
        assert.doesNotMatch(consent.body, /After you decide/);
        const first = await agent.post(formAction(consent.body, consent.url), { csrf: formField(consent.body, 'csrf')!, decision: 'accept' });
        const { code, state, iss } = callbackParams(first, redirectUri);
        assert.deepEqual({ state, iss }, { state: 'st', iss: issuer });
        const tokens = await exchange(client.client_id, redirectUri, code!);
        assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
        assert.ok(tokens.body.access_token);

        // Consent is stored, yet the second authorization shows the page (and its notice) again.
        const again = await agent.follow(await agent.get(authorizeUrl(client.client_id, redirectUri, { state: 'again' })), server.url);
        assert.equal(pathOf(again), '/u/consent');
        assert.ok(notice(again.body)?.includes(text));
        const second = await agent.post(formAction(again.body, again.url), { csrf: formField(again.body, 'csrf')!, decision: 'accept' });
        assert.equal(callbackParams(second, redirectUri).state, 'again');

        // Silent authorization cannot show it: consent_required goes back to the app, even
        // under open_redirect_protection (silent sign-in needs the answer).
        const silent = await agent.get(authorizeUrl(client.client_id, redirectUri, { prompt: 'none' }));
        assert.deepEqual(callbackParams(silent, redirectUri), { error: 'consent_required', error_description: 'Consent required', state: 'st', iss: issuer });

        // Declining answers access_denied, as any declined consent does.
        const page = await agent.follow(await agent.get(authorizeUrl(client.client_id, redirectUri, { state: 'no' })), server.url);
        const declined = await agent.post(formAction(page.body, page.url), { csrf: formField(page.body, 'csrf')!, decision: 'decline' });
        assert.equal(callbackParams(declined, redirectUri).error, 'access_denied');
      });
    }

    test('third-party app with the setting true: stored consent applies as for any callback (no page, prompt=none gets a code)', async () => {
      const client = await registerThirdPartyClient(server, { redirectUris: [LOOPBACK], name: 'Skipper', authMethod: 'none', appType: 'native' });
      const agent = new UserAgent();
      await setSkip(true);
      try {
        const consent = await authorizeThrough(agent, server.url, authorizeUrl(client.client_id, LOOPBACK), USER);
        assert.equal(pathOf(consent), '/u/consent', 'consent itself is still asked once');
        assert.ok(notice(consent.body)?.includes(LOOPBACK_NOTICE), 'the page still says where the code goes');
        const first = await agent.follow(
          await agent.post(formAction(consent.body, consent.url), { csrf: formField(consent.body, 'csrf')!, decision: 'accept' }),
          server.url,
        );
        assert.ok(callbackParams(first, LOOPBACK).code);
        const second = await agent.get(authorizeUrl(client.client_id, LOOPBACK, { state: 'again' }));
        assert.equal(callbackParams(second, LOOPBACK).state, 'again');
        assert.ok(callbackParams(second, LOOPBACK).code);
        const silent = await agent.get(authorizeUrl(client.client_id, LOOPBACK, { prompt: 'none', state: 'silent' }));
        assert.ok(callbackParams(silent, LOOPBACK).code);
      } finally {
        await setSkip(null);
      }
      // Back to the default: the page again.
      const back = await agent.follow(await agent.get(authorizeUrl(client.client_id, LOOPBACK)), server.url);
      assert.equal(pathOf(back), '/u/consent');
    });

    test('https callbacks are unaffected: a third-party app with stored consent and a first-party app get their code with no page', async () => {
      const third = await registerThirdPartyClient(server, { redirectUris: [WEB], name: 'Web Tool', authMethod: 'none' });
      const agent = new UserAgent();
      const consent = await authorizeThrough(agent, server.url, authorizeUrl(third.client_id, WEB), USER);
      assert.equal(pathOf(consent), '/u/consent');
      assert.equal(notice(consent.body), undefined);
      assert.match(consent.body, /you will be sent to <span class="code">app\.example\.com<\/span>/);
      await agent.follow(await agent.post(formAction(consent.body, consent.url), { csrf: formField(consent.body, 'csrf')!, decision: 'accept' }), server.url);
      assert.ok(callbackParams(await agent.get(authorizeUrl(third.client_id, WEB, { prompt: 'none' })), WEB).code);
      const first = await firstPartyApp('Web App', [WEB]);
      assert.ok(callbackParams(await agent.get(authorizeUrl(first, WEB)), WEB).code);
    });

    test('first-party app, loopback callback: a confirmation page; Continue gives a code that exchanges, Cancel gives access_denied', async () => {
      const clientId = await firstPartyApp('Desktop App', [LOOPBACK]);
      const agent = await signedIn();

      const start = await agent.get(authorizeUrl(clientId, LOOPBACK));
      assert.equal(start.status, 302);
      assert.equal(new URL(start.location!).pathname, '/u/confirm');
      const page = await agent.get(start.location!);
      assert.equal(page.status, 200);
      assert.equal(page.body.match(/<h1>([^<]*)<\/h1>/)?.[1], 'Continue to Desktop App?');
      assert.equal(
        notice(page.body),
        `This goes to an app on this device, not to a website Desktop App will receive your sign-in through ${LOOPBACK_NOTICE}. Any program on this device can listen there, so default cannot check which one gets it. Continue only if you started this from Desktop App on this device.`,
      );
      assert.match(page.body, /<button class="button secondary" type="submit" name="decision" value="cancel">Cancel<\/button>/);
      assert.match(page.body, /<button class="button" type="submit" name="decision" value="continue">Continue<\/button>/);
      assert.equal(page.body.match(/<form /g)?.length, 1);

      const action = formAction(page.body, page.url);
      const csrf = formField(page.body, 'csrf')!;
      // Without the form's token nothing is issued.
      const forged = await agent.post(action, { decision: 'continue' });
      assert.equal(forged.status, 403);
      assert.equal(forged.location, undefined);
      const wrong = await agent.post(action, { csrf: 'x'.repeat(43), decision: 'continue' });
      assert.equal(wrong.status, 403);

      const continued = await agent.post(action, { csrf, decision: 'continue' });
      const { code, state, iss } = callbackParams(continued, LOOPBACK);
      assert.deepEqual({ state, iss }, { state: 'st', iss: issuer });
      const tokens = await exchange(clientId, LOOPBACK, code!);
      assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
      assert.ok(tokens.body.id_token);

      // Once per authorization: the next one asks again.
      const next = await agent.follow(await agent.get(authorizeUrl(clientId, LOOPBACK, { state: 'next' })), server.url);
      assert.equal(pathOf(next), '/u/confirm');
      const cancelled = await agent.post(formAction(next.body, next.url), { csrf: formField(next.body, 'csrf')!, decision: 'cancel' });
      assert.deepEqual(callbackParams(cancelled, LOOPBACK), {
        error: 'access_denied',
        error_description: 'User did not authorize the request',
        state: 'next',
        iss: issuer,
      });
    });

    test('first-party app: prompt=none answers interaction_required; with the setting true there is no page', async () => {
      const clientId = await firstPartyApp('CLI Tool', [CUSTOM]);
      const agent = await signedIn();
      const silent = await agent.get(authorizeUrl(clientId, CUSTOM, { prompt: 'none' }));
      const answer = callbackParams(silent, CUSTOM);
      assert.equal(answer.error, 'interaction_required');
      assert.equal(answer.state, 'st');
      const page = await agent.follow(await agent.get(authorizeUrl(clientId, CUSTOM)), server.url);
      assert.equal(pathOf(page), '/u/confirm');
      assert.ok(notice(page.body)?.includes(CUSTOM_NOTICE));

      await setSkip(true);
      try {
        assert.ok(callbackParams(await agent.get(authorizeUrl(clientId, CUSTOM)), CUSTOM).code);
        assert.ok(callbackParams(await agent.get(authorizeUrl(clientId, CUSTOM, { prompt: 'none' })), CUSTOM).code);
        // The page itself has nothing to confirm then, and sends the browser back to /authorize.
        const direct = await agent.get(page.url);
        assert.equal(direct.status, 302);
        assert.equal(new URL(direct.location!).pathname, '/authorize');
      } finally {
        await setSkip(null);
      }
    });

    test('first-party app whose API asks for consent: the notice is on the consent page, and no extra page follows', async () => {
      const clientId = await firstPartyApp('Contacts Desktop', [LOOPBACK]);
      const agent = await signedIn();
      const url = authorizeUrl(clientId, LOOPBACK, { audience: API, scope: 'openid read:contacts' });
      const consent = await agent.follow(await agent.get(url), server.url);
      assert.equal(pathOf(consent), '/u/consent');
      assert.ok(notice(consent.body)?.includes(LOOPBACK_NOTICE));
      const accepted = await agent.post(formAction(consent.body, consent.url), { csrf: formField(consent.body, 'csrf')!, decision: 'accept' });
      const { code } = callbackParams(accepted, LOOPBACK);
      assert.equal((await exchange(clientId, LOOPBACK, code!)).status, 200);
      // Consent is remembered for a first-party app; the notice then comes on its own page.
      const again = await agent.follow(await agent.get(url), server.url);
      assert.equal(pathOf(again), '/u/confirm');
    });

    test('the confirmation page cannot stand in for a third-party app’s consent page', async () => {
      const client = await registerThirdPartyClient(server, { redirectUris: [LOOPBACK], name: 'Sneaky', authMethod: 'none', appType: 'native' });
      const agent = await signedIn();
      const url = new URL(authorizeUrl(client.client_id, LOOPBACK));
      url.pathname = '/u/confirm';
      const page = await agent.get(url.href);
      assert.equal(page.status, 302);
      assert.equal(new URL(page.location!).pathname, '/authorize');
      // A form token the browser holds (the sign-in page set it), posted straight to the page.
      const csrf = [...agent.cookies].find(([name]) => name.includes('latchkey_csrf'))![1];
      const posted = await agent.post(url.href, { csrf, decision: 'continue' });
      assert.equal(posted.status, 303);
      const landed = await agent.follow(await agent.get(posted.location!), server.url);
      assert.equal(pathOf(landed), '/u/consent');
    });
  });
}
