// Roles, their permissions and members, and the permissions users hold directly (Auth0 RBAC).
import type { NewRole, Permission, Role, UserPermission } from '../../domain/role.ts';

export interface Paged<T> {
  items: T[];
  total: number;
}

export interface RoleStore {
  /** DuplicateError when the name is taken */
  create(role: NewRole): Promise<Role>;
  findById(id: string): Promise<Role | undefined>;
  /** The roles among `ids` that exist. */
  findMany(ids: readonly string[]): Promise<Role[]>;
  /** Oldest first; `nameFilter`: names containing it, ignoring case. */
  list(page: number, perPage: number, nameFilter?: string): Promise<Paged<Role>>;
  /** DuplicateError when the name is taken; false if the role is gone */
  replace(role: Role): Promise<boolean>;
  /** Deletes the role with its permissions and its members' assignments. */
  delete(id: string): Promise<boolean>;
  listPermissions(roleId: string, page: number, perPage: number): Promise<Paged<Permission>>;
  /** Adds the permissions it lacks (idempotent). */
  addPermissions(roleId: string, permissions: readonly Permission[]): Promise<void>;
  removePermissions(roleId: string, permissions: readonly Permission[]): Promise<void>;
  /** Members' user ids, in user id order. */
  listMembers(roleId: string, page: number, perPage: number): Promise<Paged<string>>;
  /** Members after `after` (exclusive), in user id order (checkpoint paging). */
  membersAfter(roleId: string, after: string | undefined, take: number): Promise<string[]>;
}

export interface UserAuthorizationStore {
  /** The user's roles, by name. */
  listRoles(userId: string, page: number, perPage: number): Promise<Paged<Role>>;
  /** Assigns roles to users (idempotent); every pair is (userId, roleId). */
  assignRoles(pairs: readonly { userId: string; roleId: string }[]): Promise<void>;
  removeRoles(userId: string, roleIds: readonly string[]): Promise<void>;
  addPermissions(userId: string, permissions: readonly Permission[]): Promise<void>;
  removePermissions(userId: string, permissions: readonly Permission[]): Promise<void>;
  /** Direct permissions and those of the user's roles, each with where it comes from. */
  listPermissions(userId: string, page: number, perPage: number): Promise<Paged<UserPermission>>;
  /** The names of the user's permissions (direct or through roles) on one API; read through the cache. */
  permissionNames(userId: string, resourceServerId: string): Promise<readonly string[]>;
  /** Removes every role and permission the user holds (the user is being deleted). */
  deleteForUser(userId: string): Promise<void>;
  /** Removes permissions of an API from roles and users: all of them, or those named. */
  deleteForResourceServer(resourceServerId: string, names?: readonly string[]): Promise<void>;
}
