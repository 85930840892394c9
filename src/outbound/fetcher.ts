// The one guarded fetcher for URLs that tenant owners or strangers supply (a software statement
// issuer's jwks_uri; later Client ID Metadata Documents and private_key_jwt jwks_uri). Rules:
// https only; the host is resolved here, every address it resolves to must be public unicast
// (address-ranges.ts), and the socket connects to exactly the address checked (no second lookup,
// so DNS rebinding cannot swap it); no redirects; one deadline for connect and body; a size cap
// per call; a JSON content type; answers cached per tenant, honouring Cache-Control max-age
// clamped to [5 minutes, 24 hours]. Every refusal is an OutboundRefusal with a one-line reason.
import dns from 'node:dns';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { IncomingMessage } from 'node:http';
import { reservedRange } from './address-ranges.ts';
import { FetchCache, maxAgeMs } from './cache.ts';

export class OutboundRefusal extends Error {
  constructor(
    readonly url: string,
    /** one line, no URL: "redirects are not followed (302)" */
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
    this.name = 'OutboundRefusal';
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Host name -> addresses; the system resolver unless a test supplies another. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolve: Resolve = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export interface FetcherOptions {
  /** Host names that may resolve to private or loopback addresses (LATCHKEY_FETCH_ALLOW_PRIVATE; development only). */
  allowPrivateHosts?: readonly string[];
  /** Connect and whole-response deadline, ms (default 5000). */
  timeoutMs?: number;
  /** Extra trusted CA certificates (PEM), added to Node's roots. Tests only: operators use NODE_EXTRA_CA_CERTS. */
  ca?: string;
  resolve?: Resolve;
}

export interface FetchJsonOptions {
  /** The in-process cache is per tenant: one tenant's fetch never answers another's. */
  tenantId: string;
  /** Largest body accepted, bytes. */
  maxBytes: number;
  /** Media types accepted; application/json is always one. */
  contentTypes?: readonly string[];
  /** Fetch again even when cached (a JWKS without the key asked for), unless a refresh of this URL ran under 30 s ago. */
  refresh?: boolean;
  /** Fetch again whatever the cache holds, without the refresh cooldown: an authenticated operator's explicit action only. */
  fresh?: boolean;
}

export interface Fetched {
  json: unknown;
  fetchedAt: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
/** A forced refresh within this long of the last one is served from the cache (as jose's cooldown). */
const REFRESH_COOLDOWN_MS = 30_000;

function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** `[::1]` -> `::1`: URL keeps IPv6 literals bracketed. */
const bare = (hostname: string) => (hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname);

export class OutboundFetcher {
  private readonly allowPrivate: ReadonlySet<string>;
  private readonly timeoutMs: number;
  private readonly ca: string[] | undefined;
  private readonly resolve: Resolve;
  private readonly cache = new FetchCache<Fetched>();
  /** When each key was last refreshed on request: a stranger's unknown kid cannot make us fetch on every call. */
  private readonly refreshedAt = new Map<string, number>();

  constructor(options: FetcherOptions = {}) {
    this.allowPrivate = new Set((options.allowPrivateHosts ?? []).map((h) => bare(h.trim().toLowerCase())).filter(Boolean));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.ca = options.ca === undefined ? undefined : [...tls.rootCertificates, options.ca];
    this.resolve = options.resolve ?? systemResolve;
  }

  /** GET `url` as JSON, from the cache while its answer is fresh. Throws OutboundRefusal. */
  async fetchJson(url: string, options: FetchJsonOptions): Promise<Fetched> {
    const key = `${options.tenantId}\n${url}`;
    const cached = this.cache.get(key);
    if (cached && !options.fresh && !(options.refresh && this.mayRefresh(key))) return cached;
    return this.cache.once(key, async () => {
      const { json, cacheControl } = await this.get(url, options);
      return { value: { json, fetchedAt: Date.now() }, ttlMs: maxAgeMs(cacheControl) };
    });
  }

  private mayRefresh(key: string): boolean {
    const now = Date.now();
    if (now - (this.refreshedAt.get(key) ?? 0) < REFRESH_COOLDOWN_MS) return false;
    if (this.refreshedAt.size >= 10_000) this.refreshedAt.clear();
    this.refreshedAt.set(key, now);
    return true;
  }

  /** The address to connect to, after checking every address the host resolves to. */
  private async checkedAddress(url: URL, deadline: AbortSignal): Promise<ResolvedAddress> {
    const host = bare(url.hostname);
    const allowed = this.allowPrivate.has(host.toLowerCase());
    let addresses: ResolvedAddress[];
    if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
    else {
      try {
        addresses = await beforeDeadline(this.resolve(host), deadline);
      } catch (err) {
        if (deadline.aborted) throw new OutboundRefusal(url.href, 'no complete answer within the time limit');
        throw new OutboundRefusal(url.href, `the host does not resolve (${(err as { code?: string }).code ?? 'DNS error'})`);
      }
    }
    if (addresses.length === 0) throw new OutboundRefusal(url.href, 'the host does not resolve');
    if (!allowed) {
      for (const { address } of addresses) {
        const reserved = reservedRange(address);
        if (reserved) throw new OutboundRefusal(url.href, `the host resolves to ${address}, a ${reserved} address`);
      }
    }
    return addresses[0]!;
  }

  private async get(raw: string, options: FetchJsonOptions): Promise<{ json: unknown; cacheControl: string | undefined }> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new OutboundRefusal(raw, 'not a URL');
    }
    if (url.protocol !== 'https:') throw new OutboundRefusal(raw, 'only https URLs are fetched');
    if (url.username || url.password) throw new OutboundRefusal(raw, 'URLs with credentials are not fetched');
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const accepted = ['application/json', ...(options.contentTypes ?? [])];
    const target = await this.checkedAddress(url, deadline);
    const response = await this.request(url, target, accepted, deadline);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      response.destroy();
      throw new OutboundRefusal(raw, `redirects are not followed (${status})`);
    }
    if (status !== 200) {
      response.destroy();
      throw new OutboundRefusal(raw, `answered ${status}, not 200`);
    }
    const type = mediaTypeOf(response.headers['content-type']);
    if (!accepted.includes(type)) {
      response.destroy();
      throw new OutboundRefusal(raw, `content type ${type || '(none)'} is not ${accepted.join(' or ')}`);
    }
    const body = await readCapped(response, options.maxBytes, raw, deadline);
    try {
      return { json: JSON.parse(body.toString('utf8')), cacheControl: response.headers['cache-control'] };
    } catch {
      throw new OutboundRefusal(raw, 'the body is not valid JSON');
    }
  }

