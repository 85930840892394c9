// The SQL implementation of Storage, shared by SQLite and PostgreSQL.
import { sql, type Kysely } from 'kysely';
import type { SecretBox } from '../secret-box.ts';
import type { Storage, TenantStores } from '../ports.ts';
import type { Database } from './schema.ts';
import type { Dialect, OpenDatabase } from './database.ts';
import { TenantScope } from './tenant-scope.ts';
import { SqlTenantStore } from './stores/tenants.ts';
import { SqlOperatorStore } from './stores/operators.ts';
import { SqlOperatorSessionStore } from './stores/operator-sessions.ts';
import { SqlClientStore } from './stores/clients.ts';
import { SqlClientGrantStore, SqlResourceServerStore } from './stores/resource-servers.ts';
import { SqlSigningKeyStore } from './stores/signing-keys.ts';
import { SqlLogStore } from './stores/logs.ts';
import { SqlUserStore } from './stores/users.ts';
import { SqlRateLimitStore } from './stores/rate-limits.ts';
import { SqlSessionStore } from './stores/sessions.ts';
import { SqlAuthorizationCodeStore } from './stores/authorization-codes.ts';
import { SqlRefreshTokenStore } from './stores/refresh-tokens.ts';
import { SqlConsentStore } from './stores/consents.ts';
import { SqlLoginFailureStore } from './stores/login-failures.ts';
import { SqlConnectionStore } from './stores/connections.ts';

export class SqlStorage implements Storage {
  readonly tenants: SqlTenantStore;
  readonly operators: SqlOperatorStore;
  readonly operatorSessions: SqlOperatorSessionStore;

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    private readonly box: SecretBox,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.tenants = new SqlTenantStore(db);
    this.operators = new SqlOperatorStore(db);
    this.operatorSessions = new SqlOperatorSessionStore(db);
  }

  static fromOpen(open: OpenDatabase, box: SecretBox): SqlStorage {
    return new SqlStorage(open.db, open.dialect, box, open.destroy);
  }

  forTenant(tenantId: string): TenantStores {
    const scope = new TenantScope(this.db, tenantId);
    return {
      tenantId,
      clients: new SqlClientStore(scope, this.box),
      resourceServers: new SqlResourceServerStore(scope),
      clientGrants: new SqlClientGrantStore(scope),
      signingKeys: new SqlSigningKeyStore(scope, this.box),
      logs: new SqlLogStore(scope),
      users: new SqlUserStore(scope),
      rateLimits: new SqlRateLimitStore(scope),
      sessions: new SqlSessionStore(scope),
      authorizationCodes: new SqlAuthorizationCodeStore(scope),
      refreshTokens: new SqlRefreshTokenStore(scope),
      consents: new SqlConsentStore(scope),
      loginFailures: new SqlLoginFailureStore(scope),
      connections: new SqlConnectionStore(scope),
    };
  }

  transaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new SqlStorage(trx, this.dialect, this.box)));
  }

  async ping() {
    await sql`select 1`.execute(this.db);
  }

  close() {
    return this.onClose();
  }
}
