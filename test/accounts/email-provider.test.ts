// Email delivery: /api/v2/emails/provider through the auth0 SDK, mail on a real SMTP server,
// the outbox without a provider, and the queue while the SMTP server is down.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { ManagementClient } from 'auth0';
import { dialects, freePort, startServer, type TestServer } from '../helpers/server.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { request, sdkClient } from '../management/helpers.ts';

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    return (err as { statusCode?: number }).statusCode ?? -1;
  }
}

for (const dialect of dialects()) {
  describe(`email delivery (${dialect})`, () => {
    let server: TestServer;
    let mgmt: ManagementClient;
    let token: string;
    const outbox = () => path.join(server.dataDir, 'outbox');
    const sendTest = (to: string) => request(server, 'POST', '/api/v2/emails/provider/test', { token, body: { to } });

    before(async () => {
      server = await startServer({ dialect, mail: { attempts: 40, backoffMs: () => 50 } });
      mgmt = sdkClient(server, server.credentials.management);
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', host: `localhost:${server.port}` },
        body: JSON.stringify({ grant_type: 'client_credentials', ...server.credentials.management }),
      });
      token = ((await res.json()) as { access_token: string }).access_token;
    });
    after(() => server?.close());

    test('with no provider, GET answers 404 in Auth0 shape and mail goes to DATA_DIR/outbox/ as .eml with text and HTML parts', async () => {
      const got = await request(server, 'GET', '/api/v2/emails/provider', { token });
      assert.equal(got.status, 404);
      assert.equal(got.json.statusCode, 404);
      assert.equal(got.json.errorCode, 'inexistent_resource');

      await mgmt.tenants.settings.update({ friendly_name: 'Acme <b>&</b> Co' });
      const sent = await sendTest('someone@example.com');
      assert.equal(sent.status, 200, sent.text);
      await server.latchkey.services.mail.settled();
      const files = fs.readdirSync(outbox()).filter((f) => f.endsWith('.eml'));
      assert.equal(files.length, 1);
      const mail = await simpleParser(fs.readFileSync(path.join(outbox(), files[0]!)));
      assert.equal(mail.to && !Array.isArray(mail.to) ? mail.to.text : '', 'someone@example.com');
      assert.match(mail.subject ?? '', /^Acme <b>&<\/b> Co: test email$/);
      assert.match(mail.text ?? '', /Acme <b>&<\/b> Co/);
      assert.ok(typeof mail.html === 'string' && mail.html.includes('Acme &lt;b&gt;&amp;&lt;/b&gt; Co'), 'the friendly name is escaped in the HTML part');
      assert.ok(!String(mail.html).includes('<b>&</b>'));
    });

    test('auth0 SDK: create, get (default fields, then fields), update; smtp_pass is never returned and is sealed at rest', async () => {
      assert.equal(await statusOf(mgmt.emails.provider.get()), 404);
      const created = await mgmt.emails.provider.create({
        name: 'smtp',
        enabled: false,
        default_from_address: 'login@acme.example',
        credentials: { smtp_host: '127.0.0.1', smtp_port: 2525, smtp_user: 'mailer', smtp_pass: 'pa55-secret-word' },
      });
      assert.equal(created.name, 'smtp');
      assert.deepEqual(created.credentials, { smtp_host: '127.0.0.1', smtp_port: 2525, smtp_user: 'mailer' });
      assert.equal(await statusOf(mgmt.emails.provider.create({ name: 'smtp', credentials: { smtp_host: 'x', smtp_port: 25 } })), 409);

      assert.deepEqual(await mgmt.emails.provider.get(), { name: 'smtp', enabled: false });
      const full = await mgmt.emails.provider.get({ fields: 'name,enabled,credentials,default_from_address', include_fields: true });
      assert.deepEqual(full, {
        name: 'smtp',
        enabled: false,
        default_from_address: 'login@acme.example',
        credentials: { smtp_host: '127.0.0.1', smtp_port: 2525, smtp_user: 'mailer' },
      });
      const updated = await mgmt.emails.provider.update({ credentials: { smtp_port: 2526 } });
      assert.deepEqual(updated.credentials, { smtp_host: '127.0.0.1', smtp_port: 2526, smtp_user: 'mailer' });
      assert.ok(!JSON.stringify(updated).includes('pa55-secret-word'));
      // The store keeps the password sealed and still opens it.
      const stored = await server.latchkey.services.storage.forTenant((await server.latchkey.services.storage.tenants.list())[0]!.id).emailProvider.get();
      assert.equal(stored?.smtpPass, 'pa55-secret-word');
      if (dialect === 'sqlite') {
        for (const f of fs.readdirSync(server.dataDir).filter((x) => x.includes('.db') || x.includes('.sqlite'))) {
          assert.ok(!fs.readFileSync(path.join(server.dataDir, f)).includes('pa55-secret-word'), `${f} holds the password in clear`);
        }
      }
    });

    test('each route asks for its own scope', async () => {
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', host: `localhost:${server.port}` },
        body: JSON.stringify({ grant_type: 'client_credentials', ...server.credentials.management, scope: 'read:email_provider' }),
      });
      const reader = ((await res.json()) as { access_token: string }).access_token;
      assert.equal((await request(server, 'GET', '/api/v2/emails/provider', { token: reader })).status, 200);
      for (const [method, path, scope] of [
        ['POST', '/api/v2/emails/provider', 'create:email_provider'],
        ['PATCH', '/api/v2/emails/provider', 'update:email_provider'],
        ['POST', '/api/v2/emails/provider/test', 'update:email_provider'],
      ] as const) {
        const denied = await request(server, method, path, { token: reader, body: {} });
        assert.equal(denied.status, 403, `${method} ${path}`);
        assert.match(denied.json.message, new RegExp(scope));
      }
    });

    test('bad input: a control character in a credential or the recipient, another provider name → 400 and nothing changed', async () => {
      const before = await request(server, 'GET', '/api/v2/emails/provider?fields=credentials', { token });
      for (const body of [
        { credentials: { smtp_host: 'mail.example\r\nX-Evil: 1' } },
        { credentials: { smtp_user: 'a\nb' } },
        { name: 'sendgrid' },
        { default_from_address: 'a@example.com\r\nBcc: x@example.com' },
        { credentials: { smtp_port: 0 } },
      ]) {
        const res = await request(server, 'PATCH', '/api/v2/emails/provider', { token, body });
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.json.statusCode, 400);
      }
      assert.equal((await sendTest('x@example.com\r\nBcc: y@example.com')).status, 400);
      assert.deepEqual((await request(server, 'GET', '/api/v2/emails/provider?fields=credentials', { token })).json, before.json);
    });

    test('mail goes through the SMTP provider with its credentials', async () => {
      const smtp = await startSmtp({ auth: { user: 'mailer', pass: 'pa55-secret-word' } });
      try {
        await mgmt.emails.provider.update({ enabled: true, credentials: { smtp_host: '127.0.0.1', smtp_port: smtp.port } });
        assert.equal((await sendTest('alice@example.com')).status, 200);
        const mail = await smtp.next((m) => m.subject?.endsWith('test email') ?? false);
        assert.equal(mail.from?.text, 'login@acme.example');
        assert.ok(mail.html && mail.text, 'text and HTML parts');
        assert.deepEqual(smtp.logins, ['mailer']);
      } finally {
        await smtp.close();
      }
    });

    test('with the SMTP server down the request is answered at once; the mail arrives once the server is up', async () => {
      const port = await freePort();
      await mgmt.emails.provider.update({ credentials: { smtp_host: '127.0.0.1', smtp_port: port, smtp_user: '' } });
      const sent = await sendTest('later@example.com');
      assert.equal(sent.status, 200);
      const smtp = await startSmtp({ port });
      try {
        const mail = await smtp.next((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '') === 'later@example.com');
        assert.match(mail.subject ?? '', /test email$/);
      } finally {
        await smtp.close();
      }
    });

    test('a mail that cannot be delivered becomes a tenant log entry (fn)', async () => {
      const port = await freePort();
      await mgmt.emails.provider.update({ credentials: { smtp_host: '127.0.0.1', smtp_port: port } });
      const mail = server.latchkey.services.mail;
      const tenant = (await server.latchkey.services.storage.tenants.list())[0]!;
      // A short-lived queue on the same store: two attempts, then the failure is logged.
      const { MailService } = await import('../../src/services/mail/mail-service.ts');
      const quick = new MailService({
        storage: server.latchkey.services.storage,
        log: server.latchkey.services.log,
        dataDir: server.dataDir,
        attempts: 2,
        backoffMs: () => 10,
      });
      quick.send(tenant, { to: 'nobody@example.com', subject: 'hello', text: 'hi', html: '<p>hi</p>' });
      await quick.settled();
      await quick.close();
      await mail.settled();
      const logs = await request(server, 'GET', '/api/v2/logs?q=type:fn', { token });
      const entries = (logs.json as { type: string; description: string; details?: { to?: string } }[]).filter((e) => e.type === 'fn');
      assert.ok(entries.length >= 1, logs.text);
      assert.match(entries[0]!.description, /after 2 attempts/);
      assert.ok(!logs.text.includes('pa55-secret-word'));
    });
  });
}
