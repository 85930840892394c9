// Rate limits on POST /oidc/register: token buckets per client network and per tenant, kept in
// the store so that instances sharing it share the limit.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { registerClient } from '@modelcontextprotocol/sdk/client/auth.js';
import { TooManyRequestsError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AuthorizationServerMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { configureRegistration, register } from './support.ts';

const BODY = { redirect_uris: ['https://app.example.com/cb'] };
/** A refill so slow that no test run lasts long enough to see a token come back. */
const SLOW = 0.0001;

for (const dialect of dialects()) {
  describe(`registration rate limits (${dialect})`, () => {
    let server: TestServer;
    let tenantId: string;
    const others: TestServer[] = [];

    /** Another instance on the same store (same data dir, database and master key). */
    const sibling = async (env: Record<string, string> = {}) => {
      const other = await startServer({
        dialect,
        dataDir: server.dataDir,
        databaseUrl: server.env.DATABASE_URL,
        // Every instance of a deployment has the same PUBLIC_URL (a server refuses another one).
        env: {
          PUBLIC_URL: `http://localhost:${server.port}`,
          ...(server.env.LATCHKEY_MASTER_KEY && { LATCHKEY_MASTER_KEY: server.env.LATCHKEY_MASTER_KEY }),
          ...env,
        },
      });
      others.push(other);
      return other;
    };

    before(async () => {
      server = await startServer({ dialect });
      tenantId = (await server.latchkey.services.storage.tenants.findDefault())!.id;
    });
    after(async () => {
      for (const other of others) await other.stop();
      await server.close();
    });
    beforeEach(async () => {
      await server.latchkey.services.storage.forTenant(tenantId).rateLimits.prune(Date.now() + 60_000);
    });

    it('answers 429 with Retry-After and an OAuth JSON body once a client spends its burst', async () => {
      await configureRegistration(server, { registration_rate_limits: { per_ip_burst: 3, per_ip_per_second: SLOW } });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await register(server.url, BODY)).status);
      assert.deepEqual(statuses, [201, 201, 201]);

      const refused = await register(server.url, BODY);
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(refused.headers.get('access-control-allow-origin'), '*');
      assert.equal(refused.headers.get('access-control-expose-headers'), 'Retry-After, WWW-Authenticate');
      const retryAfter = Number(refused.headers.get('retry-after'));
      // one token at 0.0001/s is 10000 s away; a slow run only brings it closer
      assert.ok(Number.isInteger(retryAfter) && retryAfter > 9000 && retryAfter <= 10000, String(retryAfter));
      assert.deepEqual(refused.body, { error: 'too_many_requests', error_description: `Too many requests. Retry after ${retryAfter} second(s).` });
    });

    it('limits the tenant as a whole, beside each client', async () => {
      await configureRegistration(server, { registration_rate_limits: { per_tenant_burst: 2, per_tenant_per_second: SLOW } });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await register(server.url, BODY)).status);
      assert.deepEqual(statuses, [201, 201, 429]);
    });

    it('counts refused bodies too, and audits a burst of 429s once per second at most', async () => {
      await configureRegistration(server, { registration_rate_limits: { per_ip_burst: 1, per_ip_per_second: SLOW } });
      const logs = server.latchkey.services.storage.forTenant(tenantId).logs;
      const tooMany = async () => (await logs.list({ type: 'dcr_failure', limit: 1000 })).filter((e) => e.details.error === 'too_many_requests').length;
      const before = await tooMany();
      assert.equal((await register(server.url, 'not json')).status, 400);
      const started = Date.now();
      for (let i = 0; i < 6; i++) assert.equal((await register(server.url, BODY)).status, 429);
      const seconds = Math.ceil((Date.now() - started) / 1000);
      const audited = (await tooMany()) - before;
      assert.ok(audited >= 1 && audited <= seconds + 1, `${audited} audit entries for 6 refusals in ${seconds}s`);
    });

    it('gives the MCP SDK a TooManyRequestsError', async () => {
      await configureRegistration(server, { registration_rate_limits: { per_ip_burst: 1, per_ip_per_second: SLOW } });
      const metadata = (await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json()) as AuthorizationServerMetadata;
      const clientMetadata = { redirect_uris: ['http://127.0.0.1:4000/cb'], application_type: 'native' } as never;
      await registerClient(server.url, { metadata, clientMetadata });
      await assert.rejects(registerClient(server.url, { metadata, clientMetadata }), TooManyRequestsError);
    });

    it('shares one bucket between two instances on the same store', async () => {
      await configureRegistration(server, { registration_rate_limits: { per_ip_burst: 4, per_ip_per_second: SLOW } });
      const other = await sibling();
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await register(i % 2 ? other.url : server.url, BODY)).status);
      assert.deepEqual(statuses, [201, 201, 201, 201]);
      assert.equal((await register(other.url, BODY)).status, 429);
      assert.equal((await register(server.url, BODY)).status, 429);
    });

    it('takes no tokens with LATCHKEY_RATE_LIMITS=off', async () => {
      await configureRegistration(server, { registration_rate_limits: { per_ip_burst: 1, per_ip_per_second: SLOW } });
      const unlimited = await sibling({ LATCHKEY_RATE_LIMITS: 'off' });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await register(unlimited.url, BODY)).status);
      assert.deepEqual(statuses, [201, 201, 201]);
      assert.equal((await register(server.url, BODY)).status, 201);
      assert.equal((await register(server.url, BODY)).status, 429);
    });
  });
}
