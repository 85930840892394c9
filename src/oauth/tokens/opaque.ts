// Opaque secrets (authorization codes, refresh tokens, session ids): 256 random bits,
// base64url. Only their SHA-256 is stored, so a copy of the database cannot replay them.
import { createHash } from 'node:crypto';
import { secureRandomBytes } from '../../domain/ids.ts';

export const newOpaqueToken = (): string => secureRandomBytes(32).toString('base64url');

export const hashToken = (value: string): string => createHash('sha256').update(value).digest('base64url');
