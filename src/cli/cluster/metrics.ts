// Metrics of a cluster (WORKERS above 1). Each worker keeps its own registry and answers the
// primary's requests for it over node:cluster's IPC channel (prom-client's AggregatorRegistry);
// the primary's METRICS_PORT listener serves their sum, so a scrape counts every request
// whichever worker served it (counters and histograms add up; ratios are averaged).
import { AggregatorRegistry } from 'prom-client';
import type { Metrics } from '../../services/metrics.ts';
import type { MetricsSource } from '../../http/metrics-listener.ts';

/** In a worker: answer the primary's requests with this process's registry. */
export function reportMetricsToPrimary(metrics: Metrics): void {
  // Constructing one installs the worker's answering listener (once per process).
  const listening = new AggregatorRegistry();
  void listening;
  AggregatorRegistry.setRegistries([metrics.registry]);
}

/** In the primary: every worker's metrics, gathered and summed at each scrape. */
export function clusterMetrics(): MetricsSource {
  const registry = new AggregatorRegistry();
  return { render: () => registry.clusterMetrics(), contentType: registry.contentType };
}
