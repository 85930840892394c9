import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config.ts';

/**
 * Creates DATA_DIR (mode 0700) one level at a time, or tightens an existing one to 0700: it
 * holds the master key and every secret of the store. Node's recursive mkdir can spin forever on
 * some pseudo file systems (e.g. a path under /proc), so the levels are made one by one and any
 * failure becomes a one-line DATA_DIR error.
 */
export function ensureDataDir(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    try {
      if (!fs.statSync(current).isDirectory()) throw new ConfigError('DATA_DIR', `${current} exists and is not a directory`);
      break;
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError('DATA_DIR', `cannot use ${current}: ${(err as Error).message}`);
      missing.unshift(current);
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  for (const level of missing) {
    try {
      fs.mkdirSync(level, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new ConfigError('DATA_DIR', `cannot create ${level}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const resolved = path.resolve(dir);
  const mode = fs.statSync(resolved).mode & 0o777;
  if (mode & 0o077) {
    try {
      fs.chmodSync(resolved, mode & 0o700);
    } catch (err) {
      throw new ConfigError(
        'DATA_DIR',
        `cannot restrict ${resolved} to its owner (mode 0700): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  }
}
