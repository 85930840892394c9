// Verifying JWTs this tenant issued: RS256, a kid from the tenant's JWKS, our issuer.
import { compactVerify, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import type { KeyService } from './keys.ts';

function keyLookup(keys: KeyService, tenantId: string) {
  return async (header: { kid?: string }) => {
    const key = header.kid ? await keys.publicKey(tenantId, header.kid) : undefined;
    if (!key) throw new Error('unknown kid');
    return key;
  };
}

/** A current (unexpired) token of ours; throws otherwise. */
export async function verifyOwnJwt(keys: KeyService, tenantId: string, issuer: string, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, keyLookup(keys, tenantId), { issuer, algorithms: ['RS256'] });
  return payload;
}

/**
 * Signature and issuer only: an id_token_hint may have expired (OIDC RP-Initiated Logout §2).
 */
export async function verifyOwnJwtIgnoringExpiry(keys: KeyService, tenantId: string, issuer: string, token: string): Promise<JWTPayload> {
  await compactVerify(token, keyLookup(keys, tenantId), { algorithms: ['RS256'] });
  const payload = decodeJwt(token);
  if (payload.iss !== issuer) throw new Error('unexpected issuer');
  return payload;
}
