// A 201 from POST /oidc/register means the client is stored: registrations answered before the
// process is killed (SIGKILL, in the middle of a flood of concurrent registrations) are all
// there after a restart, with their secret, and each stored client has its dcr_success entry
// (the client and its log entry are written together or not at all). On both dialects.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { dialects, freePort, initialCredentials, processStore, tempDir } from '../helpers/server.ts';
import { startProcess, type ServerProcess } from '../helpers/process.ts';
import { managementToken, request } from '../management/helpers.ts';
import { register } from './support.ts';

/** The Management API of the default tenant of a server process, with a fresh token. */
async function managementApi(port: number, dataDir: string) {
  const { management } = initialCredentials(dataDir);
  const token = await managementToken({ port }, management);
  return async (method: string, url: string, body?: unknown) => {
    const res = await request({ port }, method, url, { token, body });
    assert.equal(res.status, 200, `${method} ${url}: ${res.status} ${res.text}`);
    return res.json;
  };
}

describe('registrations survive a crash', () => {
  for (const dialect of dialects()) {
    it(`every 201 is stored, with its log entry, after SIGKILL (${dialect})`, async () => {
      const dataDir = tempDir();
      const env: Record<string, string> = { DATA_DIR: dataDir, LATCHKEY_RATE_LIMITS: 'off', LOG_LEVEL: 'warn' };
      const drop = await processStore(dialect, env);
      const started: ServerProcess[] = [];
      try {
        // The restart listens on the same port: the issuer, and so the Management API audience, stay the same.
        env.PORT = String(await freePort());
        const first = await startProcess(env);
        started.push(first);
        const port = Number(env.PORT);
        await (
          await managementApi(port, dataDir)
        )('PATCH', '/api/v2/tenants/settings', { flags: { enable_dynamic_client_registration: true } });

        // 32 registrations in flight at all times; the process is killed once 150 were answered.
        const acknowledged = new Map<string, { secret: string; name: string }>();
        let attempts = 0;
        let killed = false;
        const worker = async () => {
          while (!killed) {
            const name = `Crash App ${++attempts}`;
            let answer;
            try {
              answer = await register(first.url, { client_name: name, redirect_uris: ['https://crash.example/callback'] });
            } catch {
              return; // the connection died with the process, before or while the answer was read
            }
            assert.equal(answer.status, 201, answer.text);
            acknowledged.set(answer.body.client_id, { secret: answer.body.client_secret, name });
            if (acknowledged.size >= 150 && !killed) {
              killed = true;
              first.child.kill('SIGKILL');
            }
          }
        };
        await Promise.all(Array.from({ length: 32 }, worker));
        await first.exited;
        assert.ok(acknowledged.size >= 150);

        const second = await startProcess(env);
        started.push(second);
        const api = await managementApi(port, dataDir);
        for (const [clientId, { secret, name }] of acknowledged) {
          const client = await api('GET', `/api/v2/clients/${clientId}`);
          assert.equal(client.name, name);
          assert.equal(client.client_secret, secret);
          assert.equal(client.is_first_party, false);
        }
        // Every stored registration has its log entry, and no entry is without its client.
        const all = async (listing: string, key: string, id: string): Promise<Set<string>> => {
          const ids = new Set<string>();
          for (let page = 0; ; page++) {
            const items = (await api('GET', `${listing}&include_totals=true&per_page=100&page=${page}`))[key];
            for (const item of items) ids.add(item[id]);
            if (items.length < 100) return ids;
          }
        };
        const stored = await all('/api/v2/clients?is_first_party=false', 'clients', 'client_id');
        const logged = await all('/api/v2/logs?q=type:dcr_success', 'logs', 'client_id');
        assert.deepEqual([...logged].sort(), [...stored].sort());
      } finally {
        for (const p of started) {
          if (p.child.exitCode !== null || p.child.signalCode !== null) continue;
          p.child.kill('SIGTERM');
          await p.exited;
        }
        await drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }
});
