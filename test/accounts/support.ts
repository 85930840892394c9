// A tenant that mails through a real SMTP server (set with the auth0 SDK, as a tenant owner
// would), for the account suites: sign-up, verification, password reset.
import type { ManagementClient } from 'auth0';
import { startServer, type DialectName, type TestServer } from '../helpers/server.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { sdkClient } from '../management/helpers.ts';

export interface MailingTenant {
  server: TestServer;
  smtp: TestSmtp;
  mgmt: ManagementClient;
  close(): Promise<void>;
}

/** The address a received mail went to. */
export const toOf = (m: { to?: unknown }): string => (m.to as { text?: string } | undefined)?.text ?? '';

export async function startMailingTenant(dialect: DialectName, opts: { from?: string } = {}): Promise<MailingTenant> {
  const server = await startServer({ dialect, publicUrlFromPort: true });
  const smtp = await startSmtp();
  const mgmt = sdkClient(server, server.credentials.management);
  await mgmt.emails.provider.create({
    name: 'smtp',
    ...(opts.from ? { default_from_address: opts.from } : {}),
    credentials: { smtp_host: '127.0.0.1', smtp_port: smtp.port },
  });
  return {
    server,
    smtp,
    mgmt,
    async close() {
      await server.close();
      await smtp.close();
    },
  };
}
