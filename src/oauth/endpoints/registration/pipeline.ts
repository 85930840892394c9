// POST /oidc/register (RFC 7591 §3, OIDC Dynamic Client Registration 1.0 §3) as an ordered
// list of steps. The list is the spec: each step does one thing or throws the error to answer.
import { OAuthError } from '../../errors.ts';
import { auditRefusal } from './audit.ts';
import { buildClient, respond, storeClient } from './steps/client.ts';
import { checkRegistrationEnabled, enforceRateLimits } from './steps/gate.ts';
import { applySecurityMode, checkRedirectUris, parseMetadata, requireJsonBody } from './steps/metadata.ts';
import type { RegistrationDeps, RegistrationRequest, RegistrationResponse, RegistrationState, Step } from './state.ts';

export const REGISTRATION_STEPS: readonly Step[] = [
  checkRegistrationEnabled,
  enforceRateLimits,
  requireJsonBody,
  parseMetadata,
  checkRedirectUris,
  applySecurityMode,
  buildClient,
  storeClient, // with its audit entry, in one transaction
  respond,
];

/** Runs the steps; a refusal after the endpoint is known to be enabled is audited, then thrown. */
export async function runRegistration(request: RegistrationRequest, deps: RegistrationDeps): Promise<RegistrationResponse> {
  const state: RegistrationState = { request, deps, auditRefusals: false };
  try {
    for (const step of REGISTRATION_STEPS) await step(state);
  } catch (err) {
    if (err instanceof OAuthError && state.auditRefusals) await auditRefusal(state, err);
    throw err;
  }
  return state.response!;
}
