// Bearer tokens for /api/v2 (RFC 6750 §2.1): a JWT that this tenant signed with RS256 for its
// own Management API audience. Messages follow Auth0's (auth0-behaviour §2.4).
import { errors as joseErrors, jwtVerify, type JWTHeaderParameters } from 'jose';
import type { KeyService } from '../oauth/tokens/keys.ts';
import type { RequestContext } from '../tenancy/context.ts';
import { managementAudience } from '../tenancy/issuer.ts';
import { parseScope } from '../oauth/scope.ts';
import { isStoreUnavailable } from '../storage/sql/errors.ts';
import { insufficientScope, ManagementError, unauthorized } from './errors.ts';

export interface ManagementAuth {
  /** `<client_id>@clients` for machine tokens */
  subject: string;
  clientId: string | undefined;
  scopes: ReadonlySet<string>;
}

const EXPIRED = 'Expired token received for JSON Web Token validation';
const BAD_SIGNATURE = 'Invalid signature received for JSON Web Token validation';

function readBearer(authorization: string | undefined): string {
  if (!authorization) throw unauthorized('Missing authentication');
  const m = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization);
  if (!m) throw unauthorized('Bad HTTP authentication header format');
  return m[1]!;
}

function explain(err: unknown): ManagementError {
  if (err instanceof ManagementError) return err;
  if (err instanceof joseErrors.JWTExpired) return unauthorized(EXPIRED, { error: EXPIRED });
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return unauthorized(BAD_SIGNATURE);
  // Wrong alg (none, HS256, ...), wrong iss/aud, malformed: one answer that leaks nothing.
  return unauthorized('Invalid token');
}

/** Verifies the token against this tenant's keys, issuer and Management API audience only. */
export async function authenticateManagement(keys: KeyService, ctx: RequestContext, authorization: string | undefined): Promise<ManagementAuth> {
  const token = readBearer(authorization);
  const tenantId = ctx.tenant.id;
  try {
    const { payload } = await jwtVerify(
      token,
      async (header: JWTHeaderParameters) => {
        const key = header.kid ? await keys.publicKey(tenantId, header.kid) : undefined;
        // A kid we never issued (e.g. another tenant's key) cannot verify.
        if (!key) throw unauthorized('Invalid token');
        return key;
      },
      { algorithms: ['RS256'], issuer: ctx.issuer, audience: managementAudience(ctx.issuer), requiredClaims: ['exp', 'sub'] },
    );
    const scope = typeof payload.scope === 'string' ? payload.scope : undefined;
    return {
      subject: payload.sub!,
      clientId: typeof payload.azp === 'string' ? payload.azp : undefined,
      scopes: new Set(parseScope(scope)),
    };
  } catch (err) {
    // The keys could not be read: that is a 503, not a bad token.
    if (isStoreUnavailable(err)) throw err;
    throw explain(err);
  }
}

/** A route lists the scopes of which any one suffices (Auth0: "expected any of"). */
export function requireAnyScope(auth: ManagementAuth, scopes: readonly string[]): void {
  if (scopes.length && !scopes.some((s) => auth.scopes.has(s))) throw insufficientScope(scopes);
}
