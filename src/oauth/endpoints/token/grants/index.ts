// The grants the token endpoint knows. Adding a grant = adding its module to this list.
import type { Grant } from '../grant.ts';
import { clientCredentialsGrant } from './client-credentials.ts';
import { authorizationCodeGrant } from './authorization-code.ts';
import { refreshTokenGrant } from './refresh-token.ts';

export const GRANTS: readonly Grant[] = [clientCredentialsGrant, authorizationCodeGrant, refreshTokenGrant];
