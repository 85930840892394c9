// The Prometheus listener: `GET /metrics` on its own port (METRICS_PORT), never on the main one,
// so that the metrics stay off the public surface. Nothing else is served there. A single
// process serves its own metrics; a cluster's primary serves the sum of its workers'.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the listener exposes: one process's registry, or a cluster's sum of them. */
export interface MetricsSource {
  render(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsListener {
  address: { host: string; port: number };
  close(): Promise<void>;
}

function answer(metrics: MetricsSource, request: http.IncomingMessage, response: http.ServerResponse): void {
  const path = (request.url ?? '').split('?')[0];
  if (path !== '/metrics') {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: metrics are at /metrics\n');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
    return;
  }
  metrics.render().then(
    (text) => response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : text),
    () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics could not be collected\n'),
  );
}

export async function startMetricsListener(metrics: MetricsSource, port: number, host: string): Promise<MetricsListener> {
  const server = http.createServer((request, response) => answer(metrics, request, response));
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    address: { host, port: bound.port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
