// A code exchanged many times at once (RFC 6749 §4.1.2, §10.5; RFC 9700 §4.5): at most one
// exchange gets tokens, every other one is invalid_grant, and because those are replays the
// refresh token the winner got is revoked too, however the requests interleave.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createApi, createUser, registerThirdPartyClient } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const API = 'https://replay.example.com/';
const ROUNDS = 8;
const PARALLEL = 20;

for (const dialect of dialects()) {
  describe(`authorization code replayed in parallel (${dialect})`, () => {
    let server: TestServer;
    let client: Awaited<ReturnType<typeof registerThirdPartyClient>>;
    const agent = new UserAgent();

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT], name: 'Replay Tester' });
      await createApi(server, { identifier: API, allowOfflineAccess: true });
      await createUser(server, { email: 'grace@example.com', password: 'correct horse battery' });
    });
    after(() => server.close());

    /** A fresh code (the first call signs in and consents; later ones reuse the session). */
    async function newCode(): Promise<{ code: string; verifier: string }> {
      const verifier = randomBytes(32).toString('base64url');
      const url = new URL(`${server.url}/authorize`);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: REDIRECT,
        scope: 'openid offline_access read:contacts',
        audience: API,
        state: randomBytes(8).toString('hex'),
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      const hop = await authorizeThrough(agent, server.url, url.href, { email: 'grace@example.com', password: 'correct horse battery', consent: 'accept' });
      assert.equal(hop.status, 302, hop.body.slice(0, 300));
      const code = new URL(hop.location!).searchParams.get('code');
      assert.ok(code, hop.location);
      return { code, verifier };
    }

    async function token(form: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form, client_id: client.client_id, client_secret: client.client_secret! }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, string> };
    }

    for (let round = 1; round <= ROUNDS; round++) {
      test(`round ${round}: ${PARALLEL} exchanges of one code, one winner at most, its refresh token revoked`, async () => {
        const { code, verifier } = await newCode();
        const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier };
        const answers = await Promise.all(Array.from({ length: PARALLEL }, () => token(form)));

        // Exactly one: the first consume always wins, and a round without a winner proves nothing.
        const winners = answers.filter((a) => a.status === 200);
        assert.equal(winners.length, 1, `${winners.length} exchanges of one code got tokens`);
        for (const a of answers.filter((x) => x.status !== 200)) assert.equal(a.body.error, 'invalid_grant', JSON.stringify(a));

        const refresh = winners[0]!.body.refresh_token;
        assert.ok(refresh, 'offline_access was granted, so the winner got a refresh token');
        const again = await token({ grant_type: 'refresh_token', refresh_token: refresh });
        assert.equal(again.body.error, 'invalid_grant', `the winner's refresh token outlived the replay: ${again.status}`);
      });
    }
  });
}
