// Latchkey under test: `node bin/latchkey.js serve` on a temp DATA_DIR (SQLite) or a fresh
// PostgreSQL database (DATABASE_URL), rate limits off. The bench API, clients and user are
// created through Latchkey's own storage layer, as the Management API would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { openStorage } from '../../src/main.ts';
import { newClientGrantId, newClientId, newClientSecret, newResourceServerId, newRoleId, newUserId } from '../../src/domain/ids.ts';
import { DATABASE_CONNECTION } from '../../src/domain/user.ts';
import type { NewClient } from '../../src/domain/client.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import type { Storage, TenantStores } from '../../src/storage/ports.ts';
import { freePort, runToEnd, startServer, type Server } from '../lib/procs.ts';
import type { Scenario } from '../lib/scenario.ts';
import { API, API_SCOPE, codeExchange, form, FORM, JSON_TYPE, RBAC_API, REDIRECT_URI, REGISTRATION_BODY, USER } from './common.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin/latchkey.js');

export interface LatchkeyTarget {
  server: Server;
  database: 'sqlite' | 'postgres';
  scenarios: Scenario[];
  /** Adds `n` clients straight through the store (when the endpoint is missing). */
  seedClients(n: number): Promise<void>;
  /** Path of the CPU profile written at stop, when profiling. */
  stop(): Promise<string | null>;
}

