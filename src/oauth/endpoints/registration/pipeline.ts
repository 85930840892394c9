// POST /oidc/register (RFC 7591 §3, OIDC Dynamic Client Registration 1.0 §3) as an ordered
// list of steps. The list is the spec: each step does one thing or throws the error to answer.
import { OAuthError } from '../../errors.ts';
import { pipeline } from '../../pipeline.ts';
import { auditRefusal, isAudited } from './audit.ts';
import { buildClient, respond, storeClient } from './steps/client.ts';
import { checkRegistrationEnabled, enforceRateLimits } from './steps/gate.ts';
import { checkInitialAccessToken } from './steps/initial-access-token.ts';
import { applySecurityMode, checkRedirectUris, parseMetadata, requireJsonBody } from './steps/metadata.ts';
import { applyRegistrationPolicy, checkMetadataSize } from './steps/policy.ts';
import { verifySoftwareStatement } from './steps/software-statement.ts';
import type { NewRegistration, RegistrationResponse, WithTenant } from './state.ts';

export const REGISTRATION = pipeline<NewRegistration>()
  .step(checkRegistrationEnabled)
  .step(enforceRateLimits)
  .step(checkInitialAccessToken)
  .step(checkMetadataSize)
  .step(requireJsonBody)
  .step(verifySoftwareStatement) // its claims take precedence over the plain metadata
  .step(parseMetadata)
  .step(checkRedirectUris)
  .step(applySecurityMode)
  .step(applyRegistrationPolicy)
  .step(buildClient)
  .step(storeClient) // with its audit entry and the initial access token's use, in one transaction
  .step(respond);

/** Runs the steps; a refusal after the endpoint is known to be enabled is audited, then thrown. */
export async function runRegistration(registration: NewRegistration): Promise<RegistrationResponse> {
  // The runner adds each step's result to this object: after a refusal it shows how far it got.
  const reached: NewRegistration & Partial<WithTenant> = registration;
  try {
    return (await REGISTRATION.run(registration)).response;
  } catch (err) {
    if (err instanceof OAuthError && reached.tenant !== undefined && isAudited(err)) await auditRefusal(reached, err);
    throw err;
  }
}
