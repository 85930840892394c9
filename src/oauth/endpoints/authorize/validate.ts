// GET /authorize as ordered lists of steps; the lists are the spec. The validation steps run
// for /authorize and again for the login and consent pages (which carry the request along).
import { pipeline } from '../../pipeline.ts';
import type { AuthorizeRequest, Interaction, ValidatedRequest } from './context.ts';
import { loadClient } from './steps/load-client.ts';
import { checkRedirectUri } from './steps/check-redirect-uri.ts';
import { checkResponseTypeAllowed, parseResponseType } from './steps/parse-response-type.ts';
import { checkResponseMode } from './steps/check-response-mode.ts';
import { requireNonce } from './steps/require-nonce.ts';
import { checkPkce } from './steps/check-pkce.ts';
import { resolveAudience } from './steps/resolve-audience.ts';
import { checkScopes } from './steps/check-scopes.ts';
import { handlePrompt } from './steps/handle-prompt.ts';
import { requireSession } from './steps/require-session.ts';
import { requireConsent } from './steps/require-consent.ts';
import { requireCallbackConfirmation } from './steps/confirm-callback.ts';
import { issueResponse } from './steps/issue-response.ts';
import { recordClientUse } from './steps/record-client-use.ts';

export const VALIDATION = pipeline<AuthorizeRequest>()
  .step(loadClient)
  .step(checkRedirectUri)
  .step(parseResponseType)
  .step(checkResponseTypeAllowed)
  .step(checkResponseMode)
  .step(requireNonce)
  .step(checkPkce)
  .step(resolveAudience)
  .step(checkScopes)
  .step(handlePrompt);

/** A signed-in user, as the consent page needs. */
export const SIGN_IN = pipeline<ValidatedRequest, Interaction>().step(requireSession);

/**
 * The rest of /authorize: sign-in, consent and the confirmation of a non-verifiable callback
 * (each may leave for its page), then the response, and the client's use recorded.
 */
export const AUTHORIZATION = SIGN_IN.step(requireConsent).step(requireCallbackConfirmation).step(issueResponse).step(recordClientUse);
