// Renders every error in the family of its route: /api/v2 -> Auth0 Management shape,
// everything else -> OAuth {error, error_description}. Unknown errors become a 500 with
// nothing internal in the body; they are logged with the request id.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError, RETRY_AFTER_SECONDS, ServerError, TemporarilyUnavailable } from '../oauth/errors.ts';
import { ManagementError, temporarilyUnavailable } from '../management/errors.ts';
import { sendErrorPage } from '../web/error-response.ts';
import { isStoreUnavailable } from '../storage/sql/errors.ts';

export const isManagementRoute = (url: string): boolean => url === '/api/v2' || url.startsWith('/api/v2/') || url.startsWith('/api/v2?');

/** Fastify's own errors for bad requests, mapped to a status and plain description. */
function frameworkError(err: FastifyError): { status: number; description: string } | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, description: 'Request body is too large.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, description: 'Request body is not valid JSON.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 400, description: 'Unsupported content type.' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, description: 'Content-Length does not match the body.' };
    case 'FST_ERR_VALIDATION':
      return { status: 400, description: err.message };
    default:
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return { status: err.statusCode, description: err.message };
      return null;
  }
}

function send(reply: FastifyReply, status: number, headers: Record<string, string>, error: OAuthError | ManagementError) {
  // Send the plain body: replying with an Error object would re-enter Fastify's error path.
  reply.code(status).headers(headers).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(error.toJSON());
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const management = isManagementRoute(request.url);
    if (isStoreUnavailable(err)) {
      // Nobody's mistake, and it passes (store down, slow, saturated, or this instance draining).
      request.log.warn({ err: { message: err.message } }, 'temporarily unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      if (request.routeOptions.config?.errorPage) {
        return sendErrorPage(request, reply, 503, 'temporarily_unavailable', 'The service is temporarily unavailable. Try again in a moment.');
      }
      return management ? send(reply, 503, {}, temporarilyUnavailable(RETRY_AFTER_SECONDS)) : send(reply, 503, {}, new TemporarilyUnavailable());
    }
    if (request.routeOptions.config?.errorPage) {
      if (err instanceof OAuthError && err.status < 500) return sendErrorPage(request, reply, err.status, err.error, err.description);
      const known = frameworkError(err);
      if (known) return sendErrorPage(request, reply, known.status, 'invalid_request', known.description);
      request.log.error({ err }, 'unhandled error');
      return sendErrorPage(request, reply, 500, 'server_error', 'The server encountered an unexpected condition.');
    }
    if (err instanceof OAuthError) return send(reply, err.status, err.headers, err);
    if (err instanceof ManagementError) return send(reply, err.statusCode, err.headers, err);

    const known = frameworkError(err);
    if (known) {
      if (management) {
        const errorCode = known.status === 413 ? 'payload_too_large' : 'invalid_body';
        const message = known.status === 413 ? known.description : `Payload validation error: ${known.description}`;
        return send(reply, known.status, {}, new ManagementError(known.status, message, errorCode));
      }
      const code = known.status === 413 ? 'invalid_request' : (request.routeOptions.config?.bodyErrorCode ?? 'invalid_request');
      return send(reply, known.status, {}, new OAuthError(code, known.description, known.status));
    }

    request.log.error({ err }, 'unhandled error');
    if (management) return send(reply, 500, {}, new ManagementError(500, 'Internal Server Error', 'internal_error'));
    return send(reply, 500, {}, new ServerError());
  });

  app.setNotFoundHandler((request, reply) => {
    if (isManagementRoute(request.url)) return send(reply, 404, {}, new ManagementError(404, 'Not Found', 'not_found'));
    return send(reply, 404, {}, new OAuthError('not_found', `No route for ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}`, 404));
  });
}
