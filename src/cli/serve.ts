import cluster from 'node:cluster';
import type { Config } from '../config/config.ts';
import { buildLatchkey, type Latchkey } from '../main.ts';
import { printCredentials } from './credentials-banner.ts';
import { runPrimary } from './cluster/primary.ts';
import { isPrimaryMessage } from './cluster/messages.ts';
import { reportMetricsToPrimary } from './cluster/metrics.ts';

export async function serve(config: Config, out: NodeJS.WritableStream): Promise<number> {
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config, out);
  if (cluster.isWorker) {
    try {
      return await serveOne(config, out);
    } finally {
      // The IPC channel to the primary would keep a stopped worker alive.
      cluster.worker?.disconnect();
    }
  }
  return serveOne(config, out);
}

/** One server process: alone, or one worker of a cluster (which sweeps only when its primary says so). */
async function serveOne(config: Config, out: NodeJS.WritableStream): Promise<number> {
  const latchkey = await buildLatchkey(config, { sweep: cluster.isPrimary, metricsListener: cluster.isPrimary });
  if (latchkey.created) printCredentials(out, config.dataDir, latchkey.created);
  if (cluster.isWorker) {
    reportMetricsToPrimary(latchkey.services.metrics);
    process.on('message', (message) => {
      if (isPrimaryMessage(message) && message.type === 'latchkey:sweep') latchkey.sweeper.start();
    });
  }
  try {
    await latchkey.app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await latchkey.close();
    throw new Error(`cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
  }
  await untilStopped(latchkey);
  return 0;
}

/** SIGTERM/SIGINT: in-flight requests finish, then the store closes. */
function untilStopped(latchkey: Latchkey): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      latchkey.services.log.info({ signal }, 'shutting down');
      latchkey.close().then(resolve, (err) => {
        latchkey.services.log.error({ err }, 'error while shutting down');
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
