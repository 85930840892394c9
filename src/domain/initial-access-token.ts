// Initial access tokens (RFC 7591 §3): bearer tokens the tenant owner hands out so that a chosen
// party may register clients at POST /oidc/register. Only their SHA-256 is stored.

export interface InitialAccessToken {
  id: string;
  /** what the owner wrote down about it; '' when nothing */
  note: string;
  expiresAt: Date;
  /** registrations it allows in all */
  maxUses: number;
  /** registrations it has made */
  uses: number;
  createdAt: Date;
}

export type NewInitialAccessToken = Omit<InitialAccessToken, 'uses' | 'createdAt'> & { tokenHash: string };

/** Bounds of POST /api/v2/registration/initial-access-tokens; defaults make a token for one registration within a day. */
export const INITIAL_ACCESS_TOKEN_LIMITS = {
  defaultExpiresIn: 86_400,
  minExpiresIn: 60,
  maxExpiresIn: 31_536_000,
  defaultMaxUses: 1,
  maxMaxUses: 1_000_000,
  noteLength: 255,
} as const;

/** Whether the token may still register a client at `now`. */
export function isUsable(token: Pick<InitialAccessToken, 'expiresAt' | 'maxUses' | 'uses'>, now: Date): boolean {
  return token.expiresAt.getTime() > now.getTime() && token.uses < token.maxUses;
}
