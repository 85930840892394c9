// Every error path of the sign-in flows with its exact outcome, on every dialect.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createApi, createUser, defaultStores, registerThirdPartyClient } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough, formAction, formField, type Hop } from '../helpers/user-agent.ts';
import { TOO_MANY_ATTEMPTS, WRONG_CREDENTIALS } from '../../src/login/credentials.ts';
import type { Client } from '../../src/domain/client.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const API = 'https://contacts.example.com/';
const PASSWORD = 'correct horse battery';
const VERIFIER = 'a'.repeat(43) + 'verifier';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

/** The parameters a redirect carries in its query or fragment. */
function redirectParams(hop: Hop): Record<string, string> {
  assert.equal(hop.status, 302, hop.body.slice(0, 400));
  assert.ok(hop.location?.startsWith(REDIRECT), hop.location);
  const url = new URL(hop.location!);
  return Object.fromEntries(new URLSearchParams(url.hash ? url.hash.slice(1) : url.search));
}

function alertText(html: string): string | undefined {
  return /role="alert"[^>]*>([\s\S]*?)<\/div>/
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim();
}

for (const dialect of dialects()) {
  describe(`sign-in error paths (${dialect})`, () => {
    let server: TestServer;
    let confidential: Client;
    let publicClient: Client;
    let codeOnly: Client;
    let strict: Client;
    let guarded: Client;
    let issuer: string;

    const allowAlways = async (client: Client): Promise<Client> => {
      const next: Client = { ...client, redirection_policy: 'allow_always' };
      assert.ok(await (await defaultStores(server)).clients.replace(next));
      return next;
    };

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      issuer = `${server.url}/`;
      // The owner lets these send errors to their callbacks (redirection_policy allow_always).
      confidential = await allowAlways(await registerThirdPartyClient(server, { redirectUris: [REDIRECT] }));
      publicClient = await allowAlways(await registerThirdPartyClient(server, { redirectUris: [REDIRECT], authMethod: 'none' }));
      codeOnly = await allowAlways(await registerThirdPartyClient(server, { redirectUris: [REDIRECT], grantTypes: ['authorization_code'] }));
      guarded = await registerThirdPartyClient(server, { redirectUris: [REDIRECT] });
      strict = await registerThirdPartyClient(server, { redirectUris: [REDIRECT], strict: true, grantTypes: ['authorization_code', 'refresh_token'] });
      await createApi(server, { identifier: API });
      await createUser(server, { email: 'ada@example.com', password: PASSWORD });
      await createUser(server, { email: 'blocked@example.com', password: PASSWORD, blocked: true });
      await createUser(server, { email: 'target@example.com', password: PASSWORD });
    });
    after(() => server.close());

    const authorizeUrl = (client: Client, params: Record<string, string>) =>
      `${server.url}/authorize?` + new URLSearchParams({ client_id: client.client_id, redirect_uri: REDIRECT, state: 'st', ...params });
    const get = (url: string) => new UserAgent().get(url);

    test('unknown client and unregistered redirect_uri: error page, no redirect', async () => {
      const unknown = await get(`${server.url}/authorize?client_id=nope&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}`);
      assert.equal(unknown.status, 400);
      assert.equal(unknown.location, undefined);
      assert.match(unknown.body, /Unknown client: nope/);

      const bad = await get(authorizeUrl(confidential, { response_type: 'code', redirect_uri: 'http://127.0.0.1:9/other' }));
      assert.equal(bad.status, 400);
      assert.equal(bad.location, undefined);
      assert.equal(alertText(bad.body), 'invalid_request: Callback URL mismatch. http://127.0.0.1:9/other is not in the list of allowed callback URLs.');
    });

    test('errors after the redirect URI is verified go back to it with error, error_description, state and iss', async () => {
      const cases: [Client, Record<string, string>, Record<string, string>][] = [
        [
          confidential,
          { response_type: 'id_token token', scope: 'openid' },
          { error: 'invalid_request', error_description: 'Missing required parameter: nonce' },
        ],
        [
          publicClient,
          { response_type: 'code', scope: 'openid' },
          { error: 'invalid_request', error_description: 'Missing required parameter: code_challenge (PKCE with S256 is required for this client)' },
        ],
        [
          confidential,
          { response_type: 'code', code_challenge: CHALLENGE, code_challenge_method: 'plain' },
          { error: 'invalid_request', error_description: 'Unsupported code_challenge_method: plain. Use S256.' },
        ],
        [codeOnly, { response_type: 'token' }, { error: 'unauthorized_client', error_description: "Grant type 'implicit' not allowed for the client." }],
        [
          confidential,
          { response_type: 'code', audience: 'https://unknown.example.com/' },
          { error: 'invalid_request', error_description: 'Service not found: https://unknown.example.com/' },
        ],
        [
          confidential,
          { response_type: 'code', resource: 'https://unknown.example.com/mcp' },
          { error: 'invalid_target', error_description: 'Unknown resource: https://unknown.example.com/mcp' },
        ],
        [
          confidential,
          { response_type: 'code', audience: `${issuer}api/v2/` },
          { error: 'invalid_request', error_description: `Service not found: ${issuer}api/v2/` },
        ],
        [confidential, { response_type: 'code', prompt: 'none' }, { error: 'login_required', error_description: 'Login required' }],
        [
          confidential,
          { response_type: 'code token id_token x' },
          { error: 'unsupported_response_type', error_description: 'Unsupported response type: code token id_token x' },
        ],
      ];
      for (const [client, params, expected] of cases) {
        assert.deepEqual(redirectParams(await get(authorizeUrl(client, params))), { ...expected, state: 'st', iss: issuer }, JSON.stringify(params));
      }
    });

    test('open_redirect_protection (self-registered default): errors before any interaction show the error page; prompt=none answers still go back', async () => {
      // RFC 9700 §4.11.2: registering https://evil.example/phish and sending people to
      // /authorize?client_id=X&response_type=x must not bounce them there from this origin.
      const refused: Record<string, string>[] = [
        { response_type: 'x' },
        { response_type: 'code', audience: 'https://unknown.example.com/' },
        { response_type: 'id_token token' },
      ];
      for (const params of refused) {
        const hop = await get(authorizeUrl(guarded, params));
        assert.equal(hop.status, 400, JSON.stringify(params));
        assert.equal(hop.location, undefined, JSON.stringify(params));
        assert.match(hop.body, /<html/);
      }
      assert.deepEqual(redirectParams(await get(authorizeUrl(guarded, { response_type: 'code', prompt: 'none' }))), {
        error: 'login_required',
        error_description: 'Login required',
        state: 'st',
        iss: issuer,
      });
    });

    test('strict third-party clients see errors on the error page; implicit is refused', async () => {
      const hop = await get(authorizeUrl(strict, { response_type: 'id_token token', nonce: 'n' }));
      assert.equal(hop.status, 400);
      assert.equal(hop.location, undefined);
      assert.equal(alertText(hop.body), 'unsupported_response_type: Unsupported response type: id_token token');
      const noPkce = await get(authorizeUrl(strict, { response_type: 'code' }));
      assert.equal(noPkce.status, 400);
      assert.equal(noPkce.location, undefined);
    });

    test('wrong password and unknown email: one generic message', async () => {
      for (const email of ['ada@example.com', 'nobody@example.com']) {
        const agent = new UserAgent();
        const hop = await authorizeThrough(agent, server.url, authorizeUrl(confidential, { response_type: 'code' }), { email, password: 'wrong' });
        assert.equal(hop.status, 400);
        assert.equal(alertText(hop.body), WRONG_CREDENTIALS);
        assert.equal([...agent.cookies.keys()].includes('latchkey_session'), false);
      }
    });

    test('a blocked user is refused with a clear message and gets no session', async () => {
      const agent = new UserAgent();
      const hop = await authorizeThrough(agent, server.url, authorizeUrl(confidential, { response_type: 'code' }), {
        email: 'blocked@example.com',
        password: PASSWORD,
      });
      assert.equal(hop.status, 401);
      assert.equal(alertText(hop.body), 'Your account is blocked. Contact the administrator of default.');
      assert.equal(agent.cookies.has('latchkey_session'), false);
    });

    test('a login POST without the CSRF token is refused', async () => {
      const agent = new UserAgent();
      const page = await agent.follow(await agent.get(authorizeUrl(confidential, { response_type: 'code' })), server.url);
      const action = formAction(page.body, page.url);
      const forged = await agent.post(action, { email: 'ada@example.com', password: PASSWORD });
      assert.equal(forged.status, 403);
      assert.match(alertText(forged.body)!, /^invalid_request: The form expired or did not come from this site/);
      assert.equal(agent.cookies.has('latchkey_session'), false);
      const wrongToken = await agent.post(action, { csrf: 'x'.repeat(43), email: 'ada@example.com', password: PASSWORD });
      assert.equal(wrongToken.status, 403);
    });

    test('brute force: the 10th failure blocks the account from this IP, even for the right password', async () => {
      const agent = new UserAgent();
      const page = await agent.follow(await agent.get(authorizeUrl(confidential, { response_type: 'code' })), server.url);
      const action = formAction(page.body, page.url);
      const csrf = formField(page.body, 'csrf')!;
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await agent.post(action, { csrf, email: 'target@example.com', password: `wrong-${i}` })).status);
      assert.deepEqual(statuses, [400, 400, 400, 400, 400, 400, 400, 400, 400, 429]);
      const right = await agent.post(action, { csrf, email: 'target@example.com', password: PASSWORD });
      assert.equal(right.status, 429);
      assert.equal(alertText(right.body), TOO_MANY_ATTEMPTS);
      assert.equal(agent.cookies.has('latchkey_session'), false);
    });

    test('declined consent sends access_denied to the app; prompt=none without consent gives consent_required', async () => {
      const agent = new UserAgent();
      const declined = await authorizeThrough(
        agent,
        server.url,
        authorizeUrl(confidential, { response_type: 'code', scope: 'openid read:contacts', audience: API }),
        {
          email: 'ada@example.com',
          password: PASSWORD,
          consent: 'decline',
        },
      );
      assert.deepEqual(redirectParams(declined), { error: 'access_denied', error_description: 'User did not authorize the request', state: 'st', iss: issuer });
      const silent = await agent.get(authorizeUrl(confidential, { response_type: 'code', scope: 'openid read:contacts', audience: API, prompt: 'none' }));
      assert.deepEqual(redirectParams(silent), { error: 'consent_required', error_description: 'Consent required', state: 'st', iss: issuer });
    });

    test('token endpoint: wrong PKCE verifier, missing verifier, replayed code, redirect_uri mismatch', async () => {
      const agent = new UserAgent();
      const hop = await authorizeThrough(
        agent,
        server.url,
        authorizeUrl(publicClient, { response_type: 'code', scope: 'openid', code_challenge: CHALLENGE, code_challenge_method: 'S256' }),
        {
          email: 'ada@example.com',
          password: PASSWORD,
          consent: 'accept',
        },
      );
      const { code } = redirectParams(hop);
      const exchange = async (extra: Record<string, string>) => {
        const res = await fetch(`${server.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'authorization_code', client_id: publicClient.client_id, code, redirect_uri: REDIRECT, ...extra }),
        });
        return { status: res.status, body: await res.json() };
      };
      assert.deepEqual(await exchange({ code_verifier: 'b'.repeat(50) }), {
        status: 403,
        body: { error: 'invalid_grant', error_description: 'Failed to verify code verifier' },
      });
      assert.deepEqual(await exchange({}), { status: 400, body: { error: 'invalid_request', error_description: 'Missing required parameter: code_verifier' } });
      assert.deepEqual(await exchange({ code_verifier: VERIFIER, redirect_uri: 'http://127.0.0.1:9/other' }), {
        status: 403,
        body: { error: 'invalid_grant', error_description: 'redirect_uri does not match the one used in the authorization request' },
      });
      const ok = await exchange({ code_verifier: VERIFIER });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.token_type, 'Bearer');
      assert.equal(ok.body.refresh_token, undefined);
      assert.deepEqual(await exchange({ code_verifier: VERIFIER }), {
        status: 403,
        body: { error: 'invalid_grant', error_description: 'Invalid authorization code' },
      });
    });
  });
}
