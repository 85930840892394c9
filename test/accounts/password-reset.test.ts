// Password reset: /dbconnections/change_password (the same answer for any email; the v4 SDK's
// database.changePassword) mails a link to a real SMTP server; /u/reset-password sets a new
// password under the policy, once; tickets.changePassword through the auth0 SDK.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationClient } from 'auth0-legacy';
import type { ManagementClient } from 'auth0';
import { dialects, type TestServer } from '../helpers/server.ts';
import type { TestSmtp } from '../helpers/smtp.ts';
import { startMailingTenant, ticketForm, toOf, type MailingTenant } from './support.ts';
import { createUser, registerThirdPartyClient, skipCallbackConfirmation } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';
import { configureRegistration } from '../registration/support.ts';
import type { Client } from '../../src/domain/client.ts';

const CONNECTION = 'Username-Password-Authentication';
const REDIRECT = 'http://127.0.0.1:9/callback';

for (const dialect of dialects()) {
  describe(`password reset (${dialect})`, () => {
    let tenant: MailingTenant;
    let server: TestServer;
    let smtp: TestSmtp;
    let mgmt: ManagementClient;
    let client: Client;

    before(async () => {
      ({ server, smtp, mgmt } = tenant = await startMailingTenant(dialect));
      resetForm = ticketForm(server.url, '/u/reset-password');
      client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT] });
      await skipCallbackConfirmation(server);
      await configureRegistration(server);
    });
    after(async () => {
      await tenant?.close();
    });

    const changePassword = (email: string) =>
      fetch(`${server.url}/dbconnections/change_password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: client.client_id, email, connection: CONNECTION }),
      });
    let resetForm: ReturnType<typeof ticketForm>;
    const submit = (ticket: string, password: string) => resetForm.submit(ticket, { password });
    const canSignIn = async (email: string, password: string) => {
      const url = `${server.url}/authorize?${new URLSearchParams({ client_id: client.client_id, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 's' })}`;
      const hop = await authorizeThrough(new UserAgent(), server.url, url, { email, password, consent: 'accept' });
      return Boolean(hop.location && new URL(hop.location).searchParams.get('code'));
    };

    test('change_password answers the same for a known and an unknown email; only the user gets a link; a weak password is refused by name; the link works once', async () => {
      await createUser(server, { email: 'rita@example.com', password: 'Old-password-1' });
      const known = await changePassword('Rita@example.com');
      const unknown = await changePassword('nobody@example.com');
      assert.equal(known.status, 200);
      assert.equal(unknown.status, 200);
      assert.equal(await known.text(), await unknown.text());
      const mail = await smtp.next((m) => toOf(m) === 'rita@example.com');
      assert.match(mail.subject ?? '', /reset your password/);
      const link = /(http\S+\/u\/reset-password\?ticket=[\w-]+)/.exec(mail.text ?? '')?.[1];
      assert.ok(link && link.startsWith(`${server.url}/u/reset-password?`), mail.text);
      await server.latchkey.services.mail.settled();
      assert.ok(!smtp.mails.some((m) => toOf(m) === 'nobody@example.com'));

      const form = await fetch(link);
      assert.equal(form.status, 200);
      assert.match(await form.text(), /At least 8 characters/);
      const ticket = new URL(link).searchParams.get('ticket')!;
      await resetForm.open(ticket);
      const forged = await resetForm.agent.post(`${server.url}/u/reset-password`, { ticket, password: 'Forged-password-1' });
      assert.equal(forged.status, 403, "a post without the form's CSRF token is refused");
      const weak = await submit(ticket, 'abcdefgh');
      assert.equal(weak.status, 400);
      assert.match(weak.body, /does not meet this rule: At least 3 of/);
      assert.ok(await canSignIn('rita@example.com', 'Old-password-1'), 'a refused password changes nothing');

      const done = await submit(ticket, 'New-password-2');
      assert.equal(done.status, 200);
      assert.match(done.body, /Password changed/);
      assert.ok(await canSignIn('rita@example.com', 'New-password-2'));
      assert.ok(!(await canSignIn('rita@example.com', 'Old-password-1')));
      const replay = await submit(ticket, 'Other-password-3');
      assert.equal(replay.status, 400);
      assert.match(replay.body, /invalid, expired or already used/);
      assert.ok(await canSignIn('rita@example.com', 'New-password-2'));
    });

    test("the v4 SDK's database.changePassword and the v7 SDK's tickets.changePassword (result_url, mark_email_as_verified)", async () => {
      const user = await createUser(server, { email: 'sam@example.com', password: 'Old-password-1' });
      const auth = new AuthenticationClient({
        domain: `127.0.0.1:${server.port}`,
        clientId: client.client_id,
        fetch: (u: any, init?: RequestInit) => fetch(String(u).replace('https://', 'http://'), init),
      } as any);
      const res = await auth.database.changePassword({ email: 'sam@example.com', connection: CONNECTION });
      assert.match(res.data, /sent you an email/);
      await smtp.next((m) => toOf(m) === 'sam@example.com');

      const { ticket } = await mgmt.tickets.changePassword({
        user_id: user.user_id,
        result_url: 'https://app.example.com/signed-out',
        mark_email_as_verified: true,
        ttl_sec: 600,
      });
      assert.ok(ticket?.startsWith(`${server.url}/u/reset-password?ticket=`), ticket);
      const done = await submit(new URL(ticket).searchParams.get('ticket')!, 'Fresh-password-9');
      assert.match(done.body, /href="https:\/\/app\.example\.com\/signed-out"/);
      assert.equal((await mgmt.users.get(user.user_id)).email_verified, true);
      await assert.rejects(mgmt.tickets.changePassword({ user_id: 'auth0|nobody' }), (err: { statusCode?: number }) => err.statusCode === 404);
      await assert.rejects(mgmt.tickets.changePassword({ result_url: 'https://x.example/' }), (err: { statusCode?: number }) => err.statusCode === 400);
    });
  });
}
