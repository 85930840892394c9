// Signed-in browsers: end users (login sessions) and operators (dashboard sessions).

/** A signed-in dashboard browser; like LoginSession, stored under the SHA-256 of its cookie. */
export interface OperatorSession {
  operatorId: string;
  createdAt: Date;
  /** absolute end */
  expiresAt: Date;
  /** idle end, pushed forward on use */
  idleExpiresAt: Date;
}

/** A signed-in browser (store-backed; the cookie value is stored only as its SHA-256). */
export interface LoginSession {
  /** public session id, the ID token's `sid` */
  sid: string;
  userId: string;
  /** when the user last entered their password */
  authTime: Date;
  createdAt: Date;
  /** absolute end (tenant session_lifetime) */
  expiresAt: Date;
  /** idle end (tenant idle_session_lifetime), pushed forward on use */
  idleExpiresAt: Date;
}
