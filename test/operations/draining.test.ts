// SIGTERM drains: requests in flight finish; requests that still arrive on open connections
// get a 503 in their route's family (never Fastify's own body), with Retry-After.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../helpers/server.ts';

/** A connection with a registration in flight: its body is sent up to `cut` now, the rest by `finish`. */
async function halfSentRegistration(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  let received = '';
  socket.on('data', (d) => (received += d));
  const body = JSON.stringify({ client_name: 'Drain', redirect_uris: ['https://drain.example/cb'] });
  socket.write(
    `POST /oidc/register HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
  );
  return {
    /** Finishes the registration and sends `next` right behind it, on the same connection. */
    async finish(next: string): Promise<string> {
      socket.write(`${body.slice(10)}GET ${next} HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`);
      await new Promise((r) => socket.once('close', r));
      return received;
    },
  };
}

/** The last response of a raw HTTP/1.1 exchange: status, lower-cased headers, body. */
function lastResponse(raw: string) {
  const start = raw.lastIndexOf('HTTP/1.1 ');
  const [head = '', body = ''] = raw.slice(start).split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) };
}

it('requests arriving while the server drains get a 503 in their family: OAuth on protocol routes, Auth0 on /api/v2', async () => {
  const server = await startServer({ dialect: 'sqlite' });
  const oauth = await halfSentRegistration(server.port);
  const management = await halfSentRegistration(server.port);
  await new Promise((r) => setTimeout(r, 100));
  const closing = server.close();
  await new Promise((r) => setTimeout(r, 100));
  const [a, b] = await Promise.all([oauth.finish('/.well-known/openid-configuration'), management.finish('/api/v2/clients')]);
  await closing;

  // The registrations in flight were answered as usual (registration is off: Auth0's 400).
  assert.match(a, /^HTTP\/1\.1 400 /);
  const protocol = lastResponse(a);
  assert.equal(protocol.status, 503);
  assert.equal(protocol.headers['retry-after'], '5');
  assert.deepEqual(protocol.body, { error: 'temporarily_unavailable', error_description: 'The service is temporarily unavailable. Retry later.' });
  const api = lastResponse(b);
  assert.equal(api.status, 503);
  assert.equal(api.headers['retry-after'], '5');
  assert.deepEqual(api.body, {
    statusCode: 503,
    error: 'Service Unavailable',
    message: 'The service is temporarily unavailable. Retry later.',
    errorCode: 'temporarily_unavailable',
  });
});
