// `latchkey` command line: thin, parses arguments and calls the services.
import { UsageError } from './usage-error.ts';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.ts';
import { configHelp } from '../config/docs.ts';
import { DuplicateError } from '../storage/ports.ts';
import { serve } from './serve.ts';
import { tenantCommand, TENANT_HELP } from './tenant.ts';
import { backupCommand } from './backup.ts';
import { transferCommand } from './transfer.ts';
import { keysCommand, KEYS_HELP } from './keys.ts';

export const MAIN_HELP = `Usage: latchkey <command> [options]

Commands:
  serve                      Run the server (configuration from the environment)
  tenant create              Create a tenant (see: latchkey tenant --help)
  tenant list                List tenants
  tenant settings            Show or change a tenant's settings
  tenant prune-clients       Delete unused dynamically registered clients now
  keys list|rotate|revoke    A tenant's signing keys (see: latchkey keys --help)
  backup --out FILE          Copy the SQLite store while it serves (see: latchkey backup --help)
  restore --from FILE        Put a backup in place as the SQLite store (server stopped)
  export --out FILE          Write every durable row to a JSON-lines file (SQLite or PostgreSQL)
  import --from FILE         Load an export into an empty store (see: latchkey export --help)

Environment (a wrong value stops the start with one line naming the variable):
${configHelp()}
`;

export const SERVE_HELP = `Usage: latchkey serve

Runs Latchkey. On first start on an empty store it creates the default tenant and writes
DATA_DIR/initial-credentials.json (mode 0600). Configuration comes from the environment;
see 'latchkey --help'. SIGTERM/SIGINT finish in-flight requests, then close the store.
With WORKERS above 1 (or auto) this process prepares the store, then runs that many server
processes on one port, replaces one that crashes, and drains them all on SIGTERM/SIGINT.
`;

export async function runCli(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      out.write(MAIN_HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === 'serve') {
      const { values } = parseArgs({ args: rest, options: { help: { type: 'boolean', short: 'h' } }, strict: true });
      if (values.help) {
        out.write(SERVE_HELP);
        return 0;
      }
      return await serve(loadConfig(), out);
    }
    if (command === 'tenant') return await tenantCommand(rest, out);
    if (command === 'keys') return await keysCommand(rest, out);
    if (command === 'backup' || command === 'restore') return await backupCommand(command, rest, out);
    if (command === 'export' || command === 'import') return await transferCommand(command, rest, out, err);
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`latchkey: configuration error: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err.write(
        `latchkey: ${(e as Error).message} (see 'latchkey --help'${command === 'tenant' ? ` or '${TENANT_HELP.split('\n')[0]}'` : command === 'keys' ? ` or '${KEYS_HELP.split('\n')[0]}'` : ''})\n`,
      );
      return 2;
    }
    if (e instanceof DuplicateError) {
      err.write(`latchkey: ${e.message}\n`);
      return 1;
    }
    err.write(`latchkey: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}
