#!/usr/bin/env node
// Entry point: runs the compiled CLI in dist/ (`npm run build`; `npm ci` builds it).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('latchkey: dist/ is missing: run `npm run build` first\n');
  process.exit(1);
}
// Stack traces name the TypeScript sources (dist/ carries source maps).
process.setSourceMapsEnabled(true);
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2));
