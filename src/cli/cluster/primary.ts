// `latchkey serve` with WORKERS above 1: this process prepares the store once, then runs that
// many workers (each a `latchkey serve` of its own) on one port with node:cluster.
import type { Config } from '../../config/config.ts';
import { createLogger } from '../../http/logging.ts';
import { prepareStore } from '../../main.ts';
import { printCredentials } from '../credentials-banner.ts';
import { Supervisor } from './supervisor.ts';
import { clusterMetrics } from './metrics.ts';
import { startMetricsListener } from '../../http/metrics-listener.ts';

export async function runPrimary(config: Config, out: NodeJS.WritableStream): Promise<number> {
  const log = createLogger(config.logLevel);
  // Migrations, the SQLite master key and the default tenant happen here, once, before any
  // worker opens the store: workers find them in place and never race to create them.
  const created = await prepareStore(config);
  if (created) printCredentials(out, config.dataDir, created);
  const supervisor = new Supervisor({ workers: config.workers, log });
  process.once('SIGTERM', () => supervisor.stop('SIGTERM'));
  process.once('SIGINT', () => supervisor.stop('SIGINT'));
  // METRICS_PORT is served here, with the sum of the workers' metrics (they serve none).
  const metrics = config.metrics.port === undefined ? null : await startMetricsListener(clusterMetrics(), config.metrics.port, config.metrics.host);
  log.info({ workers: config.workers, port: config.port }, 'starting workers');
  try {
    return await supervisor.run();
  } finally {
    await metrics?.close();
  }
}
