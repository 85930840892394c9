// A private, throwaway PostgreSQL server that a test owns outright: it can restart it, crash
// it, freeze it or kill its backends without disturbing the shared DATABASE_URL server the
// rest of the suite uses.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './server.ts';

const execFileAsync = promisify(execFile);

export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  dataDir: string;
  logFile: string;
  /** A fresh database on this cluster; returns its URL. */
  createDatabase(): Promise<string>;
  /** pg_ctl restart -m MODE; resolves once the server accepts connections again. Thaws first. */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  /** SIGSTOP the postmaster and all its descendants, so connections and new connects hang. */
  freeze(): Promise<void>;
  /** SIGCONT the same processes. */
  thaw(): Promise<void>;
  /** pg_terminate_backend every client backend except the caller's (only those of `database`
   * when given); returns how many were terminated. */
  terminateBackends(database?: string): Promise<number>;
  /** Thaw, immediate stop, remove the data directory. Safe to call twice. */
  stop(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;

/** The newest /usr/lib/postgresql/VERSION/bin (Debian's layout), else the directory of pg_ctl on PATH. */
export function postgresBinaries(): string | null {
  const hasTools = (dir: string) => ['initdb', 'pg_ctl', 'pg_isready'].every((t) => fs.existsSync(path.join(dir, t)));
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = fs.readdirSync(root).filter((v) => hasTools(path.join(root, v, 'bin')));
  } catch {
    /* not Debian's layout */
  }
  // Numeric order, so that 10 sorts after 9.6.
  const key = (v: string) => v.split('.').map((n) => Number(n) || 0);
  versions.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  });
  if (versions[0]) return path.join(root, versions[0], 'bin');
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && hasTools(dir)) return dir;
  return null;
}

