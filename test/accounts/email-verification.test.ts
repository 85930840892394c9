// Email verification: Auth0's jobs/verification-email mails a link (received by a real SMTP
// server), the page's one button uses it once; tickets/email-verification through the auth0 SDK;
// replayed, expired and unknown tickets change nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagementClient } from 'auth0';
import { dialects, type TestServer } from '../helpers/server.ts';
import type { TestSmtp } from '../helpers/smtp.ts';
import { startMailingTenant, ticketForm, toOf, type MailingTenant } from './support.ts';
import { hashToken } from '../../src/crypto.ts';

for (const dialect of dialects()) {
  describe(`email verification (${dialect})`, () => {
    let tenant: MailingTenant;
    let server: TestServer;
    let smtp: TestSmtp;
    let mgmt: ManagementClient;
    let form: ReturnType<typeof ticketForm>;
    const post = (ticket: string) => form.submit(ticket);
    const newUser = async (email: string) =>
      (await mgmt.users.create({ connection: 'Username-Password-Authentication', email, password: 'Str0ng-enough!' })).user_id!;
    const verified = async (id: string) => (await mgmt.users.get(id)).email_verified;

    before(async () => {
      ({ server, smtp, mgmt } = tenant = await startMailingTenant(dialect, { from: 'login@acme.example' }));
      form = ticketForm(server.url, '/u/email-verification');
    });
    after(async () => {
      await tenant?.close();
    });

    test('jobs.verificationEmail mails a link on the issuer origin; GET changes nothing, the button verifies, a replay is refused', async () => {
      const id = await newUser('vera@example.com');
      const job = await mgmt.jobs.verificationEmail.create({ user_id: id });
      assert.equal(job.type, 'verification_email');
      assert.equal(job.status, 'pending');
      assert.match(job.id!, /^job_/);
      const mail = await smtp.next((m) => toOf(m) === 'vera@example.com');
      assert.match(mail.subject ?? '', /verify your email address/);
      const link = /(http\S+\/u\/email-verification\?ticket=[\w-]+)/.exec(mail.text ?? '')?.[1];
      assert.ok(link, mail.text);
      assert.ok(link.startsWith(`${server.url}/u/email-verification?`), link);
      // The HTML part escapes every variable (= becomes &#61;); a browser reads the same link.
      assert.ok(String(mail.html).replace(/&#61;/g, '=').includes(`href="${link}#"`), String(mail.html));

      const page = await fetch(link);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<button class="button" type="submit">Verify my email<\/button>/);
      assert.equal(await verified(id), false, 'opening the link alone does not verify');

      const ticket = new URL(link).searchParams.get('ticket')!;
      await form.open(ticket);
      const forged = await form.agent.post(`${server.url}/u/email-verification`, { ticket });
      assert.equal(forged.status, 403, "a post without the form's CSRF token is refused");
      assert.equal(await verified(id), false, 'and uses nothing');
      const done = await post(ticket);
      assert.equal(done.status, 200);
      assert.match(done.body, /Email verified/);
      assert.equal(await verified(id), true);

      const again = await post(ticket);
      assert.equal(again.status, 400);
      assert.match(again.body, /invalid, expired or already used/);
      assert.equal((await fetch(link)).status, 400);
    });

    test('tickets.verifyEmail (auth0 SDK) returns a link with result_url; an expired or unknown ticket changes nothing', async () => {
      const id = await newUser('tess@example.com');
      const { ticket } = await mgmt.tickets.verifyEmail({ user_id: id, result_url: 'https://app.example.com/welcome', ttl_sec: 600 });
      assert.ok(ticket?.startsWith(`${server.url}/u/email-verification?ticket=`), ticket);
      const t = new URL(ticket).searchParams.get('ticket')!;
      const done = await post(t);
      assert.match(done.body, /href="https:\/\/app\.example\.com\/welcome"/);

      const other = await newUser('old@example.com');
      const stores = server.latchkey.services.storage.forTenant((await server.latchkey.services.storage.tenants.list())[0]!.id);
      await stores.userTickets.create({
        ticketHash: hashToken('expired-ticket-value'),
        kind: 'email_verification',
        userId: other,
        clientId: null,
        resultUrl: null,
        markEmailVerified: false,
        expiresAt: new Date(Date.now() - 1000),
      });
      assert.equal((await fetch(`${server.url}/u/email-verification?ticket=expired-ticket-value`)).status, 400);
      assert.equal((await post('expired-ticket-value')).status, 400);
      assert.equal((await post('never-issued')).status, 400);
      assert.equal(await verified(other), false);
    });

    test('unknown user → 404; bad ttl_sec or result_url → 400', async () => {
      for (const p of [mgmt.tickets.verifyEmail({ user_id: 'auth0|nobody' }), mgmt.jobs.verificationEmail.create({ user_id: 'auth0|nobody' })]) {
        await assert.rejects(p, (err: { statusCode?: number }) => err.statusCode === 404);
      }
      const id = await newUser('bad@example.com');
      await assert.rejects(mgmt.tickets.verifyEmail({ user_id: id, ttl_sec: -1 }), (err: { statusCode?: number }) => err.statusCode === 400);
      await assert.rejects(
        mgmt.tickets.verifyEmail({ user_id: id, result_url: 'javascript:alert(1)' }),
        (err: { statusCode?: number }) => err.statusCode === 400,
      );
    });
  });
}
