import { InvalidRequest } from '../../../errors.ts';
import type { AuthorizeContext } from '../context.ts';

/** RFC 6749 §4.1.2.1: an unknown client is reported on our error page, never by redirect. */
export async function loadClient(a: AuthorizeContext): Promise<void> {
  const id = a.params.client_id;
  if (!id) throw new InvalidRequest('Missing required parameter: client_id');
  const client = await a.ctx.stores.clients.findById(id);
  if (!client) throw new InvalidRequest(`Unknown client: ${id}`);
  a.client = client;
}
