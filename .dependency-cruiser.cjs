// The import direction of ../shared/DESIGN.md, checked on every `npm test`
// (test/foundation/import-direction.test.ts). Layers, top to bottom; arrows point down, or
// sideways within a layer, never up and never in a circle:
//   entry (main.ts, cli/) > http/ > surfaces (dashboard/, management/, login/, oauth/)
//   > shared (web/, sessions/, tenancy/, outbound/, services/, crypto.ts) > storage/ > domain/, config/
// Type-only imports are exempt from the layer rules (they vanish at run time: the Services bag
// in services/ names the types of what main.ts builds); they still count for cycles.
const ENTRY = '^src/(main\\.ts|cli/)';
const HTTP = '^src/http/';
const SURFACES = '^src/(dashboard|management|login|oauth)/';
const SHARED = '^src/(web|sessions|tenancy|outbound|services)/|^src/crypto\\.ts$';
const STORAGE = '^src/storage/';

const up = (name, from, to) => ({
  name,
  severity: 'error',
  comment: `${name}: imports point down the layers of DESIGN.md`,
  from: { path: from },
  to: { path: to, dependencyTypesNot: ['type-only'] },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'modules must not depend on each other in a circle',
      from: { path: '^src/' },
      to: { circular: true },
    },
    up('http-not-up', HTTP, ENTRY),
    up('surfaces-not-up', SURFACES, `${ENTRY}|${HTTP}`),
    up('shared-not-up', SHARED, `${ENTRY}|${HTTP}|${SURFACES}`),
    up('storage-only-down', STORAGE, `${ENTRY}|${HTTP}|${SURFACES}|${SHARED}`),
    up('domain-imports-nothing', '^src/domain/', '^src/(?!domain/)'),
    up('config-imports-nothing-above', '^src/config/', '^src/(?!config/)'),
    {
      name: 'oauth-not-into-other-surfaces',
      severity: 'error',
      comment: 'oauth/ never imports login/, dashboard/ or management/ (DESIGN.md)',
      from: { path: '^src/oauth/' },
      to: { path: '^src/(login|dashboard|management)/' },
    },
    {
      name: 'management-not-into-pages',
      severity: 'error',
      comment: 'the Management API does not depend on the pages that call it',
      from: { path: '^src/management/' },
      to: { path: '^src/(login|dashboard)/' },
    },
    {
      name: 'login-only-authorize-stages',
      severity: 'error',
      comment: 'login/ may run the authorize stages of oauth/ (with its pipeline runner) and use its errors, nothing else of it',
      from: { path: '^src/login/' },
      to: { path: '^src/oauth/(?!endpoints/authorize/|errors\\.ts|pipeline\\.ts)' },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
