import type { Config } from '../config/config.ts';
import { buildLatchkey } from '../main.ts';
import { CREDENTIALS_FILE } from '../services/bootstrap.ts';

export async function serve(config: Config, out: NodeJS.WritableStream): Promise<number> {
  const latchkey = await buildLatchkey(config);
  if (latchkey.created) {
    const c = latchkey.created;
    // Printed once, on the start that created them; also kept in DATA_DIR (mode 0600).
    out.write(
      [
        '',
        'Latchkey created the default tenant. These credentials are shown once; they are also in',
        `  ${config.dataDir}/${CREDENTIALS_FILE} (readable by this user only)`,
        `  issuer:                    ${c.issuer}`,
        `  management client_id:      ${c.management.client_id}`,
        `  management client_secret:  ${c.management.client_secret}`,
        `  management audience:       ${c.management.audience}`,
        `  dashboard admin:           ${c.admin.email} / ${c.admin.password}`,
        '',
      ].join('\n') + '\n',
    );
  }
  try {
    await latchkey.app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await latchkey.close();
    throw new Error(`cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
  }
  await new Promise<void>((resolve) => {
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
  return 0;
}