/** initdb and pg_ctl refuse to run as root: as root they run as the postgres OS user, like .ci/run does. */
function asServerUser(bin: string, tool: string, args: string[]): [string, string[]] {
  const file = path.join(bin, tool);
  return isRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

async function runServerTool(bin: string, tool: string, args: string[], timeoutMs = 90_000): Promise<void> {
  const [file, argv] = asServerUser(bin, tool, args);
  await execFileAsync(file, argv, { cwd: '/', timeout: timeoutMs });
}

function runServerToolSync(bin: string, tool: string, args: string[], timeoutMs = 30_000): void {
  const [file, argv] = asServerUser(bin, tool, args);
  execFileSync(file, argv, { cwd: '/', timeout: timeoutMs, stdio: 'ignore' });
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

function describeFailure(err: unknown): string {
  const e = err as { message?: string; stderr?: string | Buffer };
  return [e.message ?? String(err), e.stderr ? String(e.stderr).trim() : ''].filter(Boolean).join('\n');
}

function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** `root` and every process below it, from /proc: only this cluster's processes, never another server's. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // The command name is parenthesised and may itself contain spaces or parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

interface Live {
  dataDir: string;
  bin: string;
  watchdog: number | undefined;
  thawSync(): void;
}
const live = new Set<Live>();
let exitHookInstalled = false;

/** Best effort, synchronous: runs from process.on('exit'), where nothing async can happen. */
function destroySync(c: Live): void {
  live.delete(c);
  if (c.watchdog) signal(-c.watchdog, 'SIGKILL');
  c.thawSync();
  try {
    runServerToolSync(c.bin, 'pg_ctl', ['-D', c.dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop']);
  } catch {
    /* not running */
  }
  fs.rmSync(c.dataDir, { recursive: true, force: true });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of [...live]) destroySync(c);
  });
}

/**
 * A detached shell that outlives us: the exit hook does not run when the test process is
 * SIGKILLed or killed by a signal it does not handle (a runner's timeout), and a postmaster
 * left behind would run forever. It polls our pid and, once we are gone, thaws, stops and
 * removes the cluster. stop() kills it.
 */
function startWatchdog(bin: string, dataDir: string): number | undefined {
  const script = `
    while kill -0 "$1" 2>/dev/null; do sleep 1; done
    pm=$(head -n 1 "$2/postmaster.pid" 2>/dev/null)
    if [ -n "$pm" ]; then
      for p in $(pgrep -P "$pm" 2>/dev/null); do kill -CONT "$p" 2>/dev/null; done
      kill -CONT "$pm" 2>/dev/null
      if [ "$4" = 1 ]; then (cd / && runuser -u postgres -- "$3/pg_ctl" -D "$2" -m immediate -w -t 20 stop)
      else (cd / && "$3/pg_ctl" -D "$2" -m immediate -w -t 20 stop); fi
    fi
    rm -rf "$2"`;
  try {
    const child = spawn('sh', ['-c', script, 'latchkey-pg-watchdog', String(process.pid), dataDir, bin, isRoot ? '1' : '0'], {
      detached: true,
      stdio: 'ignore',
    });
    child.on('error', () => {}); // no sh: the exit hook still covers ordinary exits
    child.unref();
    return child.pid;
  } catch {
    return undefined;
  }
}

async function waitUntilReady(bin: string, port: number, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await execFileAsync(path.join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-t', '5']);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`PostgreSQL on port ${port} did not become ready\n--- server log ---\n${tail(logFile)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** initdb + start a new cluster on a free loopback port. Call stop() when done. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = postgresBinaries();
  if (!bin) throw new Error('PostgreSQL binaries not found (no /usr/lib/postgresql/*/bin, no pg_ctl on PATH)');

  let dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-pg-'));
  if (isRoot) {
    fs.chownSync(dataDir, ...postgresIds());
    // A private TMPDIR (e.g. under /root) is not reachable by the postgres user.
    if (!reachableByPostgres(dataDir)) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      dataDir = fs.mkdtempSync(path.join('/tmp', 'latchkey-pg-'));
      fs.chownSync(dataDir, ...postgresIds());
    }
  }
  fs.chmodSync(dataDir, 0o700);
  const logFile = path.join(dataDir, 'server.log');

  const entry: Live = { dataDir, bin, watchdog: undefined, thawSync: () => {} };
  live.add(entry);
  installExitHook();
  entry.watchdog = startWatchdog(bin, dataDir);

  // Unix sockets have a ~107-byte path limit, and pg_ctl passes -o through a shell.
  const socketDir = dataDir.length < 80 && /^[\w./-]+$/.test(dataDir) ? dataDir : '/tmp';
  const serverOptions = (port: number) =>
    `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=100`;

  try {
    // --no-sync: a throwaway cluster does not need initdb's fsyncs, which cost seconds.
    await runServerTool(bin, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  } catch (err) {
    destroySync(entry);
    throw new Error(`initdb failed: ${describeFailure(err)}`);
  }

  // freePort cannot reserve the port; another process may take it before the postmaster binds.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await runServerTool(bin, 'pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions(port), 'start']);
      await waitUntilReady(bin, port, logFile);
      break;
    } catch (err) {
      const log = tail(logFile);
      if (attempt < 3 && /could not bind|address already in use/i.test(log)) continue;
      destroySync(entry);
      throw new Error(`PostgreSQL did not start: ${describeFailure(err)}\n--- server log ---\n${log}`);
    }
  }

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let frozen = new Set<number>();
  let stopping: Promise<void> | undefined;

  const thawSync = () => {
    const pm = postmasterPid(dataDir);
    const pids = new Set([...frozen, ...(pm ? processTree(pm) : [])]);
    for (const pid of pids) signal(pid, 'SIGCONT');
    frozen = new Set();
  };
  entry.thawSync = thawSync;

  const withAdmin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => {});
    }
  };

  return {
    url,
    port,
    dataDir,
    logFile,

    async createDatabase() {
      const name = `lk_${randomBytes(6).toString('hex')}`;
      await withAdmin((c) => c.query(`create database ${name}`));
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },

    async restart(mode) {
      thawSync();
      try {
        await runServerTool(bin, 'pg_ctl', ['-D', dataDir, '-l', logFile, '-m', mode, '-w', '-t', '60', '-o', serverOptions(port), 'restart']);
        await waitUntilReady(bin, port, logFile);
      } catch (err) {
        throw new Error(`PostgreSQL restart -m ${mode} failed: ${describeFailure(err)}\n--- server log ---\n${tail(logFile)}`);
      }
    },

    async freeze() {
      const pm = postmasterPid(dataDir);
      if (!pm) throw new Error('freeze: the cluster is not running (no postmaster.pid)');
      // The postmaster first, so it forks no new backend while we walk its tree; walk again
      // until nothing new appears, in case one was forked just before it stopped.
      for (;;) {
        const fresh = processTree(pm).filter((pid) => !frozen.has(pid));
        if (fresh.length === 0) break;
        for (const pid of fresh) {
          signal(pid, 'SIGSTOP');
          frozen.add(pid);
        }
      }
    },

    async thaw() {
      thawSync();
    },

    async terminateBackends(database) {
      return withAdmin(async (c) => {
        const version = Number((await c.query<{ v: string }>('show server_version_num')).rows[0]?.v);
        // From PostgreSQL 14 it can wait until the backends have actually exited, so callers
        // never race a half-dead connection.
        const terminate = version >= 140000 ? 'pg_terminate_backend(pid, 5000)' : 'pg_terminate_backend(pid)';
        const { rows } = await c.query<{ n: number }>(
          `select count(*)::int as n from (
             select ${terminate} as ok from pg_stat_activity
             where pid <> pg_backend_pid() and backend_type = 'client backend'${database === undefined ? '' : ' and datname = $1'}
           ) t where ok`,
          database === undefined ? [] : [database],
        );
        return rows[0]?.n ?? 0;
      });
    },

    stop() {
      stopping ??= (async () => {
        live.delete(entry);
        if (entry.watchdog) signal(-entry.watchdog, 'SIGKILL');
        thawSync();
        try {
          await runServerTool(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']);
        } catch {
          /* already stopped */
        }
        fs.rmSync(dataDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

function postgresIds(): [number, number] {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return [id('-u'), id('-g')];
  } catch {
    throw new Error('no postgres OS user (install the postgresql package)');
  }
}

function reachableByPostgres(dir: string): boolean {
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-w', dir], { cwd: '/', stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
