// Encryption at rest for client secrets and private signing keys (AES-256-GCM).
// Sealed format: "v1.<iv>.<ciphertext>.<tag>", each part base64url. The AAD binds a
// value to its purpose (e.g. "client_secret:<tenant>:<client_id>") so sealed blobs
// cannot be swapped between rows.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { secureRandomBytes } from '../domain/ids.ts';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config.ts';

export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('master key must be 32 bytes');
    this.#key = key;
  }

  seal(plaintext: string, aad: string): string {
    const iv = secureRandomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(aad));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  open(sealed: string, aad: string): string {
    const [version, iv, ct, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || ct === undefined || !tag) throw new Error('sealed value has an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  // Never let the key reach a log line or a JSON dump.
  toJSON(): string {
    return '[SecretBox]';
  }
}

/** Parses LATCHKEY_MASTER_KEY: 64 hex chars, or base64/base64url of exactly 32 bytes. */
export function parseMasterKey(raw: string): Buffer {
  const text = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const buf = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (buf.length === 32) return buf;
  }
  throw new ConfigError('LATCHKEY_MASTER_KEY', 'must be 32 bytes as base64/base64url or 64 hex characters (generate one: openssl rand -base64 32)');
}

/**
 * The master key from config, or (embedded SQLite only) the one kept in DATA_DIR/master.key.
 * The file is generated (mode 0600) only for an empty store: data sealed with a lost key must
 * not be joined by data sealed with a new one.
 */
export function loadMasterKey(configured: string | undefined, dataDir: string, storeIsEmpty: boolean): Buffer {
  if (configured !== undefined) return parseMasterKey(configured);
  const file = path.join(dataDir, 'master.key');
  if (storeIsEmpty) {
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new ConfigError(
      'LATCHKEY_MASTER_KEY',
      `is unset and ${file} is missing, but this store holds secrets sealed with a master key: put back the master.key that belongs to it (or set LATCHKEY_MASTER_KEY)`,
    );
  }
  try {
    return parseMasterKey(text);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError('LATCHKEY_MASTER_KEY', `the key file ${file} is not a valid key`);
    throw err;
  }
}
