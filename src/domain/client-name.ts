// The one rule for an application's name, whoever sets it (dynamic registration, the Management
// API, the dashboard): it is shown to users on the consent page, so it must not be able to pass
// for something else. No markup, no control characters, no invisible formatting characters
// (Unicode category Cf: bidirectional overrides such as U+202E, zero-width joiners and spaces).

export const CLIENT_NAME_MAX_LENGTH = 128;

/** What is wrong with `name` as an application name, or null. */
export function clientNameProblem(name: string): string | null {
  if (name.trim().length === 0) return 'must not be empty';
  if ([...name].length > CLIENT_NAME_MAX_LENGTH) return `must be at most ${CLIENT_NAME_MAX_LENGTH} characters`;
  if (/[<>]/.test(name)) return 'must not contain < or >';
  if (/[\p{Cc}\p{Zl}\p{Zp}]/u.test(name)) return 'must not contain control characters or line breaks';
  if (/\p{Cf}/u.test(name)) return 'must not contain invisible formatting characters (such as bidirectional overrides or zero-width characters)';
  return null;
}