  /** The request goes to `target` only: the lookup hands the socket the address already checked. */
  private request(url: URL, target: ResolvedAddress, accepted: string[], deadline: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const lookup: net.LookupFunction = (_hostname, opts, callback) => {
        if ((opts as dns.LookupAllOptions).all) (callback as (e: null, a: dns.LookupAddress[]) => void)(null, [target]);
        else callback(null, target.address, target.family);
      };
      const req = https.request(url, {
        method: 'GET',
        headers: { accept: accepted.join(', '), 'user-agent': 'Latchkey' },
        lookup,
        agent: false,
        signal: deadline,
        // SNI and certificate checks use the URL's host name, not the address.
        servername: net.isIP(bare(url.hostname)) ? undefined : url.hostname,
        ...(this.ca && { ca: this.ca }),
      });
      req.once('response', resolve);
      req.once('error', (err) => reject(failure(url.href, err, deadline)));
      req.end();
    });
  }
}

/** `promise`, or a rejection when `deadline` passes first. */
function beforeDeadline<T>(promise: Promise<T>, deadline: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(deadline.reason);
    if (deadline.aborted) return onAbort();
    deadline.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => deadline.removeEventListener('abort', onAbort));
  });
}

function failure(url: string, err: Error, deadline: AbortSignal): OutboundRefusal {
  if (err instanceof OutboundRefusal) return err;
  if (deadline.aborted) return new OutboundRefusal(url, 'no complete answer within the time limit');
  const code = (err as { code?: string }).code;
  return new OutboundRefusal(url, `the request failed (${code ?? err.message})`);
}

function readCapped(response: IncomingMessage, maxBytes: number, url: string, deadline: AbortSignal): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    return Promise.reject(new OutboundRefusal(url, `the body is ${declared} bytes, over the ${maxBytes}-byte limit`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy(new OutboundRefusal(url, `the body is over the ${maxBytes}-byte limit`));
        return;
      }
      chunks.push(chunk);
    });
    response.once('end', () => resolve(Buffer.concat(chunks)));
    response.once('error', (err) => reject(failure(url, err, deadline)));
    response.once('close', () => {
      if (!response.complete) reject(failure(url, response.errored ?? new Error('connection closed early'), deadline));
    });
  });
}
