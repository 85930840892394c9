// The sign-up and "Forgot password?" pages over HTTP: the login page links to both with the
// authorization request; sign-up signs the user in and the authorization goes on; refusals
// (weak password naming its rule, a taken email, CR/LF in the email, no CSRF token, sign-up
// disabled, too many sign-ups from one network) are a 4xx page and change nothing; the reset
// request answers the same for any email, and its link works once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagementClient } from 'auth0';
import { dialects, type TestServer } from '../helpers/server.ts';
import type { TestSmtp } from '../helpers/smtp.ts';
import { startMailingTenant, ticketForm, toOf, type MailingTenant } from './support.ts';
import { createUser, defaultStores, registerThirdPartyClient, skipCallbackConfirmation } from '../helpers/fixtures.ts';
import { UserAgent, formAction, formField, type Hop } from '../helpers/user-agent.ts';
import { configureRegistration } from '../registration/support.ts';
import type { Client } from '../../src/domain/client.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#61;/g, '=');
const hrefOf = (body: string, id: string) => {
  const m = new RegExp(`id="${id}" href="([^"]*)"`).exec(body);
  return m ? decode(m[1]!) : undefined;
};

for (const dialect of dialects()) {
  describe(`sign-up and reset-request pages (${dialect})`, () => {
    let tenant: MailingTenant;
    let server: TestServer;
    let smtp: TestSmtp;
    let mgmt: ManagementClient;
    let client: Client;
    let connectionId: string;

    before(async () => {
      ({ server, smtp, mgmt } = tenant = await startMailingTenant(dialect));
      client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT], name: 'Notes' });
      connectionId = (await mgmt.connections.list()).data[0]!.id!;
      await skipCallbackConfirmation(server);
      await configureRegistration(server);
    });
    after(async () => {
      await tenant?.close();
    });

    const authorizeUrl = (state = 'st') =>
      `${server.url}/authorize?${new URLSearchParams({ client_id: client.client_id, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid email', state })}`;
    /** A fresh browser at the login page of a new authorization. */
    const atLogin = async (state = 'st'): Promise<{ agent: UserAgent; login: Hop }> => {
      const agent = new UserAgent();
      const login = await agent.follow(await agent.get(authorizeUrl(state)), server.url);
      assert.equal(login.status, 200);
      assert.match(login.url, /\/u\/login\?/);
      return { agent, login };
    };
    const atSignup = async () => {
      const { agent, login } = await atLogin();
      const signup = await agent.get(new URL(hrefOf(login.body, 'signup-link')!, server.url).toString());
      return { agent, signup };
    };
    const submitSignup = (agent: UserAgent, page: Hop, form: Record<string, string>) =>
      agent.post(formAction(page.body, page.url), { csrf: formField(page.body, 'csrf') ?? '', ...form });
    const emails = async () => (await mgmt.users.list()).data.map((u) => u.email).sort();

    test('the login page links to sign-up and "Forgot password?" with the authorization request; screen_hint=signup opens sign-up', async () => {
      const { login } = await atLogin('keep-me');
      const signup = new URL(hrefOf(login.body, 'signup-link')!, server.url);
      const forgot = new URL(hrefOf(login.body, 'forgot-password')!, server.url);
      assert.equal(signup.pathname, '/u/signup');
      assert.equal(forgot.pathname, '/u/reset-password/request');
      for (const u of [signup, forgot]) {
        assert.equal(u.searchParams.get('state'), 'keep-me');
        assert.equal(u.searchParams.get('client_id'), client.client_id);
      }
      // Auth0's screen_hint=signup opens the sign-up page instead of the login page.
      const agent = new UserAgent();
      const hinted = await agent.follow(await agent.get(`${authorizeUrl('hinted')}&screen_hint=signup`), server.url);
      assert.equal(hinted.status, 200);
      assert.equal(new URL(hinted.url).pathname, '/u/signup');
      assert.match(hinted.body, /Create your account/);
    });

    test('sign-up states the rules, refuses a weak password by naming its rule, then signs in and goes on to consent and the app', async () => {
      const { agent, signup } = await atSignup();
      assert.equal(signup.status, 200);
      assert.match(signup.body, /<li>At least 8 characters<\/li>/);
      const weak = await submitSignup(agent, signup, { email: 'nina@example.com', password: 'abcdefgh' });
      assert.equal(weak.status, 400);
      assert.match(weak.body, /does not meet this rule: At least 3 of: lower case letters/);
      assert.match(weak.body, /<li class="error">At least 3 of/);
      assert.ok(!(await emails()).includes('nina@example.com'), 'nothing created');
      assert.equal(agent.cookies.size, 1, 'no session: only the CSRF cookie');

      const done = await agent.follow(await submitSignup(agent, weak, { email: 'Nina@example.com', password: 'Sturdy-pass-42' }), server.url);
      assert.match(formAction(done.body, done.url), /\/u\/consent\?/, 'signed in: the consent page of the third-party app');
      const answer = await agent.follow(
        await agent.post(formAction(done.body, done.url), { csrf: formField(done.body, 'csrf')!, decision: 'accept' }),
        server.url,
      );
      const back = new URL(answer.location!);
      assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
      assert.ok(back.searchParams.get('code'));
      assert.equal(back.searchParams.get('state'), 'st');
      const [user] = await mgmt.users.listUsersByEmail({ email: 'nina@example.com' });
      assert.equal(user?.email_verified, false, 'verification does not block the sign-in');
      assert.equal(user?.logins_count, 1);
      // Log entries are written after the answers: wait for those noted so far.
      await server.latchkey.services.events.settled();
      const logs = await (await defaultStores(server)).logs.list({ limit: 1000 });
      const of = (type: string) => logs.filter((e) => e.type === type && e.details.user_name === 'nina@example.com').length;
      assert.deepEqual([of('fs'), of('ss'), of('s')], [1, 1, 1], 'a refused sign-up, the sign-up and its sign-in are logged');
      const mail = await smtp.next((m) => toOf(m) === 'nina@example.com');
      assert.match(mail.text ?? '', /\/u\/email-verification\?ticket=/);
    });

    test('a taken email, CR/LF in the email and a missing CSRF token are refused, and nothing changes', async () => {
      await createUser(server, { email: 'olga@example.com', password: 'Olgas-pass-1' });
      const { agent, signup } = await atSignup();
      const taken = await submitSignup(agent, signup, { email: 'OLGA@example.com', password: 'Sturdy-pass-42' });
      assert.equal(taken.status, 400);
      assert.match(taken.body, /could not create an account with this email/);
      assert.doesNotMatch(taken.body, /Olga|olga@/, 'says nothing about the account');
      // Auth0's tenant flag enable_public_signup_user_exists_error says it: user_exists, on the page and the API.
      await mgmt.tenants.settings.update({ flags: { enable_public_signup_user_exists_error: true } });
      server.latchkey.services.tenants.forget();
      try {
        const told = await submitSignup(agent, signup, { email: 'olga@example.com', password: 'Sturdy-pass-42' });
        assert.equal(told.status, 400);
        assert.match(told.body, /This email is already registered/);
        const api = await fetch(`${server.url}/dbconnections/signup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            client_id: client.client_id,
            email: 'olga@example.com',
            password: 'Sturdy-pass-42',
            connection: 'Username-Password-Authentication',
          }),
        });
        assert.deepEqual(await api.json(), { name: 'BadRequestError', code: 'user_exists', description: 'The user already exists.', statusCode: 400 });
      } finally {
        await mgmt.tenants.settings.update({ flags: { enable_public_signup_user_exists_error: false } });
        server.latchkey.services.tenants.forget();
      }

      const before = await emails();
      const injected = await submitSignup(agent, signup, { email: 'eve@example.com\r\nBcc: all@example.com', password: 'Sturdy-pass-42' });
      assert.equal(injected.status, 400);
      assert.match(injected.body, /must not contain control characters/);
      const noCsrf = await agent.post(formAction(signup.body, signup.url), { email: 'mallory@example.com', password: 'Sturdy-pass-42' });
      assert.equal(noCsrf.status, 403);
      assert.match(noCsrf.body, /form expired or did not come from this site/);
      assert.deepEqual(await emails(), before);
      await server.latchkey.services.mail.settled();
      assert.ok(!smtp.mails.some((m) => /eve@|all@|mallory@/.test(toOf(m))));
    });

    test('an invalid authorization request is an error page, not a sign-up form', async () => {
      const res = await new UserAgent().get(`${server.url}/u/signup?client_id=nope&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code`);
      assert.equal(res.status, 400);
      assert.doesNotMatch(res.body, /name="password"/);
    });

    test('sign-ups from one network share the registration limit: 429 with Retry-After', async () => {
      await configureRegistration(server, {
        registration_rate_limits: { per_ip_burst: 1, per_ip_per_second: 0.001, per_tenant_burst: 1000, per_tenant_per_second: 1000 },
      });
      server.latchkey.services.tenants.forget();
      try {
        const { agent, signup } = await atSignup();
        const first = await submitSignup(agent, signup, { email: 'pia@example.com', password: 'Sturdy-pass-42' });
        assert.equal(first.status, 303);
        const { agent: other, signup: again } = await atSignup();
        const second = await submitSignup(other, again, { email: 'quinn@example.com', password: 'Sturdy-pass-42' });
        assert.equal(second.status, 429);
        assert.match(second.body, /Too many sign-ups from your network/);
        assert.ok(!(await emails()).includes('quinn@example.com'));
      } finally {
        await configureRegistration(server);
        server.latchkey.services.tenants.forget();
      }
    });

    test('disable_signup hides the link and refuses the page and the form', async () => {
      const { agent, signup } = await atSignup();
      await mgmt.connections.update(connectionId, { options: { disable_signup: true } });
      try {
        const { login } = await atLogin();
        assert.equal(hrefOf(login.body, 'signup-link'), undefined);
        assert.ok(hrefOf(login.body, 'forgot-password'));
        const page = await agent.get(signup.url);
        assert.equal(page.status, 403);
        assert.match(page.body, /Sign-up is not available/);
        assert.doesNotMatch(page.body, /name="password"/);
        const posted = await submitSignup(agent, signup, { email: 'rex@example.com', password: 'Sturdy-pass-42' });
        assert.equal(posted.status, 403);
        assert.ok(!(await emails()).includes('rex@example.com'));
      } finally {
        await mgmt.connections.update(connectionId, { options: {} });
      }
    });

    test('"Forgot password?" answers the same for any email, mails only the user a single-use link that leads back to the app', async () => {
      await createUser(server, { email: 'sara@example.com', password: 'Saras-pass-1' });
      const ask = async (email: string) => {
        const { agent, login } = await atLogin('reset-state');
        const form = await agent.get(new URL(hrefOf(login.body, 'forgot-password')!, server.url).toString());
        assert.equal(form.status, 200);
        const sent = await agent.post(formAction(form.body, form.url), { csrf: formField(form.body, 'csrf')!, email });
        return { agent, form, sent };
      };
      const known = await ask('Sara@example.com');
      const unknown = await ask('nobody@example.com');
      assert.equal(known.sent.status, 200);
      assert.equal(unknown.sent.status, 200);
      const result = (h: Hop) => /<p class="lead" id="result">(.*?)<\/p>/s.exec(h.body)![1]!.replace(/<strong>.*<\/strong>/, 'EMAIL');
      assert.equal(result(known.sent), result(unknown.sent));
      const mail = await smtp.next((m) => toOf(m) === 'sara@example.com');
      await server.latchkey.services.mail.settled();
      assert.ok(!smtp.mails.some((m) => toOf(m) === 'nobody@example.com'));

      const noCsrf = await known.agent.post(formAction(known.form.body, known.form.url), { email: 'sara@example.com' });
      assert.equal(noCsrf.status, 403);
      const injected = await known.agent.post(formAction(known.form.body, known.form.url), {
        csrf: formField(known.form.body, 'csrf')!,
        email: 'sara@example.com\nBcc: all@example.com',
      });
      assert.equal(injected.status, 400);
      assert.match(injected.body, /must not contain control characters/);

      const link = /(http\S+\/u\/reset-password\?ticket=[\w-]+)/.exec(mail.text ?? '')![1]!;
      const ticket = new URL(link).searchParams.get('ticket')!;
      const reset = ticketForm(server.url, '/u/reset-password');
      const agent = reset.agent;
      const done = await reset.submit(ticket, { password: 'Saras-new-pass-2' });
      assert.equal(done.status, 200);
      const back = new URL(decode(/<a class="button" href="([^"]*)"/.exec(done.body)![1]!));
      assert.equal(`${back.origin}${back.pathname}`, `${server.url}/authorize`);
      assert.equal(back.searchParams.get('state'), 'reset-state');
      const replay = await reset.submit(ticket, { password: 'Other-pass-3' });
      assert.equal(replay.status, 400);
      assert.match(replay.body, /invalid, expired or already used/);
      assert.equal((await agent.get(link)).status, 400);
    });
  });
}
