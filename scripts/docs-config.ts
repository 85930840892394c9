// `npm run docs:config`: rewrites README.md's Configuration table (between the config-table markers)
// from the declarations in src/config/config.ts. test/foundation/config-docs.test.ts fails when it is stale.
import fs from 'node:fs';
import { withConfigTable } from '../src/config/docs.ts';

const readmePath = new URL('../README.md', import.meta.url);
const before = fs.readFileSync(readmePath, 'utf8');
const after = withConfigTable(before);
if (after === before) {
  process.stdout.write('README.md: the Configuration table is up to date\n');
} else {
  fs.writeFileSync(readmePath, after);
  process.stdout.write('README.md: Configuration table rewritten\n');
}
