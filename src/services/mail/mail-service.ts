// The mail service: callers hand it a message and go on; a bounded in-process queue delivers it
// off the request's path, retrying with exponential backoff while the SMTP server is slow or
// down. A message that cannot be delivered becomes a tenant log entry ("fn", as Auth0 logs a
// failed notification), never an error for the request that asked for it.
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Tenant } from '../../domain/tenant.ts';
import type { Storage } from '../../storage/ports.ts';
import { isHeaderSafe, type MailMessage } from './message.ts';
import { sendSmtp, writeOutbox, type Delivery } from './transports.ts';

export interface MailServiceOptions {
  storage: Storage;
  log: FastifyBaseLogger;
  dataDir: string;
  /** messages waiting at most (default 1000); beyond it new ones are refused and logged */
  capacity?: number;
  /** deliveries in flight at once (default 2) */
  concurrency?: number;
  /** attempts per message (default 6: about a minute of retries) */
  attempts?: number;
  /** wait before attempt n+1 (default 2^n seconds, at most a minute) */
  backoffMs?: (attempt: number) => number;
}

interface Job {
  tenant: Tenant;
  message: MailMessage;
  attempt: number;
}

const defaultBackoff = (attempt: number) => Math.min(60_000, 1000 * 2 ** (attempt - 1));

export class MailService {
  readonly outboxDir: string;
  readonly #o: Required<Omit<MailServiceOptions, 'dataDir'>>;
  readonly #queue: Job[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #idle: (() => void)[] = [];
  #running = 0;
  #closed = false;

  constructor(options: MailServiceOptions) {
    this.outboxDir = path.join(options.dataDir, 'outbox');
    this.#o = { capacity: 1000, concurrency: 2, attempts: 6, backoffMs: defaultBackoff, ...options };
  }

  /**
   * Queues `message` for delivery and returns at once: true when queued, false when the queue is
   * full or the service is closing (logged). Throws on a header that would break the MIME message.
   */
  send(tenant: Tenant, message: MailMessage): boolean {
    for (const v of [message.to, message.subject, message.from ?? '']) {
      if (!isHeaderSafe(v)) throw new Error('mail header contains a control character');
    }
    if (this.#closed || this.#queue.length >= this.#o.capacity) {
      this.#o.log.warn({ tenant: tenant.name, queued: this.#queue.length }, 'mail queue full: message dropped');
      void this.#logFailure(tenant, message, 'the mail queue is full');
      return false;
    }
    this.#queue.push({ tenant, message, attempt: 1 });
    this.#pump();
    return true;
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  settled(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops retrying, drops what waits, and waits for deliveries in flight. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    if (this.#queue.length) this.#o.log.warn({ dropped: this.#queue.length }, 'shutting down: queued mail not delivered');
    this.#queue.length = 0;
    await this.settled();
  }

  #isIdle(): boolean {
    return this.#queue.length === 0 && this.#running === 0 && this.#timers.size === 0;
  }

  #pump(): void {
    while (this.#running < this.#o.concurrency && this.#queue.length) {
      const job = this.#queue.shift()!;
      this.#running++;
      void this.#attempt(job).finally(() => {
        this.#running--;
        this.#pump();
        if (this.#isIdle()) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }

  async #attempt(job: Job): Promise<void> {
    try {
      const delivery = await this.#deliver(job);
      if (delivery.via === 'outbox') {
        this.#o.log.info({ tenant: job.tenant.name, file: delivery.file }, 'no email provider enabled: mail written to the outbox');
      } else {
        this.#o.log.info({ tenant: job.tenant.name, message_id: delivery.messageId, attempt: job.attempt }, 'mail sent');
      }
    } catch (err) {
      const reason = (err as Error).message;
      if (job.attempt < this.#o.attempts && !this.#closed) {
        const wait = this.#o.backoffMs(job.attempt);
        this.#o.log.warn({ tenant: job.tenant.name, attempt: job.attempt, retry_in_ms: wait, reason }, 'mail not sent; will retry');
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          if (this.#closed) return;
          this.#queue.push({ ...job, attempt: job.attempt + 1 });
          this.#pump();
        }, wait);
        timer.unref();
        this.#timers.add(timer);
      } else {
        this.#o.log.error({ tenant: job.tenant.name, attempts: job.attempt, reason }, 'mail not sent; giving up');
        await this.#logFailure(job.tenant, job.message, `${reason} (after ${job.attempt} attempts)`);
      }
    }
  }

  async #deliver(job: Job): Promise<Delivery> {
    const provider = await this.#o.storage.forTenant(job.tenant.id).emailProvider.get();
    if (provider?.enabled) return sendSmtp(provider, job.message);
    const host = job.tenant.domain.split(':')[0] ?? 'localhost';
    return writeOutbox(this.outboxDir, provider?.defaultFromAddress ?? `no-reply@${host}`, job.message);
  }

  async #logFailure(tenant: Tenant, message: MailMessage, reason: string): Promise<void> {
    try {
      await this.#o.storage.forTenant(tenant.id).logs.append({
        type: 'fn',
        description: `Failed to send an email: ${reason}`,
        ip: null,
        userAgent: null,
        clientId: null,
        details: { to: message.to, subject: message.subject },
      });
    } catch (err) {
      this.#o.log.error({ err, tenant: tenant.name }, 'could not record a mail failure in the tenant log');
    }
  }
}
