// The protocol routes' error family (RFC 6749 §5.2): every refusal is {error, error_description}
// with the RFC status and headers. Installed on the plugin that holds the protocol routes.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isStoreUnavailable } from '../storage/sql/errors.ts';
import { frameworkError, logUnhandled, sendJsonError } from '../web/error-replies.ts';
import { NotFound, OAuthError, ServerError, TemporarilyUnavailable } from './errors.ts';

export function protocolErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof OAuthError) return sendJsonError(request, reply, err);
  if (isStoreUnavailable(err)) {
    request.log.warn({ err: { message: err.message } }, 'temporarily unavailable');
    return sendJsonError(request, reply, new TemporarilyUnavailable());
  }
  const known = frameworkError(err);
  if (known) {
    // RFC 7591 §3.2.2: a registration body that cannot be read is invalid_client_metadata.
    const code = known.status === 413 ? 'invalid_request' : (request.routeOptions.config?.bodyErrorCode ?? 'invalid_request');
    return sendJsonError(request, reply, new OAuthError(code, known.description, known.status));
  }
  logUnhandled(request, err);
  return sendJsonError(request, reply, new ServerError());
}

/** Unknown paths outside the Management API. */
export function protocolNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendJsonError(request, reply, new NotFound(`No route for ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}`));
}
