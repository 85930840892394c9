// Requests to a test server with an explicit Host header (fetch forbids setting Host), and tokens.
import http from 'node:http';
import { ManagementClient } from 'auth0';
import { ManagementClient as LegacyManagementClient } from 'auth0/legacy';
import type { TestServer } from '../helpers/server.ts';
import { provisionTenant, type TenantCredentials } from '../../src/services/provisioning.ts';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

export interface RequestOptions {
  host?: string;
  token?: string;
  /** JSON-encoded unless `raw` is given */
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export function request(server: Pick<TestServer, 'port'>, method: string, path: string, opts: RequestOptions = {}): Promise<Reply> {
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const headers: Record<string, string> = {
    host: opts.host ?? `localhost:${server.port}`,
    // The length always: Node sends a DELETE's body unchunked, so without it the body is lost.
    ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}),
    ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    ...opts.headers,
  };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** client_credentials token for the Management API of the tenant at `host`. */
export async function managementToken(
  server: Pick<TestServer, 'port'>,
  creds: { client_id: string; client_secret: string; audience: string },
  opts: { host?: string; scope?: string } = {},
): Promise<string> {
  const res = await request(server, 'POST', '/oauth/token', {
    host: opts.host,
    body: {
      grant_type: 'client_credentials',
      client_id: creds.client_id,
      client_secret: creds.client_secret,
      audience: creds.audience,
      ...(opts.scope ? { scope: opts.scope } : {}),
    },
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
  return res.json.access_token;
}

/** A second tenant on the same server, reached with Host `tenant-b.test:<port>`. */
export async function secondTenant(server: TestServer, name = 'tenant-b'): Promise<{ host: string; credentials: TenantCredentials }> {
  const host = `${name}.test:${server.port}`;
  const { credentials } = await provisionTenant(server.latchkey.services.storage, {
    name,
    domain: host,
    isDefault: false,
    publicUrl: server.latchkey.services.config.publicUrl,
  });
  return { host, credentials };
}

/** The official SDK against plain http: its `fetch` rewrites https:// to http:// (stack.md §10). */
export function sdkClient(server: TestServer, creds: { client_id: string; client_secret: string; audience: string }): ManagementClient {
  const domain = `localhost:${server.port}`;
  return new ManagementClient({
    domain,
    clientId: creds.client_id,
    clientSecret: creds.client_secret,
    audience: creds.audience,
    maxRetries: 0,
    fetch: (u: any, init?: RequestInit) => fetch(String(u instanceof Request ? u.url : u).replace(`https://${domain}`, `http://${domain}`), init),
  } as any);
}

/** The v4 ManagementClient that auth0 v7 ships as `auth0/legacy`, over plain http the same way. */
export function legacySdkClient(server: TestServer, creds: { client_id: string; client_secret: string; audience: string }): LegacyManagementClient {
  const domain = `localhost:${server.port}`;
  return new LegacyManagementClient({
    domain,
    clientId: creds.client_id,
    clientSecret: creds.client_secret,
    audience: creds.audience,
    retry: { enabled: false },
    fetch: (u: any, init?: RequestInit) => fetch(String(u).replace(`https://${domain}`, `http://${domain}`), init),
  } as any);
}

/** Every item of an SDK page iterator (the SDK fetches page after page). */
export async function all<T>(page: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of page) out.push(item);
  return out;
}

/** The HTTP status an SDK call ended with (200 when it succeeded). */
export async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    return (err as { statusCode?: number }).statusCode ?? -1;
  }
}
