// Fastify glue for GET/POST /userinfo: the request in, the steps of pipeline.ts run, the
// claims out (OIDC Core §5.3.2), never cached.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../services/container.ts';
import { allowCorsFor, registerCorsPreflight } from '../../../web/cors.ts';
import { USERINFO_ENDPOINT } from './pipeline.ts';

export function registerUserinfo(app: FastifyInstance, services: Services): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const { response } = await USERINFO_ENDPOINT.run({
      ctx: request.ctx,
      keys: services.keys,
      authorization: request.headers.authorization,
      body: request.method === 'POST' ? request.body : undefined,
      allowCors: (client) => allowCorsFor(request, reply, client),
    });
    return reply.header('cache-control', 'no-store').send(response);
  };
  app.get('/userinfo', handler);
  app.post('/userinfo', handler);
  registerCorsPreflight(app, '/userinfo', 'GET, POST');
}
