// GET /authorize as an ordered list of steps; the lists are the spec. Validation steps run
// for /authorize and again for the login and consent pages (which carry the request along).
import type { AuthorizeContext, Interaction, Step } from './context.ts';
import { loadClient } from './steps/load-client.ts';
import { checkRedirectUri } from './steps/check-redirect-uri.ts';
import { parseResponseType } from './steps/parse-response-type.ts';
import { checkResponseMode } from './steps/check-response-mode.ts';
import { requireNonce } from './steps/require-nonce.ts';
import { checkPkce } from './steps/check-pkce.ts';
import { resolveAudience } from './steps/resolve-audience.ts';
import { checkScopes } from './steps/check-scopes.ts';
import { handlePrompt } from './steps/handle-prompt.ts';
import { requireSession } from './steps/require-session.ts';
import { requireConsent } from './steps/require-consent.ts';

export const VALIDATION_STEPS: readonly Step[] = [
  loadClient,
  checkRedirectUri,
  parseResponseType,
  checkResponseMode,
  requireNonce,
  checkPkce,
  resolveAudience,
  checkScopes,
  handlePrompt,
];

export const INTERACTION_STEPS: readonly Step[] = [requireSession, requireConsent];

/** Runs steps in order; stops at the first one that asks for an interaction. */
export async function runSteps(a: AuthorizeContext, steps: readonly Step[]): Promise<Interaction | undefined> {
  for (const step of steps) {
    const interaction = await step(a);
    if (interaction) return interaction;
  }
  return undefined;
}
