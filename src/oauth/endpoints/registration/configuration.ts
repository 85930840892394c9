// RFC 7592 client configuration endpoint, /oidc/register/{client_id}: GET reads, PUT replaces,
// DELETE removes a self-registered client, with its registration access token. Opt-in per tenant
// (registration_client_management_enabled). PUT goes through the registration's own steps, so an
// update meets the same validation and registration_policy as a registration.
import { OAuthError } from '../../errors.ts';
import { pipeline } from '../../pipeline.ts';
import { auditRefusal, isAudited } from './audit.ts';
import type { ClientConfiguration, WithRegisteredClient } from './configuration-state.ts';
import {
  authenticateRegistrationAccessToken,
  checkClientIdentity,
  checkClientManagementEnabled,
  deleteRegistration,
  describeClient,
  describeReplacement,
  replaceRegistration,
  saveRegistration,
} from './steps/configuration.ts';
import { applySecurityMode, checkRedirectUris, parseMetadata, requireJsonBody } from './steps/metadata.ts';
import { applyMetadataPolicy, checkMetadataSize } from './steps/policy.ts';
import { verifySoftwareStatement } from './steps/software-statement.ts';
import type { RegistrationResponse } from './state.ts';

export const READ_CLIENT = pipeline<ClientConfiguration>().step(checkClientManagementEnabled).step(authenticateRegistrationAccessToken).step(describeClient);

export const UPDATE_CLIENT = pipeline<ClientConfiguration>()
  .step(checkClientManagementEnabled)
  .step(authenticateRegistrationAccessToken)
  .step(checkMetadataSize)
  .step(requireJsonBody)
  .step(checkClientIdentity)
  .step(verifySoftwareStatement) // as at registration: its claims take precedence, and a required one is required
  .step(parseMetadata)
  .step(checkRedirectUris)
  .step(applySecurityMode)
  .step(applyMetadataPolicy)
  .step(replaceRegistration)
  .step(saveRegistration) // with its log entry, in one transaction
  .step(describeReplacement);

export const DELETE_CLIENT = pipeline<ClientConfiguration>()
  .step(checkClientManagementEnabled)
  .step(authenticateRegistrationAccessToken)
  .step(deleteRegistration);

export async function readClient(request: ClientConfiguration): Promise<RegistrationResponse> {
  return (await READ_CLIENT.run(request)).response;
}

/** A refused update by an authenticated client is logged as a refused registration is. */
export async function updateClient(request: ClientConfiguration): Promise<RegistrationResponse> {
  const reached: ClientConfiguration & Partial<WithRegisteredClient> = request;
  try {
    return (await UPDATE_CLIENT.run(request)).response;
  } catch (err) {
    if (err instanceof OAuthError && reached.current !== undefined && isAudited(err)) await auditRefusal(reached, err);
    throw err;
  }
}

export async function deleteClient(request: ClientConfiguration): Promise<void> {
  await DELETE_CLIENT.run(request);
}
