// Sign-up on the database connection (Auth0 POST /dbconnections/signup and /u/signup): the
// connection's rules, then the user, then a verification email. Verification does not block
// sign-in, as at Auth0.
import { newUserId } from '../../domain/ids.ts';
import { DATABASE_CONNECTION, type User } from '../../domain/user.ts';
import { failedPasswordRule, passwordRules, policyOf, type PasswordRule } from '../../domain/password-policy.ts';
import type { ConnectionOptions } from '../../domain/connection.ts';
import { DuplicateError } from '../../storage/ports.ts';
import { hashPassword } from '../passwords.ts';
import { isHeaderSafe } from '../mail/message.ts';
import { sendVerificationEmail, type AccountContext } from './email-verification.ts';

export interface SignupInput {
  email: string;
  password: string;
  clientId: string | null;
  username?: string;
  given_name?: string;
  family_name?: string;
  name?: string;
  nickname?: string;
  picture?: string;
  user_metadata?: Record<string, unknown>;
}

export type SignupRefusal =
  | { code: 'operation_not_allowed'; description: string }
  | { code: 'invalid_signup'; description: string }
  | { code: 'user_exists'; description: string }
  | { code: 'invalid_password'; description: string; failed: PasswordRule; rules: PasswordRule[]; policy: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True when every string in `value` (nested too) is free of control characters (header injection, CR/LF). */
export function controlFree(value: unknown): boolean {
  if (typeof value === 'string') return isHeaderSafe(value);
  if (Array.isArray(value)) return value.every(controlFree);
  if (value && typeof value === 'object') return Object.entries(value).every(([k, v]) => isHeaderSafe(k) && controlFree(v));
  return true;
}

/** Checks the input against the connection's options; the refusal, or undefined when it may sign up. */
export function checkSignup(options: ConnectionOptions, input: SignupInput): SignupRefusal | undefined {
  if (options.disable_signup) return { code: 'operation_not_allowed', description: 'Public signup is disabled' };
  if (!EMAIL.test(input.email) || input.email.length > 320) return { code: 'invalid_signup', description: 'Invalid sign up' };
  const failed = failedPasswordRule(input.password, options, { ...input, email: input.email });
  if (failed) return { code: 'invalid_password', description: 'Password is too weak', failed, rules: passwordRules(options), policy: policyOf(options) };
  return undefined;
}

/** Creates the user and queues the verification email; a refusal when the email is taken. */
export async function signUp(c: AccountContext, input: SignupInput): Promise<{ user: User } | { refusal: SignupRefusal }> {
  const email = input.email.toLowerCase();
  const passwordHash = await hashPassword(input.password);
  let user: User;
  try {
    user = await c.stores.users.create({
      user_id: newUserId(),
      email,
      email_verified: false,
      name: input.name ?? email,
      nickname: input.nickname ?? input.username ?? email.split('@')[0]!,
      ...(input.given_name !== undefined ? { given_name: input.given_name } : {}),
      ...(input.family_name !== undefined ? { family_name: input.family_name } : {}),
      ...(input.picture !== undefined ? { picture: input.picture } : {}),
      blocked: false,
      connection: DATABASE_CONNECTION,
      user_metadata: input.user_metadata ?? {},
      app_metadata: {},
      passwordHash,
    });
  } catch (err) {
    // Auth0 says no more than this, so that sign-up cannot be used to find who has an account,
    // unless the tenant's flag enable_public_signup_user_exists_error says to tell.
    if (err instanceof DuplicateError)
      return {
        refusal: c.tenant.settings.flags.enable_public_signup_user_exists_error
          ? { code: 'user_exists', description: 'The user already exists.' }
          : { code: 'invalid_signup', description: 'Invalid sign up' },
      };
    throw err;
  }
  await sendVerificationEmail(c, user, { clientId: input.clientId });
  return { user };
}
