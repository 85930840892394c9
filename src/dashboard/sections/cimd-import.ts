// Applications imported from a Client ID Metadata Document: preview, import, refresh. Each step
// is one Management API call (POST /clients/cimd/preview or /clients/cimd/register).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/container.ts';
import { formBody, text } from '../form.ts';
import { redirectWithNotice, render, tenantPage } from '../context.ts';
import { seg } from '../api-client.ts';
import { cimdImportPage, type CimdPreview } from '../pages/cimd-import.ts';
import { must } from './common.ts';

export function registerCimdImportPages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  tenantPage(app, root, services, 'GET', '/applications/import', async (c, _request, reply) => {
    return render(reply, c, 'Import from metadata URL', 'applications', cimdImportPage({ base: c.base, csrf: c.csrf, url: '', errors: {} }));
  });

  tenantPage(app, root, services, 'POST', '/applications/import', async (c, request, reply) => {
    const body = formBody(request);
    const url = text(body, 'external_client_id').trim();
    const page = (status: number, extra: { alert?: string; preview?: CimdPreview; field?: string }) =>
      render(
        reply,
        c,
        'Import from metadata URL',
        'applications',
        cimdImportPage({
          base: c.base,
          csrf: c.csrf,
          url,
          errors: extra.field ? { external_client_id: extra.field } : {},
          ...(extra.alert && { alert: extra.alert }),
          ...(extra.preview && { preview: extra.preview }),
        }),
        status,
      );
    if (!url) return page(400, { alert: 'Enter the URL of the metadata document.', field: 'Required.' });
    if (text(body, 'step') === 'save') {
      const res = await c.api.call<{ client_id: string }>('POST', '/clients/cimd/register', { body: { external_client_id: url } });
      if (!res.ok) return page(res.status, { alert: `Nothing was imported: ${res.error.message}` });
      return redirectWithNotice(reply, `${c.base}/applications/${seg(res.body.client_id)}`, res.status === 201 ? 'imported' : 'metadata-refreshed');
    }
    const res = await c.api.call<CimdPreview>('POST', '/clients/cimd/preview', { body: { external_client_id: url } });
    if (!res.ok) return page(res.status, { alert: res.error.message });
    return page(200, { preview: res.body });
  });

  tenantPage(app, root, services, 'POST', '/applications/:id/refresh-metadata', async (c, request, reply) => {
    const id = (request.params as { id: string }).id;
    const client = must(await c.api.get<{ external_client_id?: string }>(`/clients/${seg(id)}`), 'Application not found');
    if (!client.external_client_id) return redirectWithNotice(reply, `${c.base}/applications/${seg(id)}`, 'saved');
    const res = await c.api.call('POST', '/clients/cimd/register', { body: { external_client_id: client.external_client_id } });
    must(res);
    return redirectWithNotice(reply, `${c.base}/applications/${seg(id)}`, 'metadata-refreshed');
  });
}
