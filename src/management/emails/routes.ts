// /api/v2/emails/provider (Auth0): the SMTP server the tenant's mail goes through. Without one
// (or with it disabled) mail is written to DATA_DIR/outbox/.
import { route, type ManagementRoute } from '../route.ts';
import { pickFields } from '../pagination.ts';
import { testEmail } from '../../services/mail/templates.ts';
import { EmailProviderCreate, EmailProviderPatch, EmailProviderQuery, EmailProviderResponse, TestEmailBody } from './schema.ts';
import { createEmailProvider, emailProviderView, noProvider, updateEmailProvider } from './service.ts';
import { Type } from 'typebox';
import { temporarilyUnavailable } from '../errors.ts';

const URL = '/emails/provider';

export const emailProviderRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: URL,
    summary: 'Get the email provider (name and enabled unless fields asks for more; never smtp_pass)',
    scopes: ['read:email_provider'],
    query: EmailProviderQuery,
    response: { status: 200, schema: EmailProviderResponse },
    async handler({ ctx, query }) {
      const provider = await ctx.stores.emailProvider.get();
      if (!provider) throw noProvider();
      const view = emailProviderView(provider);
      // Auth0 answers its default fields unless `fields` names others.
      if (!query.fields) return { name: view.name, enabled: view.enabled };
      return pickFields(view, query.fields, query.include_fields);
    },
  }),
  route({
    method: 'POST',
    url: URL,
    summary: 'Configure the email provider (smtp)',
    scopes: ['create:email_provider'],
    body: EmailProviderCreate,
    response: { status: 201, schema: EmailProviderResponse },
    async handler({ ctx, body }) {
      return emailProviderView(await createEmailProvider(ctx.stores, ctx.tenant, body));
    },
  }),
  route({
    method: 'PATCH',
    url: URL,
    summary: 'Update the email provider (credentials fields left out keep their value)',
    scopes: ['update:email_provider'],
    body: EmailProviderPatch,
    response: { status: 200, schema: EmailProviderResponse },
    async handler({ ctx, body }) {
      return emailProviderView(await updateEmailProvider(ctx.stores, body));
    },
  }),
  route({
    method: 'POST',
    url: `${URL}/test`,
    summary: 'Queue a test email to `to` through the provider (or the outbox); beyond Auth0',
    scopes: ['update:email_provider'],
    body: TestEmailBody,
    response: { status: 200, schema: Type.Object({ queued: Type.Boolean() }) },
    async handler({ ctx, services, body }) {
      if (!services.mail.send(ctx.tenant, testEmail(ctx.tenant, body.to))) throw temporarilyUnavailable(30);
      return { queued: true };
    },
  }),
];
