// A tenant that mails through a real SMTP server (set with the auth0 SDK, as a tenant owner
// would), for the account suites: sign-up, verification, password reset.
import type { ManagementClient } from 'auth0';
import { startServer, type DialectName, type TestServer } from '../helpers/server.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { sdkClient } from '../management/helpers.ts';
import { UserAgent, formField, type Hop } from '../helpers/user-agent.ts';

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

/**
 * A ticket page's form (/u/email-verification, /u/reset-password) as a browser submits it: the
 * page first, for its CSRF cookie and field, then the form with them. A ticket that no longer
 * shows a form is posted with the token of an earlier page, as a tab left open would.
 */
export function ticketForm(origin: string, path: string) {
  const agent = new UserAgent();
  let csrf = '';
  const open = async (ticket: string): Promise<Hop> => {
    const hop = await agent.get(`${origin}${path}?${new URLSearchParams({ ticket })}`);
    csrf = formField(hop.body, 'csrf') ?? csrf;
    return hop;
  };
  return {
    agent,
    open,
    async submit(ticket: string, fields: Record<string, string> = {}): Promise<Hop> {
      await open(ticket);
      return agent.post(`${origin}${path}`, { csrf, ticket, ...fields });
    },
  };
}
