// Attack protection (Auth0's brute-force protection): the settings and user-blocks calls of the
// auth0 SDK v7; counting per IPv6 /64 or per identifier across addresses; the allowlist; the
// block on the login page, /dbconnections/* and the dashboard; the unblock mail on a real SMTP
// server. Client addresses come from X-Forwarded-For behind TRUST_PROXY.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagementClient } from 'auth0';
import { dialects, type TestServer } from '../helpers/server.ts';
import type { TestSmtp } from '../helpers/smtp.ts';
import { startMailingTenant, ticketForm, toOf, type MailingTenant } from './support.ts';
import { createUser, defaultStores, registerThirdPartyClient, skipCallbackConfirmation } from '../helpers/fixtures.ts';
import { UserAgent, formAction, formField, type Hop } from '../helpers/user-agent.ts';
import { managementToken, request } from '../management/helpers.ts';
import { configureRegistration } from '../registration/support.ts';
import { Browserless, textOf } from '../dashboard/support.ts';
import type { Client } from '../../src/domain/client.ts';

const CONNECTION = 'Username-Password-Authentication';
const REDIRECT = 'http://127.0.0.1:9/callback';
const PASSWORD = 'Right-password-1';
const alertOf = (body: string) => textOf(body, 'login-error');

for (const dialect of dialects()) {
  describe(`attack protection (${dialect})`, () => {
    let mailing: MailingTenant;
    let server: TestServer;
    let smtp: TestSmtp;
    let mgmt: ManagementClient;
    let client: Client;
    let token: string;

    before(async () => {
      mailing = await startMailingTenant(dialect, { env: { TRUST_PROXY: 'true' } });
      ({ server, smtp, mgmt } = mailing);
      client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT] });
      await skipCallbackConfirmation(server);
      await configureRegistration(server);
      token = await managementToken(server, server.credentials.management);
    });
    after(async () => {
      await mailing?.close();
    });

    const authorizeUrl = () =>
      `${server.url}/authorize?${new URLSearchParams({ client_id: client.client_id, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 's' })}`;

    /** One login form POST from `ip`; a 303 back to /authorize is a sign-in. */
    async function login(email: string, password: string, ip: string): Promise<Hop> {
      const agent = new UserAgent();
      const page = await agent.follow(await agent.get(authorizeUrl()), server.url);
      const csrf = formField(page.body, 'csrf')!;
      return agent.request(formAction(page.body, page.url), { form: { csrf, email, password }, headers: { 'x-forwarded-for': ip } });
    }
    const statuses = async (email: string, ips: string[]) => {
      const out: number[] = [];
      for (const ip of ips) out.push((await login(email, 'wrong-password', ip)).status);
      return out;
    };
    const dbconnections = (path: string, body: Record<string, unknown>, ip: string) =>
      fetch(`${server.url}/dbconnections/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ client_id: client.client_id, connection: CONNECTION, ...body }),
      });

    test('the SDK reads and updates the settings (defaults first); bad input is a 400 in the Management shape and changes nothing', async () => {
      assert.deepEqual(await mgmt.attackProtection.bruteForceProtection.get(), {
        enabled: true,
        shields: ['block', 'user_notification'],
        mode: 'count_per_identifier_and_ip',
        max_attempts: 10,
        allowlist: [],
      });
      const updated = await mgmt.attackProtection.bruteForceProtection.update({ max_attempts: 5, allowlist: ['10.0.0.0/8', '2001:db8::/32', '192.0.2.7'] });
      assert.deepEqual(updated, {
        enabled: true,
        shields: ['block', 'user_notification'],
        mode: 'count_per_identifier_and_ip',
        max_attempts: 5,
        allowlist: ['10.0.0.0/8', '2001:db8::/32', '192.0.2.7'],
      });
      for (const [body, property] of [
        [{ max_attempts: 0 }, 'max_attempts'],
        [{ max_attempts: 101 }, 'max_attempts'],
        [{ shields: ['block', 'captcha'] }, 'shields'],
        [{ mode: 'count_per_ip' }, 'mode'],
        [{ allowlist: ['10.0.0.0/33'] }, 'allowlist'],
        [{ allowlist: ['192.0.2.1', 'not-an-address'] }, 'allowlist'],
        [{ enabled: 'yes' }, 'enabled'],
        [{ max_attempts: 3, unknown: true }, 'unknown'],
      ] as const) {
        const res = await request(server, 'PATCH', '/api/v2/attack-protection/brute-force-protection', { token, body });
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.json.errorCode, 'invalid_body');
        assert.equal(res.json.error, 'Bad Request');
        assert.match(res.json.message, new RegExp(`^Payload validation error: .*${property}`), res.json.message);
      }
      assert.equal((await mgmt.attackProtection.bruteForceProtection.get()).max_attempts, 5);
      const narrow = await managementToken(server, server.credentials.management, { scope: 'read:users' });
      const refused = await request(server, 'GET', '/api/v2/attack-protection/brute-force-protection', { token: narrow });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.errorCode, 'insufficient_scope');
      const missing = await request(server, 'GET', '/api/v2/user-blocks', { token });
      assert.equal(missing.status, 400);
      assert.equal(missing.json.errorCode, 'invalid_query_string');
      await mgmt.attackProtection.bruteForceProtection.update({ max_attempts: 10, allowlist: [] });
    });

    test('addresses in one IPv6 /64 share a count; the block is told, skips the password, holds on /dbconnections, is logged, listed and lifted', async () => {
      await mgmt.attackProtection.bruteForceProtection.update({ max_attempts: 3, mode: 'count_per_identifier_and_ip', shields: ['block'] });
      const user = await createUser(server, { email: 'ada6@example.com', password: PASSWORD });
      assert.deepEqual(await statuses('ada6@example.com', ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:aaaa::3']), [400, 400, 429]);
      const blocked = await login('ada6@example.com', PASSWORD, '2001:db8:1:2:ffff:ffff:ffff:ffff');
      assert.equal(blocked.status, 429);
      assert.equal(alertOf(blocked.body), 'This account has been blocked after too many failed login attempts from your network. Try again in 15 minutes.');
      // Another /64, and the same account's other addresses, are counted apart.
      assert.equal((await login('ada6@example.com', PASSWORD, '2001:db8:1:3::1')).status, 303);

      const expected = { blocked_for: [{ identifier: 'ada6@example.com', ip: '2001:db8:1:2::/64', connection: CONNECTION }] };
      assert.deepEqual(await mgmt.userBlocks.listByIdentifier({ identifier: 'ADA6@example.com' }), expected);
      assert.deepEqual(await mgmt.userBlocks.list(user.user_id), expected);
      assert.deepEqual(await mgmt.userBlocks.list(user.user_id, { consider_brute_force_enablement: true }), expected);
      assert.deepEqual(await mgmt.userBlocks.listByIdentifier({ identifier: 'nobody@example.com' }), { blocked_for: [] });
      await assert.rejects(mgmt.userBlocks.list('auth0|nobody'), (err: { statusCode?: number }) => err.statusCode === 404);

      // Log entries are written after the answers: wait for those noted so far.
      await server.latchkey.services.events.settled();
      const logged = (await (await defaultStores(server)).logs.list({ type: 'limit_wc', limit: 10 })).filter((e) => e.details.user_name === 'ada6@example.com');
      assert.equal(logged.length, 1);
      assert.equal(logged[0]!.details.network, '2001:db8:1:2::/64');

      // A reset stays open to the blocked account (it proves the mailbox and lifts the block, as at
      // Auth0) and answers as for any email.
      const reset = await dbconnections('change_password', { email: 'ada6@example.com' }, '2001:db8:1:2::9');
      assert.equal(reset.status, 200);
      assert.equal(await reset.text(), await (await dbconnections('change_password', { email: 'nobody@example.com' }, '2001:db8:1:2::9')).text());
      const signup = await dbconnections('signup', { email: 'ada6@example.com', password: 'Another-password-1' }, '2001:db8:1:2::9');
      assert.equal(signup.status, 429);
      assert.equal(((await signup.json()) as { code: string }).code, 'too_many_attempts');
      // The sign-up page refuses the same; "Forgot password?" answers as for any email.
      for (const [path, status] of [
        ['/u/signup', 429],
        ['/u/reset-password/request', 200],
      ] as const) {
        const agent = new UserAgent();
        const page = await agent.get(`${server.url}${path}${new URL(authorizeUrl()).search}`);
        const form = { csrf: formField(page.body, 'csrf')!, email: 'ada6@example.com', password: 'Another-password-1' };
        const hop = await agent.request(formAction(page.body, page.url), { form, headers: { 'x-forwarded-for': '2001:db8:1:2::9' } });
        assert.equal(hop.status, status, path);
        if (status === 429) assert.match(hop.body, /This account has been blocked after too many failed login attempts from your network/, path);
      }
      // The reset mails above lifted nothing by being asked for: only a changed password does.
      assert.equal((await login('ada6@example.com', PASSWORD, '2001:db8:1:2::1')).status, 429);

      await mgmt.userBlocks.deleteByIdentifier({ identifier: 'ada6@example.com' });
      assert.deepEqual(await mgmt.userBlocks.list(user.user_id), { blocked_for: [] });
      assert.equal((await login('ada6@example.com', PASSWORD, '2001:db8:1:2::1')).status, 303);
    });

    test('count_per_identifier caps guesses per account across addresses; a success resets the count; a raised threshold lifts the block', async () => {
      await mgmt.attackProtection.bruteForceProtection.update({ max_attempts: 3, mode: 'count_per_identifier', shields: ['block'] });
      const user = await createUser(server, { email: 'bea@example.com', password: PASSWORD });
      assert.deepEqual(await statuses('bea@example.com', ['192.0.2.1', '198.51.100.1']), [400, 400]);
      assert.equal((await login('bea@example.com', PASSWORD, '203.0.113.1')).status, 303);
      assert.deepEqual(await statuses('bea@example.com', ['192.0.2.2', '2001:db8:9::1', '198.51.100.2']), [400, 400, 429]);
      const blocked = await login('bea@example.com', PASSWORD, '203.0.113.99');
      assert.equal(blocked.status, 429);
      assert.equal(alertOf(blocked.body), 'This account has been blocked after too many failed login attempts. Try again in 15 minutes.');
      assert.deepEqual(await mgmt.userBlocks.list(user.user_id), { blocked_for: [{ identifier: 'bea@example.com', connection: CONNECTION }] });
      // Auth0: listing with consider_brute_force_enablement shows nothing while blocking is off.
      await mgmt.attackProtection.bruteForceProtection.update({ shields: ['user_notification'] });
      assert.deepEqual(await mgmt.userBlocks.list(user.user_id, { consider_brute_force_enablement: true }), { blocked_for: [] });
      await mgmt.attackProtection.bruteForceProtection.update({ shields: ['block'], max_attempts: 4 });
      assert.deepEqual(await mgmt.userBlocks.list(user.user_id), { blocked_for: [] });
      await mgmt.attackProtection.bruteForceProtection.update({ max_attempts: 3 });
      assert.equal((await mgmt.userBlocks.list(user.user_id)).blocked_for?.length, 1);
      await mgmt.userBlocks.delete(user.user_id);
      assert.equal((await login('bea@example.com', PASSWORD, '203.0.113.99')).status, 303);
      await assert.rejects(mgmt.userBlocks.delete('auth0|nobody'), (err: { statusCode?: number }) => err.statusCode === 404);
    });

    test("a password change lifts the blocks on the user's email", async () => {
      await mgmt.attackProtection.bruteForceProtection.update({ max_attempts: 2, mode: 'count_per_identifier', shields: ['block'] });
      const user = await createUser(server, { email: 'fay@example.com', password: PASSWORD });
      assert.deepEqual(await statuses('fay@example.com', ['192.0.2.50', '192.0.2.51']), [400, 429]);
      assert.equal((await mgmt.userBlocks.list(user.user_id)).blocked_for?.length, 1);
      await mgmt.users.update(user.user_id, { password: 'Changed-password-2' });
      assert.deepEqual(await mgmt.userBlocks.list(user.user_id), { blocked_for: [] });
      assert.equal((await login('fay@example.com', 'Changed-password-2', '192.0.2.52')).status, 303);
    });

    test('allowlisted addresses are never counted or blocked; protection switched off counts nothing', async () => {
      await mgmt.attackProtection.bruteForceProtection.update({
        max_attempts: 2,
        mode: 'count_per_identifier_and_ip',
        shields: ['block'],
        allowlist: ['192.0.2.0/24', '2001:db8:aa::/48'],
      });
      await createUser(server, { email: 'cy@example.com', password: PASSWORD });
      assert.deepEqual(
        await statuses('cy@example.com', ['192.0.2.9', '192.0.2.9', '192.0.2.9', '2001:db8:aa:1::1', '2001:db8:aa:1::1']),
        [400, 400, 400, 400, 400],
      );
      assert.equal((await login('cy@example.com', PASSWORD, '192.0.2.9')).status, 303);
      assert.deepEqual(await statuses('cy@example.com', ['198.51.100.9', '198.51.100.9']), [400, 429]);
      await mgmt.attackProtection.bruteForceProtection.update({ enabled: false, allowlist: [] });
      assert.deepEqual(await statuses('cy@example.com', ['203.0.113.5', '203.0.113.5', '203.0.113.5']), [400, 400, 400]);
      assert.equal((await login('cy@example.com', PASSWORD, '203.0.113.5')).status, 303);
      await mgmt.attackProtection.bruteForceProtection.update({ enabled: true });
    });

    test('user_notification mails the user a link on a real SMTP server; confirming it with the button unblocks, once', async () => {
      await mgmt.attackProtection.bruteForceProtection.update({
        max_attempts: 3,
        mode: 'count_per_identifier_and_ip',
        shields: ['block', 'user_notification'],
      });
      await createUser(server, { email: 'dee@example.com', password: PASSWORD });
      assert.deepEqual(await statuses('dee@example.com', ['198.51.100.30', '198.51.100.30', '198.51.100.30']), [400, 400, 429]);
      assert.deepEqual(await statuses('ghost@example.com', ['198.51.100.30', '198.51.100.30', '198.51.100.30']), [400, 400, 429]);
      const blocked = await login('dee@example.com', PASSWORD, '198.51.100.30');
      assert.match(alertOf(blocked.body)!, /or use the unblock link in the email sent to the account\.$/);

      const mail = await smtp.next((m) => toOf(m) === 'dee@example.com');
      assert.match(mail.subject ?? '', /your account has been blocked/);
      assert.match(mail.text ?? '', /after 3 failed login attempts from the network 198\.51\.100\.30/);
      const link = /(http\S+\/u\/unblock\?ticket=[\w-]+)/.exec(mail.text ?? '')?.[1];
      assert.ok(link && link.startsWith(`${server.url}/u/unblock?`), mail.text);
      assert.match(mail.html || '', /Unblock my account/);
      await server.latchkey.services.mail.settled();
      assert.ok(!smtp.mails.some((m) => toOf(m) === 'ghost@example.com'), 'no mail for an unknown email');
      assert.equal(smtp.mails.filter((m) => toOf(m) === 'dee@example.com').length, 1);

      const page = await fetch(link);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<button class="button" type="submit">Unblock my account<\/button>/);
      assert.equal((await login('dee@example.com', PASSWORD, '198.51.100.30')).status, 429, 'opening the link alone changes nothing');
      const ticket = new URL(link).searchParams.get('ticket')!;
      const form = ticketForm(server.url, '/u/unblock');
      const forged = await form.agent.post(`${server.url}/u/unblock`, { ticket });
      assert.equal(forged.status, 403, 'a post without the form token is refused before the ticket is used');
      const confirm = async () => {
        const hop = await form.submit(ticket);
        return { status: hop.status, text: async () => hop.body };
      };
      const done = await confirm();
      assert.equal(done.status, 200);
      assert.match(await done.text(), /Your account is unblocked/);
      assert.equal((await login('dee@example.com', PASSWORD, '198.51.100.30')).status, 303);
      const replay = await confirm();
      assert.equal(replay.status, 400);
      assert.match(await replay.text(), /invalid, expired or already used/);
      assert.equal((await fetch(`${server.url}/u/unblock?ticket=${'x'.repeat(43)}`)).status, 400);
    });

    test("dashboard sign-in counts under the default tenant's settings and refuses once blocked", async () => {
      await mgmt.attackProtection.bruteForceProtection.update({ max_attempts: 3, mode: 'count_per_identifier', shields: ['user_notification'] });
      const attacker = new Browserless(server);
      await attacker.get('/dashboard/login');
      const statusesOf: number[] = [];
      for (let i = 0; i < 3; i++) statusesOf.push((await attacker.signIn(server.credentials.admin.email, `guess-${i}`)).status);
      assert.deepEqual(statusesOf, [400, 400, 429]);
      const right = await attacker.signIn(server.credentials.admin.email, server.credentials.admin.password);
      assert.equal(right.status, 429);
      assert.match(textOf(right.text, 'signin-error')!, /^Too many failed sign-in attempts\./);
      // Operators' counts are not the tenant's user blocks.
      assert.deepEqual(await mgmt.userBlocks.listByIdentifier({ identifier: server.credentials.admin.email }), { blocked_for: [] });
    });
  });
}
