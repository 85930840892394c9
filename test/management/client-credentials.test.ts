// Auth0's private_key_jwt set-up through the auth0 SDK (v7 ManagementClient): a public key as a
// client credential, client_authentication_methods naming it, then openid-client authenticating
// with the private key (client_credentials grant). On both stores.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import type { ManagementClient } from 'auth0';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createApi } from '../helpers/fixtures.ts';
import { sdkClient, status } from './helpers.ts';

const API = 'https://billing.example.com/';

const pemOf = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }) as string;

for (const dialect of dialects()) {
  describe(`client credentials for private_key_jwt through the auth0 SDK (${dialect})`, () => {
    let server: TestServer;
    let mgmt: ManagementClient;
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      mgmt = sdkClient(server, server.credentials.management);
      await createApi(server, { identifier: API, name: 'Billing' });
    });
    after(() => server?.close());

    /** openid-client's client_credentials grant, authenticating with `key` under `kid`. */
    const grantWith = async (clientId: string, key: KeyObject, kid: string) => {
      const privateKey = await crypto.subtle.importKey(
        'pkcs8',
        key.export({ type: 'pkcs8', format: 'der' }),
        key.asymmetricKeyType === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256' },
        false,
        ['sign'],
      );
      const config = await oidc.discovery(new URL(server.url), clientId, undefined, oidc.PrivateKeyJwt({ key: privateKey, kid }), {
        execute: [oidc.allowInsecureRequests],
      });
      return oidc.clientCredentialsGrant(config, { audience: API });
    };

    test('a credential added, named in client_authentication_methods, then used by openid-client; deleting it revokes it', async () => {
      const client = await mgmt.clients.create({ name: 'Billing worker', app_type: 'non_interactive', grant_types: ['client_credentials'] });
      const id = client.client_id!;
      await mgmt.clientGrants.create({ client_id: id, audience: API, scope: [] });

      const credential = await mgmt.clients.credentials.create(id, { credential_type: 'public_key', name: 'worker key', pem: pemOf(rsa.publicKey) });
      assert.match(credential.id!, /^cred_/);
      assert.equal(credential.alg, 'RS256');
      assert.equal(credential.credential_type, 'public_key');
      assert.equal(credential.name, 'worker key');
      assert.equal(typeof credential.kid, 'string');
      assert.equal((credential as Record<string, unknown>).pem, undefined);
      const listed = await mgmt.clients.credentials.list(id);
      assert.deepEqual(
        listed.map((c) => c.id),
        [credential.id],
      );
      assert.equal((await mgmt.clients.credentials.get(id, credential.id!)).kid, credential.kid);

      // Not yet named by client_authentication_methods: the key does not authenticate the client.
      await assert.rejects(grantWith(id, rsa.privateKey, credential.kid!), (err: any) => err.error === 'invalid_client');

      const updated = await mgmt.clients.update(id, {
        token_endpoint_auth_method: null as never,
        client_authentication_methods: { private_key_jwt: { credentials: [{ id: credential.id! }] } },
      });
      assert.deepEqual(updated.client_authentication_methods, { private_key_jwt: { credentials: [{ id: credential.id }] } });
      assert.equal(updated.client_secret, undefined, 'no secret once the client authenticates with keys');
      const read = await mgmt.clients.get(id);
      assert.deepEqual(read.client_authentication_methods?.private_key_jwt?.credentials, [{ id: credential.id }]);

      const tokens = await grantWith(id, rsa.privateKey, credential.kid!);
      assert.equal(decodeJwt(tokens.access_token).azp, id);
      // A credential the client holds but client_authentication_methods does not name is not accepted.
      const spare = await mgmt.clients.credentials.create(id, { credential_type: 'public_key', name: 'spare', pem: pemOf(ec.publicKey) });
      await assert.rejects(grantWith(id, ec.privateKey, spare.kid!), (err: any) => err.error === 'invalid_client');
      // The old secret no longer works.
      const withSecret = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: client.client_secret!, audience: API }),
      });
      assert.equal(withSecret.status, 401);

      await mgmt.clients.credentials.delete(id, credential.id!);
      assert.equal(await status(mgmt.clients.credentials.get(id, credential.id!)), 404);
      await assert.rejects(grantWith(id, rsa.privateKey, credential.kid!), (err: any) => err.error === 'invalid_client');
    });

    test('a client created with its credentials inline (EC key) authenticates at once', async () => {
      const client = await mgmt.clients.create({
        name: 'Inline keyed worker',
        app_type: 'non_interactive',
        grant_types: ['client_credentials'],
        client_authentication_methods: {
          private_key_jwt: { credentials: [{ credential_type: 'public_key', name: 'ec', pem: pemOf(ec.publicKey), kid: 'inline-ec-key-1' } as never] },
        },
      });
      assert.equal(client.client_secret, undefined);
      const [credential] = await mgmt.clients.credentials.list(client.client_id!);
      assert.equal(credential?.alg, 'ES256');
      assert.deepEqual(client.client_authentication_methods?.private_key_jwt?.credentials, [{ id: credential!.id }]);
      await mgmt.clientGrants.create({ client_id: client.client_id!, audience: API, scope: [] });
      const tokens = await grantWith(client.client_id!, ec.privateKey, 'inline-ec-key-1');
      assert.ok(tokens.access_token);
    });

    test('refuses what cannot work: a private key, a bad alg, an unknown credential id, private_key_jwt without keys', async () => {
      const client = await mgmt.clients.create({ name: 'Refusals', app_type: 'non_interactive', grant_types: ['client_credentials'] });
      const id = client.client_id!;
      const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      assert.equal(await status(mgmt.clients.credentials.create(id, { credential_type: 'public_key', pem: privatePem })), 400);
      assert.equal(await status(mgmt.clients.credentials.create(id, { credential_type: 'public_key', pem: 'not a pem' })), 400);
      assert.equal(await status(mgmt.clients.credentials.create(id, { credential_type: 'public_key', pem: pemOf(ec.publicKey), alg: 'RS256' })), 400);
      assert.equal(await status(mgmt.clients.credentials.create(id, { credential_type: 'cert_subject_dn', subject_dn: 'CN=x' })), 400);
      assert.equal(
        await status(
          mgmt.clients.update(id, {
            token_endpoint_auth_method: null as never,
            client_authentication_methods: { private_key_jwt: { credentials: [{ id: 'cred_nope' }] } },
          }),
        ),
        400,
      );
      assert.equal(await status(mgmt.clients.update(id, { token_endpoint_auth_method: 'private_key_jwt' as never })), 400);
      assert.equal(await status(mgmt.clients.credentials.list('no-such-client')), 404);
      // Nothing changed: the client still authenticates with its secret.
      const after = await mgmt.clients.get(id);
      assert.equal(after.token_endpoint_auth_method, 'client_secret_post');
      assert.equal(after.client_secret, client.client_secret);
    });
  });
}
