import { InvalidRequest } from '../../../errors.ts';
import { ClientMetadataRefused } from '../../../cimd/documents.ts';
import type { AuthorizeRequest, WithClient } from '../context.ts';

/**
 * RFC 6749 §4.1.2.1: an unknown client is reported on our error page, never by redirect; so is
 * a client_id URL whose metadata document cannot be used (draft-ietf-oauth-client-id-metadata-document §5.1).
 */
export async function loadClient({ params, findClient }: Pick<AuthorizeRequest, 'params' | 'findClient'>): Promise<WithClient> {
  const id = params.client_id;
  if (!id) throw new InvalidRequest('Missing required parameter: client_id');
  let client;
  try {
    client = await findClient(id);
  } catch (err) {
    if (err instanceof ClientMetadataRefused) throw new InvalidRequest(err.message);
    throw err;
  }
  if (!client) throw new InvalidRequest(`Unknown client: ${id}`);
  return { client };
}
