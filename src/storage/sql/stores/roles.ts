// RBAC: roles, their permissions and members, and users' direct permissions. Every write
// reports a change: the effective permissions of users are cached (read at every user token).
import type { Selectable } from 'kysely';
import type { NewRole, Permission, PermissionSource, Role, UserPermission } from '../../../domain/role.ts';
import type { Paged, RoleStore, UserAuthorizationStore } from '../../ports.ts';
import type { RolesTable } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';
import { uniquely } from '../errors.ts';
import { containsIgnoringCase } from '../like.ts';

function toRole(tenantId: string, r: Selectable<RolesTable>): Role {
  return { tenantId, id: r.id, name: r.name, description: r.description, createdAt: new Date(r.created_at) };
}

const permissionRow = (p: Permission) => ({ resource_server_id: p.resourceServerId, permission_name: p.name });

/** Who holds a permission: a role or a user. */
type Holder = { table: 'role_permissions'; column: 'role_id' } | { table: 'user_permissions'; column: 'user_id' };

/** Adds the permissions the holder lacks (one INSERT, duplicates ignored). */
async function grant(scope: TenantScope, h: Holder, id: string, permissions: readonly Permission[]): Promise<void> {
  if (!permissions.length) return;
  const rows = permissions.map((p) => ({ [h.column]: id, ...permissionRow(p) }));
  await (scope.insertMany(h.table, rows as never) as any).onConflict((oc: any) => oc.doNothing()).execute();
  scope.changed(undefined);
}

/** Removes the named permissions from the holder, together. */
function revoke(scope: TenantScope, h: Holder, id: string, permissions: readonly Permission[]): Promise<void> {
  return scope.atomically(
    async (s) => {
      for (const p of permissions) {
        await (s.deleteFrom(h.table) as any)
          .where(h.column, '=', id)
          .where('resource_server_id', '=', p.resourceServerId)
          .where('permission_name', '=', p.name)
          .execute();
      }
    },
    () => true,
  );
}

const ROLE: Holder = { table: 'role_permissions', column: 'role_id' };
const USER: Holder = { table: 'user_permissions', column: 'user_id' };

export class SqlRoleStore implements RoleStore {
  constructor(private readonly scope: TenantScope) {}

  async create(role: NewRole): Promise<Role> {
    const created_at = Date.now();
    await uniquely('role', () => this.scope.insertInto('roles', { id: role.id, name: role.name, description: role.description, created_at }).execute());
    return { ...role, tenantId: this.scope.tenantId, createdAt: new Date(created_at) };
  }

  async findById(id: string) {
    const row = await this.scope.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRole(this.scope.tenantId, row);
  }

  async findMany(ids: readonly string[]) {
    if (!ids.length) return [];
    const rows = await this.scope
      .selectFrom('roles')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    return rows.map((r) => toRole(this.scope.tenantId, r));
  }

  async list(page: number, perPage: number, nameFilter?: string): Promise<Paged<Role>> {
    let base = this.scope.selectFrom('roles');
    if (nameFilter) base = base.where(containsIgnoringCase('name', nameFilter));
    const [rows, total] = await Promise.all([
      base
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .limit(perPage)
        .offset(page * perPage)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => toRole(this.scope.tenantId, r)), total: Number(total.n) };
  }

  async replace(role: Role) {
    const res = await uniquely('role', () =>
      this.scope.updateTable('roles').set({ name: role.name, description: role.description }).where('id', '=', role.id).executeTakeFirst(),
    );
    return Number(res.numUpdatedRows) > 0;
  }

  delete(id: string) {
    return this.scope.atomically(
      async (s) => {
        await s.deleteFrom('role_permissions').where('role_id', '=', id).execute();
        await s.deleteFrom('user_roles').where('role_id', '=', id).execute();
        const res = await s.deleteFrom('roles').where('id', '=', id).executeTakeFirst();
        return Number(res.numDeletedRows) > 0;
      },
      () => true,
    );
  }

  async listPermissions(roleId: string, page: number, perPage: number): Promise<Paged<Permission>> {
    const base = this.scope.selectFrom('role_permissions').where('role_id', '=', roleId);
    const [rows, total] = await Promise.all([
      base
        .select(['resource_server_id', 'permission_name'])
        .orderBy('resource_server_id')
        .orderBy('permission_name')
        .limit(perPage)
        .offset(page * perPage)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => ({ resourceServerId: r.resource_server_id, name: r.permission_name })), total: Number(total.n) };
  }

  addPermissions(roleId: string, permissions: readonly Permission[]) {
    return grant(this.scope, ROLE, roleId, permissions);
  }

  removePermissions(roleId: string, permissions: readonly Permission[]) {
    return revoke(this.scope, ROLE, roleId, permissions);
  }

  async listMembers(roleId: string, page: number, perPage: number): Promise<Paged<string>> {
    const base = this.scope.selectFrom('user_roles').where('role_id', '=', roleId);
    const [rows, total] = await Promise.all([
      base
        .select('user_id')
        .orderBy('user_id')
        .limit(perPage)
        .offset(page * perPage)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => r.user_id), total: Number(total.n) };
  }

