// Migrations, declared in one place. The column types used here mean the same on
// SQLite and PostgreSQL; a migration that must differ checks `dialect`.
import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect, DialectMigration } from './migration.ts';
import { initial } from './0001-initial.ts';
import { users } from './0002-users.ts';
import { rateLimitBuckets } from './0003-rate-limit-buckets.ts';
import { signIn } from './0004-sign-in.ts';
import { connections } from './0005-connections.ts';
import { operatorSessions } from './0006-operator-sessions.ts';
import { changeNotifications } from './0007-change-notifications.ts';
import { expiryIndexes } from './0008-expiry-indexes.ts';
import { clientLastUsed } from './0009-client-last-used.ts';
import { clientGrantSubjectType } from './0010-client-grant-subject-type.ts';
import { registrationTokens } from './0011-registration-tokens.ts';
import { clientAssertionJtis } from './0012-client-assertion-jtis.ts';
import { accounts } from './0014-accounts.ts';
import { userSearch } from './0015-user-search.ts';
import { attackProtection } from './0016-attack-protection.ts';
import { rbac } from './0017-rbac.ts';
import { consentRecords } from './0018-consent-records.ts';
import { signingKeyRotation } from './0019-signing-key-rotation.ts';
import { logActivity } from './0020-log-activity.ts';

const MIGRATIONS: Record<string, DialectMigration> = {
  '0001-initial': initial,
  '0002-users': users,
  '0003-rate-limit-buckets': rateLimitBuckets,
  '0004-sign-in': signIn,
  '0005-connections': connections,
  '0006-operator-sessions': operatorSessions,
  '0007-change-notifications': changeNotifications,
  '0008-expiry-indexes': expiryIndexes,
  '0009-client-last-used': clientLastUsed,
  '0010-client-grant-subject-type': clientGrantSubjectType,
  '0011-registration-tokens': registrationTokens,
  '0012-client-assertion-jtis': clientAssertionJtis,
  '0014-accounts': accounts,
  '0015-user-search': userSearch,
  '0016-attack-protection': attackProtection,
  '0017-rbac': rbac,
  '0018-consent-records': consentRecords,
  '0019-signing-key-rotation': signingKeyRotation,
  '0020-log-activity': logActivity,
};

export class InlineMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, make]) => [name, make(this.dialect)]));
  }
}
