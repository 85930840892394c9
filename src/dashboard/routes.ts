// /dashboard: the tenant owner's console. Server-rendered pages; every read and write of
// tenant data is a Management API call (api-client.ts), so the API's checks always apply.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Services } from '../services/container.ts';
import { newNonce, sendPage } from '../web/layout.ts';
import { messagePage } from './pages/card.ts';
import { DashboardError } from './context.ts';
import { isStoreUnavailable } from '../storage/sql/errors.ts';
import { RETRY_AFTER_SECONDS } from '../http-error.ts';
import { registerAuthPages } from './sections/auth.ts';
import { registerSettingsPages } from './sections/settings.ts';
import { registerApplicationPages } from './sections/applications.ts';
import { registerCimdImportPages } from './sections/cimd-import.ts';
import { registerApiPages } from './sections/apis.ts';
import { registerApiAccessPages } from './sections/api-access.ts';
import { registerUserPages } from './sections/users.ts';
import { registerUserGrantPages } from './sections/user-grants.ts';
import { registerUserAccessPages } from './sections/user-access.ts';
import { registerRolePages } from './sections/roles.ts';
import { registerLogPages } from './sections/logs.ts';
import { registerActivityPages } from './sections/activity.ts';
import { registerInitialAccessTokenPages } from './sections/initial-access-tokens.ts';
import { registerSigningKeyPages } from './sections/signing-keys.ts';
import { registerEmailProviderPages } from './sections/email-provider.ts';

export function registerDashboard(root: FastifyInstance, services: Services): void {
  root.register(async (app) => {
    // Errors here are pages a person reads, never JSON.
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const nonce = newNonce();
      if (isStoreUnavailable(err)) {
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        return sendPage(
          reply,
          503,
          messagePage({
            title: 'Temporarily unavailable',
            message: 'The store is not answering right now. Try again in a moment; nothing was changed.',
            status: 503,
            nonce,
          }),
          nonce,
        );
      }
      if (err instanceof DashboardError)
        return sendPage(reply, err.status, messagePage({ title: err.title, message: err.message, status: err.status, nonce }), nonce);
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        const message = err.statusCode === 413 ? 'The form is too large to be sent.' : 'The form could not be read. Go back and try again.';
        return sendPage(reply, err.statusCode, messagePage({ title: 'Bad request', message, status: err.statusCode, nonce }), nonce);
      }
      request.log.error({ err }, 'unhandled dashboard error');
      return sendPage(
        reply,
        500,
        messagePage({
          title: 'Something went wrong',
          message: 'The dashboard hit an unexpected error. Reload the page to see the current state, then try again.',
          status: 500,
          nonce,
        }),
        nonce,
      );
    });

    registerAuthPages(app, services);
    registerSettingsPages(app, root, services);
    registerInitialAccessTokenPages(app, root, services);
    registerSigningKeyPages(app, root, services);
    registerCimdImportPages(app, root, services);
    registerEmailProviderPages(app, root, services);
    registerApplicationPages(app, root, services);
    registerApiPages(app, root, services);
    registerApiAccessPages(app, root, services);
    registerUserPages(app, root, services);
    registerUserGrantPages(app, root, services);
    registerUserAccessPages(app, root, services);
    registerRolePages(app, root, services);
    registerLogPages(app, root, services);
    registerActivityPages(app, root, services);
  });
}
