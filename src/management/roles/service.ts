// Roles and their permissions (Auth0 RBAC). A permission is a scope the API defines: anything
// else, or an API that does not exist, is refused before anything is written.
import { newRoleId } from '../../domain/ids.ts';
import type { Permission, Role, UserPermission } from '../../domain/role.ts';
import type { ResourceServer } from '../../domain/resource-server.ts';
import { DuplicateError, type TenantStores } from '../../storage/ports.ts';
import { conflict, invalidBody, notFound } from '../errors.ts';

export interface PermissionRef {
  resource_server_identifier: string;
  permission_name: string;
}

export const roleNotFound = () => notFound('The role does not exist.', 'inexistent_role');
const roleNameTaken = () => conflict('A role with this name already exists.', 'role_already_exists');

export function roleView(r: Role): { id: string; name: string; description: string } {
  return { id: r.id, name: r.name, description: r.description };
}

function permissionViewOf(p: Permission, api: ResourceServer | undefined) {
  return {
    resource_server_identifier: api?.identifier ?? '',
    permission_name: p.name,
    resource_server_name: api?.name ?? '',
    description: api?.scopes.find((s) => s.value === p.name)?.description ?? '',
  };
}

export class RbacService {
  constructor(private readonly stores: TenantStores) {}

  async getRole(id: string): Promise<Role> {
    const role = await this.stores.roles.findById(id);
    if (!role) throw roleNotFound();
    return role;
  }

  async createRole(input: { name: string; description?: string }): Promise<Role> {
    try {
      return await this.stores.roles.create({ id: newRoleId(), name: input.name, description: input.description ?? '' });
    } catch (err) {
      if (err instanceof DuplicateError) throw roleNameTaken();
      throw err;
    }
  }

  async updateRole(id: string, input: { name?: string; description?: string }): Promise<Role> {
    const next = { ...(await this.getRole(id)), ...input };
    try {
      if (!(await this.stores.roles.replace(next))) throw roleNotFound();
    } catch (err) {
      if (err instanceof DuplicateError) throw roleNameTaken();
      throw err;
    }
    return next;
  }

  async deleteRole(id: string): Promise<void> {
    if (!(await this.stores.roles.delete(id))) throw roleNotFound();
  }

  /** The permissions a body names, each checked against its API's scopes (400 otherwise). */
  async resolvePermissions(refs: readonly PermissionRef[]): Promise<Permission[]> {
    const apis = new Map<string, ResourceServer>();
    const out: Permission[] = [];
    for (const ref of refs) {
      let api = apis.get(ref.resource_server_identifier);
      if (!api) {
        api = await this.stores.resourceServers.findByIdentifier(ref.resource_server_identifier);
        if (!api) throw invalidBody(`resource server "${ref.resource_server_identifier}" does not exist.`);
        apis.set(ref.resource_server_identifier, api);
      }
      if (!api.scopes.some((s) => s.value === ref.permission_name)) {
        throw invalidBody(`permission "${ref.permission_name}" is not a scope of resource server "${ref.resource_server_identifier}".`);
      }
      out.push({ resourceServerId: api.id, name: ref.permission_name });
    }
    return out;
  }

  /** The roles a body names; 400 if one does not exist. */
  async resolveRoles(ids: readonly string[]): Promise<Role[]> {
    const found = await this.stores.roles.findMany([...new Set(ids)]);
    const missing = ids.filter((id) => !found.some((r) => r.id === id));
    if (missing.length) throw invalidBody(`roles do not exist: ${[...new Set(missing)].join(', ')}.`);
    return found;
  }

  /** The users a body names; 400 if one does not exist. */
  async checkUsers(ids: readonly string[]): Promise<void> {
    const missing: string[] = [];
    for (const id of new Set(ids)) if (!(await this.stores.users.findById(id))) missing.push(id);
    if (missing.length) throw invalidBody(`users do not exist: ${missing.join(', ')}.`);
  }

  /** Auth0's permission items: the API's identifier and name, the scope's description. */
  async permissionViews(permissions: readonly Permission[]) {
    const apis = await this.apisOf(permissions);
    return permissions.map((p) => permissionViewOf(p, apis.get(p.resourceServerId)));
  }

  /** As permissionViews, with Auth0's `sources` (DIRECT, or the ROLE it comes from). */
  async userPermissionViews(permissions: readonly UserPermission[]) {
    const apis = await this.apisOf(permissions);
    return permissions.map((p) => ({
      ...permissionViewOf(p, apis.get(p.resourceServerId)),
      sources: p.sources.map((s) =>
        s.type === 'DIRECT'
          ? { source_id: '', source_name: '', source_type: 'DIRECT' as const }
          : { source_id: s.roleId, source_name: s.roleName, source_type: 'ROLE' as const },
      ),
    }));
  }

  private async apisOf(permissions: readonly Permission[]): Promise<Map<string, ResourceServer>> {
    const apis = new Map<string, ResourceServer>();
    for (const id of new Set(permissions.map((p) => p.resourceServerId))) {
      const api = await this.stores.resourceServers.findById(id);
      if (api) apis.set(id, api);
    }
    return apis;
  }
}
