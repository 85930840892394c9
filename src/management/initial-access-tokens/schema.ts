// /api/v2/registration/initial-access-tokens bodies (RFC 7591 §3 initial access tokens).
import { Type, type Static } from 'typebox';
import { INITIAL_ACCESS_TOKEN_LIMITS as L } from '../../domain/initial-access-token.ts';

export const InitialAccessTokenCreate = Type.Object(
  {
    expires_in: Type.Optional(
      Type.Integer({
        minimum: L.minExpiresIn,
        maximum: L.maxExpiresIn,
        description: `Seconds the token stays valid (default ${L.defaultExpiresIn}: one day; at most one year)`,
      }),
    ),
    max_uses: Type.Optional(Type.Integer({ minimum: 1, maximum: L.maxMaxUses, description: `Registrations the token allows (default ${L.defaultMaxUses})` })),
    note: Type.Optional(Type.String({ maxLength: L.noteLength, description: 'What the token is for (shown to the tenant owner only)' })),
  },
  { additionalProperties: false },
);
export type InitialAccessTokenCreateBody = Static<typeof InitialAccessTokenCreate>;

const fields = {
  id: Type.String({ description: 'ID of the token (iat_...)' }),
  note: Type.String(),
  expires_at: Type.String({ format: 'date-time' }),
  max_uses: Type.Integer(),
  uses: Type.Integer({ description: 'Registrations made with it' }),
  created_at: Type.String({ format: 'date-time' }),
};

export const InitialAccessTokenResponse = Type.Object(fields);

export const CreatedInitialAccessTokenResponse = Type.Object({
  ...fields,
  token: Type.String({ description: 'The token, for Authorization: Bearer on POST /oidc/register. Shown only in this answer.' }),
});
