// node-oidc-provider under test (bench/servers/oidc-provider.js), with the same API, clients and
// requests as Latchkey; it names the API with RFC 8707 `resource` where Auth0 uses `audience`.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { freePort, startServer, type Server } from '../lib/procs.ts';
import type { Scenario } from '../lib/scenario.ts';
import { API, API_SCOPE, codeExchange, form, FORM, JSON_TYPE, REDIRECT_URI, REGISTRATION_BODY } from './common.ts';

const SCRIPT = fileURLToPath(new URL('../servers/oidc-provider.js', import.meta.url));

export async function startOidcProvider(): Promise<{ server: Server; scenarios: Scenario[] }> {
  const port = await freePort();
  const m2m = { id: 'bench-m2m', secret: randomBytes(32).toString('base64url') };
  const web = { id: 'bench-web', secret: randomBytes(32).toString('base64url') };
  const env = {
    ...process.env,
    PORT: String(port),
    BENCH_API: API,
    BENCH_REDIRECT_URI: REDIRECT_URI,
    BENCH_M2M_ID: m2m.id,
    BENCH_M2M_SECRET: m2m.secret,
    BENCH_WEB_ID: web.id,
    BENCH_WEB_SECRET: web.secret,
    NODE_ENV: 'production',
  };
  const server = await startServer({ name: 'oidc-provider', argv: [process.execPath, SCRIPT], env, port, readyPath: '/.well-known/openid-configuration' });
  const codes = codeExchange({ baseUrl: server.url, clientId: web.id, clientSecret: web.secret, target: 'resource' });
  const scenarios: Scenario[] = [
    { name: 'discovery', kind: 'get', signatures: 0, request: { method: 'GET', path: '/.well-known/openid-configuration' } },
    { name: 'jwks', kind: 'get', signatures: 0, request: { method: 'GET', path: '/.well-known/jwks.json' } },
    { name: 'register', kind: 'write', signatures: 0, request: { method: 'POST', path: '/oidc/register', headers: JSON_TYPE, body: REGISTRATION_BODY } },
    {
      name: 'client_credentials',
      kind: 'token',
      signatures: 1,
      request: {
        method: 'POST',
        path: '/oauth/token',
        headers: FORM,
        body: form({ grant_type: 'client_credentials', client_id: m2m.id, client_secret: m2m.secret, resource: API, scope: API_SCOPE }),
      },
    },
    { name: 'authorization_code', kind: 'token', signatures: 2, singleUse: { method: 'POST', path: '/oauth/token', headers: FORM, prepare: codes.prepare } },
  ];
  return { server, scenarios };
}
