// What every surface's error handler shares: Fastify's own request errors mapped to a status
// and a plain description, and sending an error of either family as JSON.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpError } from '../http-error.ts';

/** Fastify's own errors for bad requests, as a status and a plain description; null otherwise. */
export function frameworkError(err: FastifyError): { status: number; description: string } | null {
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

/** Sends the family's body; the internal reason, if any, goes to the log with the request id. */
export function sendJsonError(request: FastifyRequest, reply: FastifyReply, err: HttpError): FastifyReply {
  if (err.detail) request.log.info({ status: err.status, detail: err.detail }, 'request refused');
  // The plain body: replying with an Error object would re-enter Fastify's error path.
  return reply.code(err.status).headers(err.headers).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(err.toJSON());
}

/** A 500: logged in full, nothing internal sent. */
export function logUnhandled(request: FastifyRequest, err: unknown): void {
  request.log.error({ err }, 'unhandled error');
}
