// Child processes of the benchmark: servers pinned to core 0, load on core 1, peak RSS from /proc.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export const SERVER_CORE = '0';
export const LOAD_CORE = '1';

let tasksetChecked: boolean | undefined;

/** Whether `taskset` exists and this machine has a second core to put the load generator on. */
export function canPin(): boolean {
  if (tasksetChecked === undefined) {
    const probe = spawnSync('taskset', ['-c', LOAD_CORE, 'true'], { stdio: 'ignore' });
    tasksetChecked = probe.status === 0;
  }
  return tasksetChecked;
}

/** argv for a command pinned to `core`, or unpinned when taskset is missing. */
export function pinned(core: string, argv: string[]): string[] {
  return canPin() ? ['taskset', '-c', core, ...argv] : argv;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  /** last lines the server printed (for error messages) */
  output(): string;
  stop(): Promise<void>;
}

/** Starts a server process pinned to the server core and waits until `readyPath` answers. */
export async function startServer(opts: {
  name: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  readyPath: string;
  timeoutMs?: number;
  /** false: the server may run on every core (several workers) */
  pin?: boolean;
}): Promise<Server> {
  const [cmd, ...args] = opts.pin === false ? opts.argv : pinned(SERVER_CORE, opts.argv);
  const child = spawn(cmd!, args, { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`${opts.name} exited with ${child.exitCode} before it was ready:\n${tail}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${opts.name} did not answer ${opts.readyPath} in time:\n${tail}`);
    }
    try {
      const res = await fetch(url + opts.readyPath, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      ready = res.status < 500;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    name: opts.name,
    url,
    child,
    output: () => tail,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function statusField(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number | null {
  if (pid === undefined) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The node process of a server: with taskset, the child is `taskset` only until it execs,
 * so the pid is the same; reading /proc/<pid>/status gives node's memory.
 */
/** Fields of /proc/<pid>/stat after the parenthesized command name (field 3 onwards), or null. */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** The server's process and its children (the workers of a cluster's primary). */
function serverPids(s: Server): number[] {
  const root = s.child.pid;
  if (root === undefined) return [];
  const children = fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => statFields(name)?.[1] === String(root))
    .map(Number);
  return [root, ...children];
}

/** CPU time (user + system, all threads) the server's processes have used so far, in seconds. */
export function cpuSeconds(s: Server): number | null {
  let total = 0;
  for (const pid of serverPids(s)) {
    const fields = statFields(pid);
    // utime and stime are fields 14 and 15.
    if (!fields) return pid === s.child.pid ? null : total;
    total += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  }
  return total;
}

const CLOCK_TICKS = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout) > 0 ? Number(r.stdout) : 100;
})();

/** Summed over the server's processes (a cluster's primary and its workers). */
function summedStatus(s: Server, field: 'VmHWM' | 'VmRSS'): number | null {
  const values = serverPids(s).map((pid) => statusField(pid, field));
  return values[0] === null || values.length === 0 ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0);
}

export const peakRssMiB = (s: Server) => summedStatus(s, 'VmHWM');
export const rssMiB = (s: Server) => summedStatus(s, 'VmRSS');

/** Runs a command to completion and returns its stdout; throws with stderr on failure. */
export async function runToEnd(argv: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 600_000): Promise<string> {
  const [cmd, ...args] = argv;
  const child = spawn(cmd!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${argv.join(' ')} exited with ${code}: ${err.trim()}`);
  return out;
}
