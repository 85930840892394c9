// U+0000 is refused everywhere with a 400 in the family of the route (PostgreSQL cannot store it).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';

for (const dialect of dialects()) {
  describe(`NUL characters in requests (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    before(async () => {
      server = await startServer({ dialect });
      const { management } = server.credentials;
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: management.client_id,
          client_secret: management.client_secret,
          audience: management.audience,
        }),
      });
      token = (await res.json()).access_token;
    });
    after(() => server.close());

    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}/api/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });

    it('answers the Management API with invalid_body / 400 and changes nothing', async () => {
      const created = await (await api('POST', '/clients', { name: 'Clean' })).json();
      for (const res of [
        await api('GET', '/clients?app_type=%00'),
        await api('PATCH', `/clients/${created.client_id}`, { name: 'a\u0000b' }),
        await api('GET', '/clients/%00'),
      ]) {
        assert.equal(res.status, 400);
        const body = await res.json();
        assert.equal(body.statusCode, 400);
        assert.equal(body.message, 'Payload validation error: The request contains a NUL character.');
      }
      assert.equal((await (await api('GET', `/clients/${created.client_id}`)).json()).name, 'Clean');
    });

    it('answers protocol routes with invalid_request', async () => {
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'x\u0000' }),
      });
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), { error: 'invalid_request', error_description: 'The request contains a NUL character.' });
    });
  });
}
