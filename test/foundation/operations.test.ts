import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, initialCredentials, tempDir } from '../helpers/server.ts';
import { startProcess } from '../helpers/process.ts';

describe('running the server process', () => {
  it('logs structured lines with request ids, never secrets, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const p = await startProcess({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' });
    const creds = initialCredentials(dataDir);
    assert.equal(fs.statSync(path.join(dataDir, 'master.key')).mode & 0o777, 0o600);

    const basic = Buffer.from(`${creds.management.client_id}:${creds.management.client_secret}`).toString('base64');
    const res = await fetch(`${p.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': 'test-req-42' },
      body: new URLSearchParams({ grant_type: 'client_credentials', audience: creds.management.audience }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-request-id'), 'test-req-42');
    const { access_token } = await res.json();
    await fetch(`${p.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.management.client_id, client_secret: creds.management.client_secret }),
    });

    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 0);
    const logs = p.output();
    const jsonLines = logs.split('\n').filter((l) => l.startsWith('{'));
    assert.ok(
      jsonLines.some((l) => JSON.parse(l).reqId === 'test-req-42'),
      'request id in logs',
    );
    // The first start prints the credentials once, on purpose; nothing else may carry secrets.
    const afterBanner = jsonLines.join('\n');
    assert.ok(!afterBanner.includes(creds.management.client_secret), 'client secret logged');
    assert.ok(!afterBanner.includes(basic), 'authorization header logged');
    assert.ok(!afterBanner.includes(access_token), 'access token logged');
    assert.ok(jsonLines.some((l) => /shutting down/.test(l)));
    // The store was closed cleanly: SQLite checkpointed and removed its WAL.
    assert.equal(fs.existsSync(path.join(dataDir, 'latchkey.sqlite-wal')), false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a second start on the same DATA_DIR prints no credentials', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    let p = await startProcess({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' });
    assert.match(p.output(), /management client_secret/);
    p.child.kill('SIGTERM');
    await p.exited;
    p = await startProcess({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' });
    assert.doesNotMatch(p.output(), /client_secret/);
    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
