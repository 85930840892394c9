// What the HTTP apps and the CLI are given: built once in main.ts, passed explicitly.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Storage } from '../storage/ports.ts';
import type { KeyService } from '../oauth/tokens/keys.ts';
import type { TenantResolver } from '../tenancy/tenant-resolver.ts';
import type { OutboundFetcher } from '../outbound/fetcher.ts';
import type { ClientUsage } from './client-usage.ts';
import type { ClientIdMetadataDocuments } from '../oauth/cimd/documents.ts';
import type { MailService } from './mail/mail-service.ts';
import type { Metrics } from './metrics.ts';
import type { TenantEvents } from './sign-in-events.ts';

export interface Services {
  config: Config;
  storage: Storage;
  keys: KeyService;
  tenants: TenantResolver;
  /** records client uses (last_used_at) off the request's path */
  clientUsage: ClientUsage;
  /** The root logger; requests log through per-request children of it. */
  log: FastifyBaseLogger;
  /** The guarded fetcher for URLs tenants and strangers supply (jwks_uri). */
  outbound: OutboundFetcher;
  /** Client ID Metadata Documents: clients named by an https URL (fetched through `outbound`). */
  clientIdMetadata: ClientIdMetadataDocuments;
  /** Queues mail for delivery off the request's path (SMTP provider, or DATA_DIR/outbox/). */
  mail: MailService;
  /** Prometheus metrics of this process (served by the metrics listener, when configured). */
  metrics: Metrics;
  /** The tenant log's event writer: sign-ins, token grants, Management API writes (off the request's path). */
  events: TenantEvents;
}
