// What end-user and operator sessions share: a random cookie value (only its SHA-256 is stored,
// see crypto.ts) whose idle end moves forward on use, never past the absolute end.

/** 256 random bits, base64url: the only shape a session cookie may have. */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/** The session cookie's value when it has the shape of one, else undefined. */
export function sessionCookieValue(cookies: Record<string, string | undefined>, name: string): string | undefined {
  const value = cookies[name];
  return value && COOKIE_VALUE.test(value) ? value : undefined;
}

/** Idle moves are written at most once a minute: a busy session costs no write per request. */
const TOUCH_GRANULARITY_MS = 60_000;

/**
 * The session's next idle end after a use at `now` (capped by its absolute end), and whether the
 * store needs to hear about it.
 */
export function nextIdleEnd(session: { expiresAt: Date; idleExpiresAt: Date }, now: Date, idleMs: number): { idleExpiresAt: Date; touch: boolean } {
  const idleExpiresAt = new Date(Math.min(session.expiresAt.getTime(), now.getTime() + idleMs));
  return { idleExpiresAt, touch: idleExpiresAt.getTime() - session.idleExpiresAt.getTime() > TOUCH_GRANULARITY_MS };
}
