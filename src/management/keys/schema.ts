// /api/v2/keys/signing bodies, with Auth0's members.
import { Type } from 'typebox';

const When = (description: string) => Type.String({ format: 'date-time', description });

export const SigningKeyResponse = Type.Object({
  kid: Type.String({ description: 'The key id (the RFC 7638 thumbprint of the public key)' }),
  cert: Type.String({ description: 'The public certificate of the key, PEM' }),
  pkcs7: Type.String({ description: 'The public certificate in a PKCS#7 bundle, PEM' }),
  fingerprint: Type.String({ description: 'SHA-1 of the certificate, colon-separated hex' }),
  thumbprint: Type.String({ description: 'SHA-1 of the certificate, hex' }),
  current: Type.Boolean({ description: 'Signs tokens now' }),
  next: Type.Boolean({ description: 'Published; becomes current at the next rotation' }),
  previous: Type.Boolean({ description: 'Was current; still published until revoked' }),
  current_since: Type.Optional(When('When the key became current')),
  current_until: Type.Optional(When('When the key stopped being current')),
  revoked: Type.Boolean({ description: 'Unpublished; tokens it signed no longer verify' }),
  revoked_at: Type.Optional(When('When the key was revoked')),
});

export const KeyCertificateResponse = Type.Object({
  cert: Type.String({ description: 'The certificate of the key, PEM' }),
  kid: Type.String(),
});
