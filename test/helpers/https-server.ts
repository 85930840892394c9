// A real HTTPS server on loopback for the outbound fetcher's tests, with a throwaway self-signed
// certificate (made by the openssl command) for localhost, 127.0.0.1, ::1, jwks.test and app.test.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tempDir } from './server.ts';

let made: { key: string; cert: string } | undefined;

/** The certificate and key (made once per test process). `cert` is also the CA to trust. */
export function testCertificate(): { key: string; cert: string } {
  if (made) return made;
  const dir = tempDir('latchkey-tls-');
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,DNS:jwks.test,DNS:app.test,IP:127.0.0.1,IP:::1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  made = { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
  fs.rmSync(dir, { recursive: true, force: true });
  return made;
}

export interface HttpsServer {
  port: number;
  /** requests received, by path */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export async function startHttpsServer(handler: Handler, host = '127.0.0.1'): Promise<HttpsServer> {
  const hits = new Map<string, number>();
  const server = https.createServer(testCertificate(), (req, res) => {
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
