// The grants the token endpoint knows. Adding a grant = adding its module to this list.
import type { Grant } from '../grant.ts';
import { clientCredentialsGrant } from './client-credentials.ts';

export const GRANTS: readonly Grant[] = [clientCredentialsGrant];
