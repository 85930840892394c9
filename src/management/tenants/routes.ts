// GET/PATCH /api/v2/tenants/settings (auth0-behaviour §2.1).
import { Type } from 'typebox';
import { route, type ManagementRoute } from '../route.ts';
import { FieldsQuery, pickFields } from '../pagination.ts';
import { TenantSettingsPatch, TenantSettingsResponse } from './schema.ts';
import { TenantSettingsService } from './service.ts';

const service = (services: Parameters<ManagementRoute['handler']>[0]['services']) =>
  new TenantSettingsService(services.storage, () => services.tenants.forget());

export const tenantSettingsRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: '/tenants/settings',
    summary: 'Get tenant settings',
    scopes: ['read:tenant_settings'],
    query: Type.Object(FieldsQuery),
    response: { status: 200, schema: TenantSettingsResponse },
    async handler({ ctx, services, query }) {
      // Read from the store, not the request's cached tenant: a PATCH just before must show.
      const settings = await service(services).get(ctx.tenant.id);
      return pickFields(settings as unknown as Record<string, unknown>, query.fields, query.include_fields);
    },
  }),
  route({
    method: 'PATCH',
    url: '/tenants/settings',
    summary: 'Update tenant settings (only the keys sent change; flags merge key by key)',
    scopes: ['update:tenant_settings'],
    body: TenantSettingsPatch,
    response: { status: 200, schema: TenantSettingsResponse },
    async handler({ ctx, services, body }) {
      return service(services).update(ctx.tenant.id, body);
    },
  }),
];
