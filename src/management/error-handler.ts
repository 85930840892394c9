// /api/v2's error family: Auth0's {statusCode, error, message, errorCode}. Installed on the
// Management API plugin, with its own not-found handler.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isStoreUnavailable } from '../storage/sql/errors.ts';
import { frameworkError, logUnhandled, sendJsonError } from '../web/error-replies.ts';
import { RETRY_AFTER_SECONDS } from '../http-error.ts';
import { ManagementError, temporarilyUnavailable } from './errors.ts';

export function managementErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ManagementError) return sendJsonError(request, reply, err);
  if (isStoreUnavailable(err)) {
    request.log.warn({ err: { message: err.message } }, 'temporarily unavailable');
    return sendJsonError(request, reply, temporarilyUnavailable(RETRY_AFTER_SECONDS));
  }
  const known = frameworkError(err);
  if (known) {
    if (known.status === 413) return sendJsonError(request, reply, new ManagementError(413, known.description, 'payload_too_large'));
    return sendJsonError(request, reply, new ManagementError(known.status, `Payload validation error: ${known.description}`, 'invalid_body'));
  }
  logUnhandled(request, err);
  return sendJsonError(request, reply, new ManagementError(500, 'Internal Server Error', 'internal_error'));
}

export function managementNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendJsonError(request, reply, new ManagementError(404, 'Not Found', 'not_found'));
}
