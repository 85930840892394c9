// Errors every store may raise, in the terms callers act on.

/** A unique constraint refused the write (e.g. a tenant name or API identifier already taken). */
export class DuplicateError extends Error {
  constructor(readonly what: string) {
    super(`${what} already exists`);
    this.name = 'DuplicateError';
  }
}

/**
 * The store cannot answer now: unreachable, too slow or saturated. Not the caller's mistake and
 * not a bug: surfaces answer 503 in their own error family and the caller may retry.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StoreUnavailableError';
  }
}
