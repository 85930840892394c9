import { InvalidRequest } from '../../../errors.ts';
import type { AuthorizeRequest, WithClient } from '../context.ts';

/** RFC 6749 §4.1.2.1: an unknown client is reported on our error page, never by redirect. */
export async function loadClient({ params, ctx }: Pick<AuthorizeRequest, 'params' | 'ctx'>): Promise<WithClient> {
  const id = params.client_id;
  if (!id) throw new InvalidRequest('Missing required parameter: client_id');
  const client = await ctx.stores.clients.findById(id);
  if (!client) throw new InvalidRequest(`Unknown client: ${id}`);
  return { client };
}
