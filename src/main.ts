// Composition root: config -> storage -> services -> http app. Nothing else.
import type { FastifyInstance } from 'fastify';
import path from 'node:path';
import type { Config } from './config/config.ts';
import { checkMasterKey, storeIsEmpty } from './storage/sql/master-key-check.ts';
import { ensureDataDir } from './config/data-dir.ts';
import { loadMasterKey, SecretBox } from './storage/secret-box.ts';
import { migrateToLatest, openDatabase } from './storage/sql/database.ts';
import { SqlStorage } from './storage/sql/sql-storage.ts';
import type { Storage } from './storage/ports.ts';
import { KeyService } from './oauth/tokens/keys.ts';
import { addMissingCertificates, addMissingNextKeys } from './services/signing-keys.ts';
import { TenantResolver } from './tenancy/tenant-resolver.ts';
import { ensureDefaultTenant, writeCredentialsFile } from './services/bootstrap.ts';
import type { TenantCredentials } from './services/provisioning.ts';
import type { Services } from './services/container.ts';
import { createHttpApp } from './http/app.ts';
import { Sweeper } from './services/sweeper.ts';
import { ClientUsage } from './services/client-usage.ts';
import { createLogger } from './http/logging.ts';
import type { DestinationStream } from 'pino';
import { OutboundFetcher, type FetcherOptions } from './outbound/fetcher.ts';
import { ClientIdMetadataDocuments } from './oauth/cimd/documents.ts';
import { MailService, type MailServiceOptions } from './services/mail/mail-service.ts';
import { Metrics } from './services/metrics.ts';
import { TenantEvents } from './services/sign-in-events.ts';
import { startMetricsListener } from './http/metrics-listener.ts';

export interface OpenStorageOptions {
  /** a broken PostgreSQL connection (the request using it fails with a 503 on its own) */
  onConnectionError?: (err: Error) => void;
}

/**
 * Opens (and migrates) the configured store, with a master key that opens what it holds.
 * Used by the server and by the CLI.
 */
export async function openStorage(config: Config, options: OpenStorageOptions = {}): Promise<Storage> {
  ensureDataDir(config.dataDir);
  const open = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pool: config.databasePool,
    onConnectionError: options.onConnectionError,
  });
  try {
    await migrateToLatest(open.db, open.dialect);
    const box = new SecretBox(loadMasterKey(config.masterKey, config.dataDir, await storeIsEmpty(open.db)));
    await checkMasterKey(open.db, box, config.masterKey !== undefined ? 'LATCHKEY_MASTER_KEY' : `the key in ${path.join(config.dataDir, 'master.key')}`);
    return SqlStorage.fromOpen(open, box);
  } catch (err) {
    await open.destroy();
    throw err;
  }
}

/** The default tenant (credentials only when this call created it), and the certificates and next keys missing. */
async function ensureReady(storage: Storage, config: Config): Promise<TenantCredentials | null> {
  const created = await ensureDefaultTenant(storage, config.publicUrl);
  if (created) writeCredentialsFile(config.dataDir, created);
  await addMissingCertificates(storage);
  await addMissingNextKeys(storage);
  return created;
}

/**
 * What a cluster's primary does once before it starts workers: migrates the store (generating
 * the SQLite master key on an empty one), creates the default tenant, and closes the store again.
 */
export async function prepareStore(config: Config): Promise<TenantCredentials | null> {
  const storage = await openStorage(config);
  try {
    return await ensureReady(storage, config);
  } finally {
    await storage.close();
  }
}