async function freshPostgres(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `latchkey_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const webClient = (clientId: string, secret: string): NewClient => ({
  client_id: clientId,
  client_secret: secret,
  name: 'Bench Web App',
  app_type: 'regular_web',
  // third-party, like a dynamically registered app: the flow shows the consent page once
  is_first_party: false,
  oidc_conformant: true,
  callbacks: [REDIRECT_URI],
  allowed_logout_urls: [],
  web_origins: [],
  allowed_origins: [],
  grant_types: ['authorization_code'],
  token_endpoint_auth_method: 'client_secret_post',
  jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 },
});

const benchApi = (identifier: string, name: string) => ({
  id: newResourceServerId(),
  name,
  identifier,
  is_system: false,
  scopes: [{ value: API_SCOPE, description: 'Read the bench API' }],
  signing_alg: 'RS256' as const,
  token_lifetime: 86400,
  token_lifetime_for_web: 7200,
  allow_offline_access: false,
  skip_consent_for_verifiable_first_party_clients: false,
});

/** The same API with RBAC on and the permissions claim; the user holds its scope through a role. */
async function seedRbac(stores: TenantStores, userId: string) {
  const api = await stores.resourceServers.create({ ...benchApi(RBAC_API, 'Bench RBAC API'), enforce_policies: true, token_dialect: 'access_token_authz' });
  const role = await stores.roles.create({ id: newRoleId(), name: 'Bench reader', description: '' });
  await stores.roles.addPermissions(role.id, [{ resourceServerId: api.id, name: API_SCOPE }]);
  await stores.userAuthorization.assignRoles([{ userId, roleId: role.id }]);
}

async function seed(stores: TenantStores) {
  await stores.resourceServers.create(benchApi(API, 'Bench API'));
  const m2m = { id: newClientId(), secret: newClientSecret() };
  await stores.clients.create({
    ...webClient(m2m.id, m2m.secret),
    name: 'Bench M2M',
    app_type: 'non_interactive',
    is_first_party: true,
    callbacks: [],
    grant_types: ['client_credentials'],
  });
  await stores.clientGrants.create({ id: newClientGrantId(), client_id: m2m.id, audience: API, scope: [API_SCOPE] });
  const web = { id: newClientId(), secret: newClientSecret() };
  await stores.clients.create(webClient(web.id, web.secret));
  const user = await stores.users.create({
    user_id: newUserId(),
    email: USER.email,
    email_verified: true,
    name: 'Bench User',
    nickname: 'bench',
    blocked: false,
    connection: DATABASE_CONNECTION,
    user_metadata: {},
    app_metadata: {},
    passwordHash: await hashPassword(USER.password),
  });
  await seedRbac(stores, user.user_id);
  return { m2m, web };
}

export interface LatchkeyOptions {
  profileDir?: string;
  log: (l: string) => void;
  /** WORKERS: set, the server runs unpinned, on every core (default: one process on the server core) */
  workers?: number;
}

export async function startLatchkey(opts: LatchkeyOptions): Promise<LatchkeyTarget> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-'));
  const port = await freePort();
  const pgdb = process.env.DATABASE_URL ? await freshPostgres(process.env.DATABASE_URL) : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LATCHKEY_RATE_LIMITS: 'off',
    LOG_LEVEL: 'warn',
    DATABASE_URL: pgdb?.url ?? '',
    WORKERS: String(opts.workers ?? 1),
  };
  if (pgdb && !env.LATCHKEY_MASTER_KEY) env.LATCHKEY_MASTER_KEY = randomBytes(32).toString('base64');
  const node = [process.execPath];
  if (opts.profileDir) {
    fs.mkdirSync(opts.profileDir, { recursive: true });
    node.push('--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`, '--cpu-prof-name=latchkey.cpuprofile');
  }
  const server = await startServer({
    name: 'latchkey',
    argv: [...node, BIN, 'serve'],
    env,
    port,
    readyPath: '/.well-known/openid-configuration',
    pin: opts.workers === undefined,
  });

  // The harness opens the same store (SQLite in WAL mode allows a second connection).
  const storage: Storage = await openStorage(loadConfig(env));
  const tenant = await storage.tenants.findDefault();
  if (!tenant) throw new Error('latchkey did not create its default tenant');
  const stores = storage.forTenant(tenant.id);
  const { m2m, web } = await seed(stores);
  const mgmt = JSON.parse(fs.readFileSync(path.join(dataDir, 'initial-credentials.json'), 'utf8')).management;

  // Open registration is a tenant flag; the CLI is how operators turn it on. The benchmark
  // registers far more clients than the default registration_policy.max_clients allows.
  try {
    await runToEnd(
      [
        process.execPath,
        BIN,
        'tenant',
        'settings',
        '--name',
        'default',
        '--set',
        'flags.enable_dynamic_client_registration=true',
        '--set',
        'registration_policy.max_clients=null',
      ],
      env,
      60_000,
    );
  } catch (err) {
    opts.log(`  could not enable dynamic registration: ${(err as Error).message}`);
  }

  let mgmtToken: string | null = null;
  const tokenRes = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: FORM,
    body: form({ grant_type: 'client_credentials', client_id: mgmt.client_id, client_secret: mgmt.client_secret, audience: mgmt.audience }),
  });
  if (tokenRes.ok) mgmtToken = ((await tokenRes.json()) as { access_token: string }).access_token;
  else opts.log(`  management token: ${tokenRes.status} ${await tokenRes.text()}`);

  const codes = codeExchange({ baseUrl: server.url, clientId: web.id, clientSecret: web.secret, target: 'audience' });
  const rbacCodes = codeExchange({ baseUrl: server.url, clientId: web.id, clientSecret: web.secret, target: 'audience', api: RBAC_API });
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
        body: form({ grant_type: 'client_credentials', client_id: m2m.id, client_secret: m2m.secret, audience: API }),
      },
    },
    // ID token + JWT access token for the API: two signatures per response.
    { name: 'authorization_code', kind: 'token', signatures: 2, singleUse: { method: 'POST', path: '/oauth/token', headers: FORM, prepare: codes.prepare } },
    // The same exchange for an API with RBAC on: the user's permissions bound the scope and fill the claim.
    {
      name: 'authorization_code_rbac',
      kind: 'token',
      signatures: 2,
      singleUse: { method: 'POST', path: '/oauth/token', headers: FORM, prepare: rbacCodes.prepare },
    },
    {
      name: 'mgmt_get_client',
      kind: 'get',
      signatures: 0,
      unavailable: mgmtToken ? undefined : 'n/a (no management token)',
      request: { method: 'GET', path: `/api/v2/clients/${m2m.id}`, headers: { authorization: `Bearer ${mgmtToken}` } },
    },
  ];

  return {
    server,
    database: pgdb ? 'postgres' : 'sqlite',
    scenarios,
    async seedClients(n: number) {
      const batch = 1000;
      for (let done = 0; done < n; done += batch) {
        await storage.transaction(async (tx) => {
          const s = tx.forTenant(tenant.id);
          for (let i = 0; i < Math.min(batch, n - done); i++) {
            await s.clients.create({ ...webClient(newClientId(), newClientSecret()), name: 'Seeded App' });
          }
        });
      }
    },
    async stop() {
      await storage.close();
      await server.stop();
      await pgdb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (!opts.profileDir) return null;
      const file = path.join(opts.profileDir, 'latchkey.cpuprofile');
      return fs.existsSync(file) ? file : null;
    },
  };
}
