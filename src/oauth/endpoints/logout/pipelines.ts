// The logout endpoints as ordered lists of steps; the lists are the spec.
import { pipeline, type Pipeline } from '../../pipeline.ts';
import type { Confirmation, ErrorPage, LogoutAnswer, LogoutRequest, OidcLogoutRequest } from './context.ts';
import {
  checkLogoutAllowed,
  checkPostLogoutRedirectUri,
  checkReturnTo,
  confirmUnlessHinted,
  distrustHintForAnotherSession,
  endSession,
  endSessionIfConfirmed,
  guardTarget,
  loadClient,
  readClientId,
  requireCsrf,
  verifyIdTokenHint,
} from './steps.ts';

/** GET /v2/logout (Auth0): end the session, then go to returnTo or the client's first logout URL. */
export const V2_LOGOUT = pipeline<LogoutRequest>()
  .step(readClientId)
  .step(loadClient)
  .step(checkLogoutAllowed)
  .step(checkReturnTo)
  .step(guardTarget)
  .step(endSession);

/** What /oidc/logout checks before it asks or ends the session (RP-Initiated Logout §2). */
function withOidcChecks<In extends object, Out extends OidcLogoutRequest, R>(start: Pipeline<In, Out, R>) {
  return start
    .step(verifyIdTokenHint)
    .step(distrustHintForAnotherSession)
    .step(loadClient)
    .step(checkLogoutAllowed)
    .step(checkPostLogoutRedirectUri)
    .step(guardTarget);
}

/** GET/POST /oidc/logout: with a valid hint for this session it ends at once, else the user is asked. */
export const OIDC_LOGOUT = withOidcChecks(pipeline<OidcLogoutRequest, Confirmation>()).step(confirmUnlessHinted).step(endSession);

/** POST /oidc/logout from the confirmation form: the same checks again, then as the user answered. */
export const OIDC_LOGOUT_ANSWER = withOidcChecks(pipeline<LogoutAnswer, ErrorPage>().step(requireCsrf)).step(endSessionIfConfirmed);
