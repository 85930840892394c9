import { sql, type Selectable } from 'kysely';
import type { NewUser, User } from '../../../domain/user.ts';
import type { UserListQuery, UserStore } from '../../ports.ts';
import type { UsersTable } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';
import { uniquely } from '../errors.ts';
import type { Dialect } from '../migrations/migration.ts';
import { SORT_COLUMN, UserSearchCompiler } from './user-search.ts';

type UserData = Omit<User, 'tenantId' | 'user_id' | 'email' | 'blocked' | 'logins_count' | 'last_login' | 'last_ip' | 'createdAt' | 'updatedAt'>;

function dataOf(u: UserData & Partial<User>): string {
  const {
    tenantId: _t,
    user_id: _u,
    email: _e,
    blocked: _b,
    logins_count: _l,
    last_login: _ll,
    last_ip: _li,
    createdAt: _c,
    updatedAt: _up,
    ...data
  } = u as User;
  const { passwordHash: _p, ...rest } = data as UserData & { passwordHash?: string };
  return JSON.stringify(rest);
}

/** The lower-cased copies search reads (user search, migration 0015). */
function foldedOf(u: Pick<User, 'name' | 'nickname' | 'given_name' | 'family_name'>) {
  return {
    name_lower: u.name.toLowerCase(),
    nickname_lower: u.nickname.toLowerCase(),
    given_name_lower: u.given_name?.toLowerCase() ?? null,
    family_name_lower: u.family_name?.toLowerCase() ?? null,
  };
}

export class SqlUserStore implements UserStore {
  private readonly search: UserSearchCompiler;

  constructor(
    private readonly scope: TenantScope,
    dialect: Dialect,
  ) {
    this.search = new UserSearchCompiler(dialect);
  }

  private toUser(r: Selectable<UsersTable>): User {
    return {
      ...(JSON.parse(r.data) as UserData),
      tenantId: this.scope.tenantId,
      user_id: r.user_id,
      email: r.email,
      blocked: r.blocked === 1,
      logins_count: r.logins_count,
      ...(r.last_login !== null ? { last_login: new Date(r.last_login) } : {}),
      ...(r.last_ip !== null ? { last_ip: r.last_ip } : {}),
      createdAt: new Date(r.created_at),
      updatedAt: new Date(r.updated_at),
    };
  }

  async create(input: NewUser): Promise<User> {
    const now = Date.now();
    const email = input.email.toLowerCase();
    await uniquely('user', () =>
      this.scope
        .insertInto('users', {
          user_id: input.user_id,
          email,
          password_hash: input.passwordHash,
          blocked: input.blocked ? 1 : 0,
          data: dataOf(input),
          ...foldedOf(input),
          logins_count: 0,
          last_login: null,
          last_ip: null,
          created_at: now,
          updated_at: now,
        })
        .execute(),
    );
    const { passwordHash: _p, ...rest } = input;
    return { ...rest, email, tenantId: this.scope.tenantId, logins_count: 0, createdAt: new Date(now), updatedAt: new Date(now) };
  }

  async findById(userId: string) {
    const r = await this.scope.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return r && this.toUser(r);
  }

  async findByEmail(email: string) {
    const r = await this.scope.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    return r && this.toUser(r);
  }

  async listByEmail(email: string) {
    const rows = await this.scope.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).orderBy('created_at').orderBy('user_id').execute();
    return rows.map((r) => this.toUser(r));
  }

  async passwordHash(userId: string) {
    const r = await this.scope.selectFrom('users').select('password_hash').where('user_id', '=', userId).executeTakeFirst();
    return r?.password_hash;
  }

  async list(q: UserListQuery) {
    let base = this.scope.selectFrom('users');
    const filter = q.filter;
    if (filter) base = base.where((eb) => this.search.where(eb, filter));
    let ordered = base.selectAll();
    // Missing values sort last either way, as Auth0 lists them.
    if (q.sort) {
      const col = SORT_COLUMN[q.sort.field];
      ordered = ordered.orderBy(sql`${sql.ref(col)} is null`).orderBy(col, q.sort.descending ? 'desc' : 'asc');
    }
    const [rows, count] = await Promise.all([
      ordered
        .orderBy('created_at')
        .orderBy('user_id')
        .limit(q.perPage)
        .offset(q.page * q.perPage)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { users: rows.map((r) => this.toUser(r)), total: Number(count.n) };
  }

  async replace(user: User) {
    const res = await uniquely('user', () =>
      this.scope
        .updateTable('users')
        .set({ email: user.email.toLowerCase(), blocked: user.blocked ? 1 : 0, data: dataOf(user), ...foldedOf(user), updated_at: Date.now() })
        .where('user_id', '=', user.user_id)
        .executeTakeFirst(),
    );
    return Number(res.numUpdatedRows) > 0;
  }

  async setPasswordHash(userId: string, hash: string) {
    const res = await this.scope.updateTable('users').set({ password_hash: hash, updated_at: Date.now() }).where('user_id', '=', userId).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async recordLogin(userId: string, at: Date, ip?: string) {
    await this.scope
      .updateTable('users')
      .set({ logins_count: sql`logins_count + 1`, last_login: at.getTime(), ...(ip !== undefined ? { last_ip: ip } : {}) })
      .where('user_id', '=', userId)
      .execute();
  }

  async delete(userId: string) {
    const res = await this.scope.deleteFrom('users').where('user_id', '=', userId).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
