// The process's logger, and the per-request loggers Fastify hands to handlers.
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'fastify/types/logger.js';
import { pino, type DestinationStream, type LoggerOptions } from 'pino';
import { redactText, redactValue } from './log-redaction.ts';

/** Levels at which Fastify writes a line per request (received, completed). */
const REQUEST_LOG_LEVELS = new Set(['info', 'debug', 'trace']);

export const logsRequests = (level: string): boolean => REQUEST_LOG_LEVELS.has(level);

/** Fastify's request serializer, with the URL's sensitive parameters redacted. */
function requestLine(req: FastifyRequest) {
  return {
    method: req.method,
    url: redactText(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** pino's error serializer, with sensitive parameters in the message and stack redacted. */
function errorLine(err: Error) {
  const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, redactValue(v)]));
}

/**
 * JSON lines, on stdout unless told otherwise. Per request only method, URL (sensitive parameters
 * redacted: log-redaction.ts), host and address are logged; everything else logged goes through
 * the same redaction (objects by member name, strings by parameter name). The redaction paths
 * guard against a future serializer adding headers.
 */
export function createLogger(level: string, destination?: DestinationStream): FastifyBaseLogger {
  const options: LoggerOptions = {
    level,
    serializers: { req: requestLine, err: errorLine },
    hooks: {
      logMethod(args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => redactValue(a)),
        );
      },
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        ...['client_secret', 'password', 'access_token', 'refresh_token', 'id_token', 'code_verifier'].flatMap((key) => [key, `*.${key}`]),
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

// Fastify gives every request a child logger bound to its request id. Building a pino child
// (bindings serialized, redaction paths applied) costs more than serving a discovery document,
// and most requests never log at the configured level. This child is built on first use.

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** pino loggers answer isLevelEnabled; any other logger is asked to log and decides itself. */
const enabled = (logger: FastifyBaseLogger, level: string): boolean =>
  (logger as FastifyBaseLogger & { isLevelEnabled?(l: string): boolean }).isLevelEnabled?.(level) ?? true;

class LazyChildLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
  ) {}

  get level(): string {
    return this.parent.level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  private real(): FastifyBaseLogger {
    return (this.#child ??= this.parent.child(this.bindings));
  }

  private write(level: Level, args: unknown[]): void {
    if (!enabled(this.#child ?? this.parent, level)) return;
    (this.real()[level] as (...a: unknown[]) => void)(...args);
  }

  isLevelEnabled(level: string): boolean {
    return enabled(this.#child ?? this.parent, level);
  }

  fatal(...args: unknown[]) {
    this.write('fatal', args);
  }
  error(...args: unknown[]) {
    this.write('error', args);
  }
  warn(...args: unknown[]) {
    this.write('warn', args);
  }
  info(...args: unknown[]) {
    this.write('info', args);
  }
  debug(...args: unknown[]) {
    this.write('debug', args);
  }
  trace(...args: unknown[]) {
    this.write('trace', args);
  }
  silent() {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real().child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: a lazy child, unless the route sets options of its own. */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  if (Object.keys(options).length > 0) return logger.child(bindings, options);
  return new LazyChildLogger(logger, bindings) as unknown as FastifyBaseLogger;
}

/**
 * The `childLoggerFactory` for a Fastify given no logger of its own: per-request children of
 * `root`. At warn and quieter levels Fastify writes no request lines; without a logger it also skips the
 * response listeners and timers it keeps for them, on every request.
 */
export function childrenOf(root: FastifyBaseLogger) {
  return (_none: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger => lazyChildLogger(root, bindings, options);
}
