// JSON Web Key Set of the tenant (RFC 7517 §5): public RS256 keys with kid, use, alg and a
// self-signed certificate (x5c, x5t), as Auth0's; the tenant flag remove_alg_from_jwks drops alg.
import type { FastifyInstance } from 'fastify';
import type { KeyService } from '../tokens/keys.ts';

export function registerJwks(app: FastifyInstance, keys: KeyService): void {
  app.get('/.well-known/jwks.json', async (request, reply) => {
    const { tenant } = request.ctx;
    const body = await keys.jwksJson(tenant.id, !tenant.settings.flags.remove_alg_from_jwks);
    return reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300').type('application/json; charset=utf-8').send(body);
  });
}
