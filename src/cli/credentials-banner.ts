import type { TenantCredentials } from '../services/provisioning.ts';
import { CREDENTIALS_FILE } from '../services/bootstrap.ts';

/** Printed once, on the start that created the default tenant; also kept in DATA_DIR (mode 0600). */
export function printCredentials(out: NodeJS.WritableStream, dataDir: string, c: TenantCredentials): void {
  out.write(
    [
      '',
      'Latchkey created the default tenant. These credentials are shown once; they are also in',
      `  ${dataDir}/${CREDENTIALS_FILE} (readable by this user only)`,
      `  issuer:                    ${c.issuer}`,
      `  management client_id:      ${c.management.client_id}`,
      `  management client_secret:  ${c.management.client_secret}`,
      `  management audience:       ${c.management.audience}`,
      `  dashboard admin:           ${c.admin.email} / ${c.admin.password}`,
      '',
    ].join('\n') + '\n',
  );
}
