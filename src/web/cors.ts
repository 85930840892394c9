// CORS for the endpoints browser apps call (token, revoke, userinfo): an origin is allowed
// when it is one of the client's allowed_origins or web_origins, or the origin of one of its
// callbacks (auth0-behaviour §4.10). Preflights are answered for any origin, since they
// grant nothing: the actual response is readable only with a matching allow-origin.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Client } from '../domain/client.ts';

/** The origin of a URL or origin string; undefined for opaque or invalid ones. */
export function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export function clientOrigins(client: Client): Set<string> {
  const origins = new Set<string>();
  for (const o of [...client.allowed_origins, ...client.web_origins, ...client.callbacks]) {
    const origin = originOf(o);
    if (origin) origins.add(origin);
  }
  return origins;
}

/** Lets the calling page read this response when its Origin belongs to the client. */
export function allowCorsFor(request: FastifyRequest, reply: FastifyReply, client: Client): void {
  const origin = request.headers.origin;
  reply.header('vary', 'Origin');
  if (typeof origin === 'string' && clientOrigins(client).has(origin)) reply.header('access-control-allow-origin', origin);
}

/** OPTIONS preflight: spa-js sends Auth0-Client on every call (auth0-behaviour checklist 26). */
export function registerCorsPreflight(app: FastifyInstance, path: string, methods: string): void {
  app.options(path, async (request, reply) => {
    const origin = request.headers.origin;
    return reply
      .code(204)
      .header('access-control-allow-origin', typeof origin === 'string' ? origin : '*')
      .header('access-control-allow-methods', methods)
      .header('access-control-allow-headers', 'Authorization, Content-Type, Auth0-Client')
      .header('access-control-max-age', '600')
      .header('vary', 'Origin')
      .send();
  });
}
