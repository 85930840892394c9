import { sql, type Kysely } from 'kysely';
import { FULL_ACCESS_BEFORE as BEFORE_0016, NEW_SCOPES as ADDED_BY_0016 } from './0016-attack-protection.ts';
import { addManagementScopes } from './management-scopes.ts';
import type { DialectMigration } from './migration.ts';

/** The Management API scopes this migration adds (domain/management-scopes.ts). */
export const NEW_SCOPES = [
  { value: 'read:roles', description: 'Read roles' },
  { value: 'create:roles', description: 'Create roles' },
  { value: 'update:roles', description: 'Update roles' },
  { value: 'delete:roles', description: 'Delete roles' },
  { value: 'read:role_members', description: 'Read role members' },
  { value: 'create:role_members', description: 'Create role members' },
  { value: 'delete:role_members', description: 'Delete role members' },
];

/** Scopes every tenant's full-access Management client held before this migration. */
export const FULL_ACCESS_BEFORE = [...BEFORE_0016, ...ADDED_BY_0016.map((s) => s.value)];

/** Every instance caches users' effective permissions: a change must reach them all. */
const WATCHED = ['roles', 'role_permissions', 'user_roles', 'user_permissions'];

// RBAC (Auth0): roles, the permissions (API scopes) they hold, their members, and permissions
// users hold directly. Permissions name their API by id, which never changes (an identifier
// can: the system API follows the tenant's issuer). PostgreSQL: the tables notify the change
// feed like the other cached ones (migration 0007). Existing tenants' Management APIs learn the
// scopes that manage roles, and the clients that held every scope keep doing so.
export const rbac: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    const tenant = (c: any) => c.notNull().references('tenants.id').onDelete('cascade');
    await db.schema
      .createTable('roles')
      .addColumn('tenant_id', 'text', tenant)
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('roles_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('roles_name_unique', ['tenant_id', 'name'])
      .execute();

    await db.schema
      .createTable('role_permissions')
      .addColumn('tenant_id', 'text', tenant)
      .addColumn('role_id', 'text', (c) => c.notNull())
      .addColumn('resource_server_id', 'text', (c) => c.notNull())
      .addColumn('permission_name', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('role_permissions_pk', ['tenant_id', 'role_id', 'resource_server_id', 'permission_name'])
      .execute();
    await db.schema.createIndex('role_permissions_api').on('role_permissions').columns(['tenant_id', 'resource_server_id']).execute();

    await db.schema
      .createTable('user_roles')
      .addColumn('tenant_id', 'text', tenant)
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('role_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_roles_pk', ['tenant_id', 'user_id', 'role_id'])
      .execute();
    await db.schema.createIndex('user_roles_role').on('user_roles').columns(['tenant_id', 'role_id', 'user_id']).execute();

    await db.schema
      .createTable('user_permissions')
      .addColumn('tenant_id', 'text', tenant)
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('resource_server_id', 'text', (c) => c.notNull())
      .addColumn('permission_name', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_permissions_pk', ['tenant_id', 'user_id', 'resource_server_id', 'permission_name'])
      .execute();
    await db.schema.createIndex('user_permissions_api').on('user_permissions').columns(['tenant_id', 'resource_server_id']).execute();

    if (dialect === 'postgres') {
      for (const table of WATCHED) {
        await sql
          .raw(`create trigger ${table}_changed after insert or update or delete on ${table} for each statement execute function latchkey_notify_change()`)
          .execute(db);
      }
    }
    await addManagementScopes(db, NEW_SCOPES, FULL_ACCESS_BEFORE);
  },
  async down(db: Kysely<any>) {
    for (const table of [...WATCHED].reverse()) await db.schema.dropTable(table).execute();
  },
});
