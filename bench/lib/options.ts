// Command-line options of `npm run bench` (pure, so the test can check them).
import type { Settings } from './scenario.ts';

export type ServerOption = 'latchkey' | 'oidc-provider' | 'fastify-hello' | 'latchkey-workers';

export interface Options {
  quick: boolean;
  scale: boolean;
  profile: boolean;
  servers: Set<ServerOption>;
  /** scenario names to run; empty = all */
  scenarios: Set<string>;
  settings: Settings;
  /** clients registered by the scale scenario */
  scaleClients: number;
}

export const USAGE = `npm run bench [-- options]
  --quick            ~2 minute smoke run (short runs, no scale scenario unless --scale)
  --scale            run the scale scenario (default in a full run)
  --no-scale         skip it
  --scale-clients=N  clients registered by the scale scenario (default 100000; 2000 with --quick)
  --profile          write a CPU profile of Latchkey under bench/results/ and print its hot spots
  --only=a,b         servers: latchkey, oidc-provider, fastify-hello, latchkey-workers (Latchkey
                     with WORKERS=2 against one worker: client_credentials and register)
  --scenarios=a,b    only these scenarios (hello, discovery, jwks, register, client_credentials,
                     authorization_code, authorization_code_rbac, mgmt_get_client)
  --connections=N    concurrent connections (default 32)`;

export function parseOptions(argv: readonly string[]): Options {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    flags.set(m[1]!, m[2] ?? 'true');
  }
  const known = new Set(['quick', 'scale', 'no-scale', 'scale-clients', 'profile', 'only', 'scenarios', 'connections', 'help']);
  for (const k of flags.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}\n${USAGE}`);
  const quick = flags.has('quick');
  const int = (name: string, fallback: number) => {
    const raw = flags.get(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`--${name} must be a positive integer`);
    return Number(raw);
  };
  const all = ['latchkey', 'oidc-provider', 'fastify-hello', 'latchkey-workers'] as const;
  const only = flags
    .get('only')
    ?.split(',')
    .map((s) => s.trim()) ?? [...all];
  for (const s of only) if (!(all as readonly string[]).includes(s)) throw new Error(`--only: unknown server "${s}"`);
  return {
    quick,
    scale: flags.has('no-scale') ? false : flags.has('scale') || !quick,
    profile: flags.has('profile'),
    servers: new Set(only as ServerOption[]),
    scenarios: new Set(
      flags
        .get('scenarios')
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean) ?? [],
    ),
    scaleClients: int('scale-clients', quick ? 2000 : 100_000),
    settings: quick
      ? { connections: int('connections', 32), warmupSeconds: 1, runSeconds: 1, runs: 3, codesPerRun: 600 }
      : { connections: int('connections', 32), warmupSeconds: 5, runSeconds: 10, runs: 3, codesPerRun: 5000 },
  };
}
