// What an authorization code and a refresh token stand for.

/** What an authorization code stands for (RFC 6749 §4.1.2); stored under the code's SHA-256. */
export interface AuthorizationCodeRecord {
  clientId: string;
  userId: string;
  redirectUri: string;
  /** RFC 6749 §4.1.3: redirect_uri must be repeated at the token endpoint when it was sent */
  redirectUriSent: boolean;
  scopes: string[];
  /** API identifier, or null for a /userinfo-only grant */
  audience: string | null;
  nonce?: string;
  /** RFC 7636, S256 only */
  codeChallenge?: string;
  sid: string;
  /** seconds since the epoch */
  authTime: number;
  /** refresh-token family this code may start; revoked when the code is replayed */
  familyId: string;
  expiresAt: Date;
  consumedAt?: Date;
}

export interface RefreshTokenRecord {
  familyId: string;
  clientId: string;
  userId: string;
  audience: string | null;
  scopes: string[];
  sid?: string;
  authTime: number;
  createdAt: Date;
  expiresAt: Date;
  /** set once the token was exchanged for its successor */
  rotatedAt?: Date;
  revokedAt?: Date;
}

/** A user's consent to a client at one audience (Auth0's "user grant"). */
export interface Consent {
  /** 24 hex chars, Auth0's grant id format */
  id: string;
  userId: string;
  clientId: string;
  /** API identifier, or the issuer's /userinfo for a sign-in without an API */
  audience: string;
  scopes: string[];
  createdAt: Date;
  updatedAt: Date;
  /** the last authorization that relied on it (recorded at most once an hour) */
  lastUsedAt?: Date;
}

/** The audience a consent to sign-in alone (no API) is kept under, as Auth0 lists it. */
export const userinfoAudience = (issuer: string): string => `${issuer}userinfo`;

/** The audience of the refresh tokens a consent covers: none for a sign-in without an API. */
export const tokenAudienceOf = (consent: Pick<Consent, 'audience'>, issuer: string): string | null =>
  consent.audience === userinfoAudience(issuer) ? null : consent.audience;