  async membersAfter(roleId: string, after: string | undefined, take: number) {
    let q = this.scope.selectFrom('user_roles').select('user_id').where('role_id', '=', roleId);
    if (after !== undefined) q = q.where('user_id', '>', after);
    return (await q.orderBy('user_id').limit(take).execute()).map((r) => r.user_id);
  }
}

export class SqlUserAuthorizationStore implements UserAuthorizationStore {
  constructor(private readonly scope: TenantScope) {}

  async listRoles(userId: string, page: number, perPage: number): Promise<Paged<Role>> {
    const base = this.scope
      .selectFrom('user_roles')
      .innerJoin('roles', (j) => j.onRef('roles.tenant_id', '=', 'user_roles.tenant_id').onRef('roles.id', '=', 'user_roles.role_id'))
      .where('user_roles.user_id', '=', userId);
    const [rows, total] = await Promise.all([
      base
        .select(['roles.id', 'roles.name', 'roles.description', 'roles.created_at', 'roles.tenant_id'])
        .orderBy('roles.name')
        .orderBy('roles.id')
        .limit(perPage)
        .offset(page * perPage)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => toRole(this.scope.tenantId, r)), total: Number(total.n) };
  }

  async assignRoles(pairs: readonly { userId: string; roleId: string }[]) {
    if (!pairs.length) return;
    await this.scope
      .insertMany(
        'user_roles',
        pairs.map((p) => ({ user_id: p.userId, role_id: p.roleId })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    this.scope.changed(undefined);
  }

  async removeRoles(userId: string, roleIds: readonly string[]) {
    if (!roleIds.length) return;
    await this.scope
      .deleteFrom('user_roles')
      .where('user_id', '=', userId)
      .where('role_id', 'in', [...roleIds])
      .execute();
    this.scope.changed(undefined);
  }

  addPermissions(userId: string, permissions: readonly Permission[]) {
    return grant(this.scope, USER, userId, permissions);
  }

  removePermissions(userId: string, permissions: readonly Permission[]) {
    return revoke(this.scope, USER, userId, permissions);
  }

  /** Direct and role permissions of the user, optionally of one API only. */
  private async sourced(userId: string, resourceServerId?: string): Promise<UserPermission[]> {
    let direct = this.scope.selectFrom('user_permissions').select(['resource_server_id', 'permission_name']).where('user_id', '=', userId);
    let viaRoles = this.scope
      .selectFrom('user_roles')
      .innerJoin('role_permissions', (j) =>
        j.onRef('role_permissions.tenant_id', '=', 'user_roles.tenant_id').onRef('role_permissions.role_id', '=', 'user_roles.role_id'),
      )
      .innerJoin('roles', (j) => j.onRef('roles.tenant_id', '=', 'user_roles.tenant_id').onRef('roles.id', '=', 'user_roles.role_id'))
      .select(['role_permissions.resource_server_id', 'role_permissions.permission_name', 'roles.id as role_id', 'roles.name as role_name'])
      .where('user_roles.user_id', '=', userId);
    if (resourceServerId !== undefined) {
      direct = direct.where('resource_server_id', '=', resourceServerId);
      viaRoles = viaRoles.where('role_permissions.resource_server_id', '=', resourceServerId);
    }
    const [directRows, roleRows] = await Promise.all([direct.execute(), viaRoles.execute()]);
    const byKey = new Map<string, UserPermission>();
    const add = (rsId: string, name: string, source: PermissionSource) => {
      const key = `${rsId}\u0000${name}`;
      const entry = byKey.get(key) ?? { resourceServerId: rsId, name, sources: [] };
      entry.sources.push(source);
      byKey.set(key, entry);
    };
    for (const r of directRows) add(r.resource_server_id, r.permission_name, { type: 'DIRECT' });
    for (const r of roleRows) add(r.resource_server_id, r.permission_name, { type: 'ROLE', roleId: r.role_id, roleName: r.role_name });
    return [...byKey.values()].sort((a, b) =>
      a.resourceServerId === b.resourceServerId ? (a.name < b.name ? -1 : 1) : a.resourceServerId < b.resourceServerId ? -1 : 1,
    );
  }

  async listPermissions(userId: string, page: number, perPage: number): Promise<Paged<UserPermission>> {
    const all = await this.sourced(userId);
    return { items: all.slice(page * perPage, (page + 1) * perPage), total: all.length };
  }

  async permissionNames(userId: string, resourceServerId: string): Promise<readonly string[]> {
    const cached = await this.scope.cached('user_permissions', `${userId}\u0000${resourceServerId}`, async () => ({
      names: (await this.sourced(userId, resourceServerId)).map((p) => p.name),
    }));
    return cached?.names ?? [];
  }

  deleteForUser(userId: string) {
    return this.scope.atomically(
      async (s) => {
        await s.deleteFrom('user_roles').where('user_id', '=', userId).execute();
        await s.deleteFrom('user_permissions').where('user_id', '=', userId).execute();
      },
      () => true,
    );
  }

  deleteForResourceServer(resourceServerId: string, names?: readonly string[]) {
    if (names && !names.length) return Promise.resolve();
    return this.scope.atomically(
      async (s) => {
        for (const table of ['role_permissions', 'user_permissions'] as const) {
          let q = s.deleteFrom(table).where('resource_server_id', '=', resourceServerId);
          if (names) q = q.where('permission_name', 'in', [...names]);
          await q.execute();
        }
      },
      () => true,
    );
  }
}