export interface Latchkey {
  app: FastifyInstance;
  services: Services;
  /** Credentials of the default tenant when this start created it, else null. */
  created: TenantCredentials | null;
  /** Where `/metrics` is served (METRICS_PORT), or null. */
  metricsAddress: { host: string; port: number } | null;
  /** The periodic clean-up; started unless BuildOptions.sweep is false. */
  sweeper: Sweeper;
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Where log lines go (default: stdout). */
  logDestination?: DestinationStream;
  /** Outbound fetcher options beyond the configured ones (a test's certificate authority). */
  outbound?: Omit<FetcherOptions, 'allowPrivateHosts'>;
  /** Mail queue tuning beyond the defaults (a test's shorter backoff). */
  mail?: Pick<MailServiceOptions, 'attempts' | 'backoffMs' | 'capacity'>;
  /** Start the periodic clean-up now (default true); a cluster's primary hands it to one worker. */
  sweep?: boolean;
  /** Serve METRICS_PORT from this process (default true); a cluster's primary serves its workers' sum. */
  metricsListener?: boolean;
}

/** Builds a ready-to-listen Latchkey: store migrated, default tenant ensured, routes registered. */
export async function buildLatchkey(config: Config, options: BuildOptions = {}): Promise<Latchkey> {
  const log = createLogger(config.logLevel, options.logDestination);
  const storage = await openStorage(config, {
    onConnectionError: (err) => log.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'database connection lost'),
  });
  try {
    const created = await ensureReady(storage, config);
    if (config.fetchAllowPrivate.length)
      log.warn({ hosts: config.fetchAllowPrivate }, 'LATCHKEY_FETCH_ALLOW_PRIVATE: outbound fetches may reach private addresses of these hosts');
    const outbound = new OutboundFetcher({ ...options.outbound, allowPrivateHosts: config.fetchAllowPrivate });
    const clientUsage = new ClientUsage((err, clientId) => log.warn({ err, client_id: clientId }, 'could not record a client use'));
    const clientIdMetadata = new ClientIdMetadataDocuments(outbound, (details, message) => log.warn(details, message));
    const mail = new MailService({ ...options.mail, storage, log, dataDir: config.dataDir });
    const metrics = new Metrics(storage);
    const events = new TenantEvents(metrics, (err, type) => log.warn({ err, type }, 'could not write a tenant log entry'));
    const services: Services = {
      config,
      storage,
      keys: new KeyService(storage),
      tenants: new TenantResolver(storage),
      clientUsage,
      log,
      outbound,
      clientIdMetadata,
      mail,
      metrics,
      events,
    };
    metrics.watchCache('tenants', () => services.tenants.counts);
    const app = await createHttpApp(services);
    const metricsListener =
      config.metrics.port === undefined || options.metricsListener === false
        ? null
        : await startMetricsListener(metrics, config.metrics.port, config.metrics.host);
    const sweeper = new Sweeper(storage, {
      logRetentionDays: config.logRetentionDays,
      onSwept: (report) => services.log.debug({ report }, 'expired rows deleted'),
      onError: (err) => services.log.error({ err }, 'periodic clean-up failed'),
      onKeysRotated: (tenant, kid) => services.log.info({ tenant: tenant.name, kid }, 'signing keys rotated on schedule (signing_keys_rotation_days)'),
      onStart: () => services.log.info('this process runs the periodic clean-up'),
      onUnusedClientsDeleted: (tenant, clients) => {
        for (const c of clients) {
          services.log.info(
            {
              tenant: tenant.name,
              client_id: c.client_id,
              client_name: c.name,
              last_used_at: c.lastUsedAt?.toISOString() ?? null,
              registered_at: c.createdAt.toISOString(),
            },
            'deleted a dynamically registered client unused for longer than unused_client_ttl_days',
          );
        }
      },
    });
    if (options.sweep !== false) sweeper.start();
    let closed = false;
    return {
      app,
      services,
      created,
      metricsAddress: metricsListener?.address ?? null,
      sweeper,
      async close() {
        if (closed) return;
        closed = true;
        await sweeper.stop();
        // Fastify's close waits for in-flight requests before the store goes away.
        await app.close();
        await metricsListener?.close();
        await clientUsage.settled();
        await events.settled();
        await mail.close();
        await storage.close();
      },
    };
  } catch (err) {
    await storage.close();
    throw err;
  }
}
