// Users of the tenant's database connection: argon2id passwords behind a length policy,
// metadata merged as Auth0 does (top-level keys; null removes one).
import { DATABASE_CONNECTION, type User } from '../../domain/user.ts';
import { newUserId } from '../../domain/ids.ts';
import { DuplicateError, type TenantStores } from '../../storage/ports.ts';
import { hashPassword } from '../../services/passwords.ts';
import { changePassword } from '../../services/accounts/password-change.ts';
import { conflict, invalidBody, ManagementError, notFound } from '../errors.ts';

export const PASSWORD_MIN = 8;
const METADATA_MAX_BYTES = 16 * 1024;

type Metadata = Record<string, unknown>;

export interface UserInput {
  email?: string;
  email_verified?: boolean;
  blocked?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  nickname?: string;
  picture?: string;
  user_metadata?: Metadata;
  app_metadata?: Metadata;
  password?: string;
  connection?: string;
}

export const userNotFound = () => notFound('The user does not exist.', 'inexistent_user');

function checkPassword(password: string): void {
  if ([...password].length < PASSWORD_MIN) {
    throw new ManagementError(400, `PasswordStrengthError: Password is too weak: it must be at least ${PASSWORD_MIN} characters long.`, 'invalid_body');
  }
}

function mergeMetadata(property: string, current: Metadata, patch: Metadata | undefined): Metadata {
  if (patch === undefined) return current;
  const next: Metadata = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  if (Buffer.byteLength(JSON.stringify(next)) > METADATA_MAX_BYTES) throw invalidBody(`${property} must not exceed ${METADATA_MAX_BYTES} bytes.`);
  return next;
}

export function userView(u: User): Record<string, unknown> {
  return {
    user_id: u.user_id,
    email: u.email,
    email_verified: u.email_verified,
    name: u.name,
    nickname: u.nickname,
    ...(u.given_name !== undefined ? { given_name: u.given_name } : {}),
    ...(u.family_name !== undefined ? { family_name: u.family_name } : {}),
    ...(u.picture !== undefined ? { picture: u.picture } : {}),
    identities: [{ connection: u.connection, provider: 'auth0', user_id: u.user_id.replace(/^auth0\|/, ''), isSocial: false }],
    created_at: u.createdAt.toISOString(),
    updated_at: u.updatedAt.toISOString(),
    blocked: u.blocked,
    logins_count: u.logins_count,
    ...(u.last_login ? { last_login: u.last_login.toISOString() } : {}),
    ...(u.last_ip ? { last_ip: u.last_ip } : {}),
    user_metadata: u.user_metadata,
    app_metadata: u.app_metadata,
  };
}

export class UserService {
  constructor(private readonly stores: TenantStores) {}

  async get(userId: string): Promise<User> {
    const user = await this.stores.users.findById(userId);
    if (!user) throw userNotFound();
    return user;
  }

  async create(input: UserInput & { email: string; password: string }): Promise<User> {
    checkPassword(input.password);
    const email = input.email.toLowerCase();
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.stores.users.create({
        user_id: newUserId(),
        email,
        email_verified: input.email_verified ?? false,
        name: input.name ?? email,
        nickname: input.nickname ?? email.split('@')[0]!,
        ...(input.given_name !== undefined ? { given_name: input.given_name } : {}),
        ...(input.family_name !== undefined ? { family_name: input.family_name } : {}),
        ...(input.picture !== undefined ? { picture: input.picture } : {}),
        blocked: input.blocked ?? false,
        connection: DATABASE_CONNECTION,
        user_metadata: mergeMetadata('user_metadata', {}, input.user_metadata),
        app_metadata: mergeMetadata('app_metadata', {}, input.app_metadata),
        passwordHash,
      });
    } catch (err) {
      if (err instanceof DuplicateError) throw conflict('The user already exists.', 'auth0_idp_error');
      throw err;
    }
  }

  async update(userId: string, input: UserInput): Promise<User> {
    if (input.password !== undefined) checkPassword(input.password);
    const current = await this.get(userId);
    const { password, connection: _c, user_metadata, app_metadata, email, ...profile } = input;
    const next: User = {
      ...current,
      ...profile,
      ...(email !== undefined ? { email: email.toLowerCase() } : {}),
      user_metadata: mergeMetadata('user_metadata', current.user_metadata, user_metadata),
      app_metadata: mergeMetadata('app_metadata', current.app_metadata, app_metadata),
    };
    // A changed email is unverified unless the same request says otherwise (Auth0 behaviour).
    if (email !== undefined && next.email !== current.email && input.email_verified === undefined) next.email_verified = false;
    try {
      if (!(await this.stores.users.replace(next))) throw userNotFound();
    } catch (err) {
      if (err instanceof DuplicateError) throw conflict('The specified new email already exists', 'auth0_idp_error');
      throw err;
    }
    if (password !== undefined) await changePassword(this.stores, userId, password);
    return (await this.stores.users.findById(userId)) ?? next;
  }

  /** The user goes with what they granted and held: consents (Auth0 user grants), refresh tokens, sessions, roles and permissions. */
  async delete(userId: string): Promise<void> {
    const deleted = await this.stores.transaction(async (tx) => {
      if (!(await tx.users.delete(userId))) return false;
      await tx.consents.deleteForUser(userId);
      await tx.refreshTokens.revokeForUser(userId, new Date());
      await tx.sessions.deleteForUser(userId);
      await tx.userAuthorization.deleteForUser(userId);
      return true;
    });
    if (!deleted) throw userNotFound();
  }
}
