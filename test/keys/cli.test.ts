// `latchkey keys list|rotate|revoke` as a separate process on the store of a running server:
// the server follows a rotation and a revocation made by the command.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeProtectedHeader } from 'jose';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { managementToken, request } from '../management/helpers.ts';
import { eventually } from './support.ts';

const run = promisify(execFile);

for (const dialect of dialects()) {
  describe(`latchkey keys (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server?.close());

    const cli = (...args: string[]) =>
      run(process.execPath, ['bin/latchkey.js', 'keys', ...args], { env: { ...process.env, DATABASE_URL: '', ...server.env } });
    const jwksKids = async () => ((await request(server, 'GET', '/.well-known/jwks.json')).json as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    const signingKid = async () => decodeProtectedHeader(await managementToken(server, server.credentials.management)).kid;

    it('lists, rotates and revokes; the running server follows', async () => {
      const listed = JSON.parse((await cli('list', '--tenant', 'default', '--json')).stdout) as { kid: string; current: boolean; next: boolean }[];
      const current = listed.find((k) => k.current)!.kid;
      const next = listed.find((k) => k.next)!.kid;
      assert.equal(await signingKid(), current);
      const text = (await cli('list', '--tenant', 'default')).stdout;
      assert.match(text, new RegExp(`^${next} +next `, 'm'));
      assert.match(text, new RegExp(`^${current} +current `, 'm'));

      const rotated = await cli('rotate', '--tenant', 'default');
      assert.match(rotated.stdout, new RegExp(`${next} is now the current signing key`));
      // The server hears of the change as soon as it is committed (another process made it).
      await eventually(signingKid, (kid) => kid === next, 'the server signs with the former next key');
      assert.ok((await jwksKids()).includes(current), 'the previous key stays published');

      const refused = await cli('revoke', '--tenant', 'default', '--kid', next).catch((e) => e);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /^latchkey: cannot revoke .*current signing key cannot be revoked/);
      assert.equal(refused.stderr.trim().split('\n').length, 1);

      const revoked = await cli('revoke', '--tenant', 'default', '--kid', current);
      assert.match(revoked.stdout, /revoked/);
      await eventually(jwksKids, (kids) => !kids.includes(current), 'the server unpublishes the revoked key');
      assert.match((await cli('list', '--tenant', 'default')).stdout, new RegExp(`^${current} +revoked `, 'm'));
    });

    it('refuses bad arguments with one line and exit code 2', async () => {
      for (const args of [
        ['list'],
        ['revoke', '--tenant', 'default'],
        ['rotate', '--tenant', 'default', '--kid', 'x'],
        ['bogus', '--tenant', 'default'],
        ['list', '--tenant', 'nobody'],
      ]) {
        const e = await cli(...args).catch((err) => err);
        assert.equal(e.code, 2, `${args.join(' ')}: ${e.stderr}`);
        assert.equal(e.stderr.trim().split('\n').length, 1);
      }
      const missing = await cli('revoke', '--tenant', 'default', '--kid', 'no-such-kid').catch((e) => e);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /does not exist/);
    });
  });
}
