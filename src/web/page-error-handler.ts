// Pages a person looks at (authorize, sign-in, consent, logout) show errors as a page: an
// error they cannot send back to the app, a form that could not be read, a store that is not
// answering, or a 500 with nothing internal in it. Installed on the plugin of those pages.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isStoreUnavailable } from '../storage/sql/errors.ts';
import { HttpError, RETRY_AFTER_SECONDS } from '../http-error.ts';
import { frameworkError, logUnhandled } from './error-replies.ts';
import { sendErrorPage } from './error-response.ts';

export function pageErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof HttpError && err.status < 500) {
    if (err.detail) request.log.info({ status: err.status, detail: err.detail }, 'request refused');
    const body = err.toJSON();
    const code = typeof body.error === 'string' ? body.error : 'invalid_request';
    const description = typeof body.error_description === 'string' ? body.error_description : err.message;
    return sendErrorPage(request, reply, err.status, code, description);
  }
  if (isStoreUnavailable(err)) {
    request.log.warn({ err: { message: err.message } }, 'temporarily unavailable');
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return sendErrorPage(request, reply, 503, 'temporarily_unavailable', 'The service is temporarily unavailable. Try again in a moment.');
  }
  const known = frameworkError(err);
  if (known) return sendErrorPage(request, reply, known.status, 'invalid_request', known.description);
  logUnhandled(request, err);
  return sendErrorPage(request, reply, 500, 'server_error', 'The server encountered an unexpected condition.');
}
