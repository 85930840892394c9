import { sql, type Selectable } from 'kysely';
import type { NewUser, User } from '../../../domain/user.ts';
import type { UserListQuery, UserStore } from '../../ports.ts';
import type { UsersTable } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';
import { uniquely } from '../errors.ts';
import { containsIgnoringCase } from '../like.ts';

type UserData = Omit<User, 'tenantId' | 'user_id' | 'email' | 'blocked' | 'logins_count' | 'last_login' | 'createdAt' | 'updatedAt'>;

function dataOf(u: UserData & Partial<User>): string {
  const { tenantId: _t, user_id: _u, email: _e, blocked: _b, logins_count: _l, last_login: _ll, createdAt: _c, updatedAt: _up, ...data } = u as User;
  const { passwordHash: _p, ...rest } = data as UserData & { passwordHash?: string };
  return JSON.stringify(rest);
}

export class SqlUserStore implements UserStore {
  constructor(private readonly scope: TenantScope) {}

  private toUser(r: Selectable<UsersTable>): User {
    return {
      ...(JSON.parse(r.data) as UserData),
      tenantId: this.scope.tenantId,
      user_id: r.user_id,
      email: r.email,
      blocked: r.blocked === 1,
      logins_count: r.logins_count,
      ...(r.last_login !== null ? { last_login: new Date(r.last_login) } : {}),
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
          logins_count: 0,
          last_login: null,
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

  async passwordHash(userId: string) {
    const r = await this.scope.selectFrom('users').select('password_hash').where('user_id', '=', userId).executeTakeFirst();
    return r?.password_hash;
  }

  async list(q: UserListQuery) {
    let base = this.scope.selectFrom('users');
    if (q.search) {
      const search = q.search;
      base = base.where((eb) => eb.or([eb('user_id', '=', search), containsIgnoringCase('email', search)]));
    }
    const [rows, count] = await Promise.all([
      base
        .selectAll()
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
        .set({ email: user.email.toLowerCase(), blocked: user.blocked ? 1 : 0, data: dataOf(user), updated_at: Date.now() })
        .where('user_id', '=', user.user_id)
        .executeTakeFirst(),
    );
    return Number(res.numUpdatedRows) > 0;
  }

  async setPasswordHash(userId: string, hash: string) {
    const res = await this.scope.updateTable('users').set({ password_hash: hash, updated_at: Date.now() }).where('user_id', '=', userId).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async recordLogin(userId: string, at: Date) {
    await this.scope
      .updateTable('users')
      .set({ logins_count: sql`logins_count + 1`, last_login: at.getTime() })
      .where('user_id', '=', userId)
      .execute();
  }

  async delete(userId: string) {
    const res = await this.scope.deleteFrom('users').where('user_id', '=', userId).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
