// /api/v2/roles and the RBAC parts of /api/v2/users (SDK `CreateRoleRequestContent`,
// `PermissionRequestPayload`, `PermissionsResponsePayload`, `RoleUser`, `UserPermissionSchema`).
import { Type } from 'typebox';
import { CheckpointQuery, OffsetQuery } from '../pagination.ts';

const roleFields = {
  name: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^<>]+$', description: 'Name of the role. Can not contain `<` or `>` characters' }),
  description: Type.String({ maxLength: 255, description: 'Description of the role' }),
};

export const RoleCreate = Type.Object(
  { name: roleFields.name, description: Type.Optional(roleFields.description) },
  { additionalProperties: false, required: ['name'] },
);
export const RolePatch = Type.Object(
  { name: Type.Optional(roleFields.name), description: Type.Optional(roleFields.description) },
  { additionalProperties: false },
);

export const RoleResponse = Type.Object({ id: Type.String(), name: Type.String(), description: Type.String() });

export const RoleListQuery = Type.Object({
  ...OffsetQuery,
  name_filter: Type.Optional(Type.String({ maxLength: 255, description: 'Optional filter on name (case-insensitive)' })),
});

export const PageQuery = Type.Object(OffsetQuery);

/** Offset paging or, with `from`/`take`, checkpoint paging (the SDK's roles.users.list uses it). */
export const RoleUsersQuery = Type.Object({ ...OffsetQuery, ...CheckpointQuery });

const PermissionRef = Type.Object(
  {
    resource_server_identifier: Type.String({ minLength: 1, maxLength: 600, description: 'Resource server (API) identifier that this permission is for' }),
    permission_name: Type.String({ minLength: 1, maxLength: 280, description: 'Name of this permission' }),
  },
  { additionalProperties: false },
);

export const PermissionsBody = Type.Object(
  { permissions: Type.Array(PermissionRef, { minItems: 1, maxItems: 1000, description: 'Permissions: an API identifier and one of its scopes' }) },
  { additionalProperties: false, required: ['permissions'] },
);

const Ids = (description: string) => Type.Array(Type.String({ minLength: 1, maxLength: 512 }), { minItems: 1, maxItems: 1000, description });

export const RoleIdsBody = Type.Object({ roles: Ids('IDs of the roles') }, { additionalProperties: false, required: ['roles'] });
export const UserIdsBody = Type.Object({ users: Ids('IDs of the users') }, { additionalProperties: false, required: ['users'] });

export const PermissionResponse = Type.Object({
  resource_server_identifier: Type.String(),
  permission_name: Type.String(),
  resource_server_name: Type.String(),
  description: Type.String(),
});

export const PermissionSourceResponse = Type.Object({
  source_id: Type.String(),
  source_name: Type.String(),
  source_type: Type.Union([Type.Literal('DIRECT'), Type.Literal('ROLE')]),
});

export const UserPermissionResponse = Type.Object({ ...PermissionResponse.properties, sources: Type.Array(PermissionSourceResponse) });

export const RoleUserResponse = Type.Object({
  user_id: Type.String(),
  email: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  picture: Type.Optional(Type.String()),
});

/** A list as a bare array or, with include_totals, `{start, limit, total, <key>}`. */
export const OffsetList = (key: string, item: ReturnType<typeof Type.Object>) =>
  Type.Union([Type.Array(item), Type.Object({ total: Type.Integer(), start: Type.Integer(), limit: Type.Integer(), [key]: Type.Array(item) })]);
