// What the server logs at and below info level: request lines only from info down; handlers'
// warnings at every level that includes them, with the request id and without secrets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { loadConfig } from '../../src/config/config.ts';
import { buildLatchkey } from '../../src/main.ts';
import { tempDir } from '../helpers/server.ts';

async function serverLogging(level: string) {
  const dataDir = tempDir();
  const lines: Record<string, unknown>[] = [];
  const latchkey = await buildLatchkey(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: level, DATABASE_URL: '' }), {
    logDestination: {
      write: (text: string) =>
        text
          .split('\n')
          .filter(Boolean)
          .forEach((line) => lines.push(JSON.parse(line))),
    },
  });
  // A handler that logs at each level, as ours do when something goes wrong.
  latchkey.app.get('/log-probe', { config: { noTenant: true } }, async (request) => {
    request.log.debug('probe debug');
    request.log.info('probe info');
    request.log.warn({ client_secret: 'very-secret-value' }, 'probe warning');
    return { ok: true };
  });
  const res = await latchkey.app.inject({ url: '/log-probe', headers: { 'x-request-id': 'probe-7' } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['x-request-id'], 'probe-7');
  const discovery = await latchkey.app.inject({ url: '/.well-known/openid-configuration' });
  assert.equal(discovery.statusCode, 200);
  await latchkey.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return lines;
}

const messages = (lines: Record<string, unknown>[]) => lines.map((l) => l.msg);

describe('server logging', () => {
  it('at warn: the handler warning with its request id and the secret redacted, no request lines', async () => {
    const lines = await serverLogging('warn');
    const warning = lines.find((l) => l.msg === 'probe warning');
    assert.ok(warning, `warning logged: ${JSON.stringify(lines)}`);
    assert.equal(warning.reqId, 'probe-7');
    assert.equal(warning.client_secret, '[redacted]');
    assert.ok(!JSON.stringify(lines).includes('very-secret-value'));
    assert.deepEqual(
      messages(lines).filter((m) => m === 'probe info' || m === 'incoming request' || m === 'request completed'),
      [],
    );
  });

  it('at info: request lines for every request, and the handler lines at info and above', async () => {
    const lines = await serverLogging('info');
    assert.ok(messages(lines).includes('probe info'));
    assert.ok(!messages(lines).includes('probe debug'));
    const completed = lines.filter((l) => l.msg === 'request completed');
    assert.equal(completed.length, 2, JSON.stringify(lines));
    assert.ok(completed.some((l) => l.reqId === 'probe-7' && typeof l.responseTime === 'number'));
    assert.ok(lines.some((l) => l.msg === 'incoming request' && (l.req as { url?: string })?.url === '/.well-known/openid-configuration'));
    assert.ok(!JSON.stringify(lines).includes('very-secret-value'));
  });

  it('at silent: nothing', async () => {
    assert.deepEqual(await serverLogging('silent'), []);
  });
});
