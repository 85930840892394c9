// Composition root: config -> storage -> services -> http app. Nothing else.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/config.ts';
import { ensureDataDir } from './config/data-dir.ts';
import { loadMasterKey, SecretBox } from './storage/secret-box.ts';
import { migrateToLatest, openDatabase } from './storage/sql/database.ts';
import { SqlStorage } from './storage/sql/sql-storage.ts';
import type { Storage } from './storage/ports.ts';
import { KeyService, addMissingCertificates } from './oauth/tokens/keys.ts';
import { TenantResolver } from './services/tenant-resolver.ts';
import { ensureDefaultTenant, writeCredentialsFile } from './services/bootstrap.ts';
import type { TenantCredentials } from './services/provisioning.ts';
import type { Services } from './services/container.ts';
import { createHttpApp } from './http/app.ts';
import { Sweeper } from './services/sweeper.ts';
import { createLogger } from './http/logging.ts';
import type { DestinationStream } from 'pino';

/** Opens (and migrates) the configured store. Used by the server and by the CLI. */
export async function openStorage(config: Config): Promise<Storage> {
  ensureDataDir(config.dataDir);
  const box = new SecretBox(loadMasterKey(config.masterKey, config.dataDir));
  const open = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(open.db, open.dialect);
  } catch (err) {
    await open.destroy();
    throw err;
  }
  return SqlStorage.fromOpen(open, box);
}

export interface Latchkey {
  app: FastifyInstance;
  services: Services;
  /** Credentials of the default tenant when this start created it, else null. */
  created: TenantCredentials | null;
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Where log lines go (default: stdout). */
  logDestination?: DestinationStream;
}

/** Builds a ready-to-listen Latchkey: store migrated, default tenant ensured, routes registered. */
export async function buildLatchkey(config: Config, options: BuildOptions = {}): Promise<Latchkey> {
  const storage = await openStorage(config);
  try {
    const created = await ensureDefaultTenant(storage, config.publicUrl);
    if (created) writeCredentialsFile(config.dataDir, created);
    await addMissingCertificates(storage);
    const services: Services = { config, storage, keys: new KeyService(storage), tenants: new TenantResolver(storage), log: createLogger(config.logLevel, options.logDestination) };
    const app = await createHttpApp(services);
    const sweeper = new Sweeper(storage, {
      logRetentionDays: config.logRetentionDays,
      onSwept: (report) => services.log.debug({ report }, 'expired rows deleted'),
      onError: (err) => services.log.error({ err }, 'periodic clean-up failed'),
    });
    sweeper.start();
    let closed = false;
    return {
      app,
      services,
      created,
      async close() {
        if (closed) return;
        closed = true;
        await sweeper.stop();
        // Fastify's close waits for in-flight requests before the store goes away.
        await app.close();
        await storage.close();
      },
    };
  } catch (err) {
    await storage.close();
    throw err;
  }
}
