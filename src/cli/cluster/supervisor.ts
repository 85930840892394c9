// The primary's watch over its workers: one worker per slot; a worker that dies is replaced
// after a delay that doubles with each crash in a row of its slot, and when one slot crashes too
// often in a row (a worker that cannot start, or one that dies soon after every start), the
// primary stops the others and gives up with one line saying so. Stopping drains every worker:
// each gets SIGTERM and finishes its requests in flight as a single process does.
import cluster, { type Worker } from 'node:cluster';
import type { FastifyBaseLogger } from 'fastify';
import { SWEEP } from './messages.ts';

export interface SupervisorOptions {
  workers: number;
  log: FastifyBaseLogger;
  /** wait before the first restart of a slot; doubled for each further crash in a row (default 250) */
  restartDelayMs?: number;
  /** crashes in a row of one slot after which the primary gives up (default 5) */
  maxCrashes?: number;
  /** a worker that has listened this long starts its slot's crash count again (default 30 s) */
  healthyAfterMs?: number;
}

interface Slot {
  /** 1-based, as logged */
  number: number;
  worker: Worker | undefined;
  crashes: number;
  restart: NodeJS.Timeout | undefined;
  healthy: NodeJS.Timeout | undefined;
}

export class Supervisor {
  readonly #o: Required<SupervisorOptions>;
  readonly #slots: Slot[];
  #stopping = false;
  #exitCode = 0;
  #finished: (code: number) => void = () => {};

  constructor(options: SupervisorOptions) {
    this.#o = { restartDelayMs: 250, maxCrashes: 5, healthyAfterMs: 30_000, ...options };
    this.#slots = Array.from({ length: options.workers }, (_, i) => ({
      number: i + 1,
      worker: undefined,
      crashes: 0,
      restart: undefined,
      healthy: undefined,
    }));
  }

  /** Starts every worker; resolves with the exit code once all have exited after stop(). */
  run(): Promise<number> {
    const finished = new Promise<number>((resolve) => (this.#finished = resolve));
    for (const slot of this.#slots) this.#fork(slot);
    return finished;
  }

  /** Drains every worker (SIGTERM); run() then resolves with `exitCode`. */
  stop(reason: string, exitCode = 0): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#exitCode = exitCode;
    this.#o.log.info({ reason, workers: this.#live().length }, 'shutting down: draining the workers');
    for (const slot of this.#slots) {
      clearTimeout(slot.restart);
      clearTimeout(slot.healthy);
      slot.restart = undefined;
    }
    for (const worker of this.#live()) worker.process.kill('SIGTERM');
    this.#finishIfIdle();
  }

  #live(): Worker[] {
    return this.#slots.flatMap((s) => (s.worker ? [s.worker] : []));
  }

  #fork(slot: Slot): void {
    slot.restart = undefined;
    const worker = cluster.fork();
    slot.worker = worker;
    const pid = worker.process.pid;
    this.#o.log.info({ worker: slot.number, worker_pid: pid }, 'worker started');
    worker.once('listening', () => {
      // The first slot runs the clean-up; its replacement takes it over.
      if (slot.number === 1) worker.send(SWEEP);
      slot.healthy = setTimeout(() => (slot.crashes = 0), this.#o.healthyAfterMs);
      slot.healthy.unref();
    });
    worker.once('exit', (code, signal) => this.#exited(slot, worker, pid, code, signal));
  }

  #exited(slot: Slot, worker: Worker, pid: number | undefined, code: number | null, signal: string | null): void {
    if (slot.worker === worker) slot.worker = undefined;
    clearTimeout(slot.healthy);
    if (this.#stopping) {
      this.#o.log.info({ worker: slot.number, worker_pid: pid, code, signal }, 'worker stopped');
      this.#finishIfIdle();
      return;
    }
    // A worker that exits 0 was asked to stop on its own (SIGTERM to that worker): replace it at once.
    const crashed = code !== 0 || signal !== null;
    if (!crashed) {
      this.#o.log.warn({ worker: slot.number, worker_pid: pid }, 'worker stopped on its own; starting a replacement');
      this.#fork(slot);
      return;
    }
    slot.crashes++;
    if (slot.crashes >= this.#o.maxCrashes) {
      this.#o.log.fatal(
        { worker: slot.number, worker_pid: pid, code, signal, crashes: slot.crashes },
        `workers crash in a loop: worker ${slot.number} exited ${slot.crashes} times in a row; giving up`,
      );
      this.stop('workers crash in a loop', 1);
      return;
    }
    const delayMs = this.#o.restartDelayMs * 2 ** (slot.crashes - 1);
    this.#o.log.error({ worker: slot.number, worker_pid: pid, code, signal, restart_in_ms: delayMs }, 'worker exited unexpectedly; restarting it');
    slot.restart = setTimeout(() => this.#fork(slot), delayMs);
  }

  #finishIfIdle(): void {
    if (this.#stopping && this.#live().length === 0) this.#finished(this.#exitCode);
  }
}
