// The layers of DESIGN.md hold: no import points up, none forms a cycle, oauth/ does not reach
// into the other surfaces (.dependency-cruiser.cjs has the rules and says why).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

it('imports follow the layers of DESIGN.md, with no cycles', async () => {
  const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
  const result = await cruise(['src'], { ...options, validate: true }, undefined, { tsConfig: extractTSConfig('tsconfig.json') });
  const output = result.output as ICruiseResult;
  const violations = output.summary.violations.map(
    (v) => `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle?.length ? ` (cycle: ${v.cycle.map((c) => c.name).join(' -> ')})` : ''}`,
  );
  assert.deepEqual(violations, [], `import rules broken:\n${violations.join('\n')}`);
  // The check saw the code: a cruise of nothing would pass every rule.
  assert.ok(output.summary.totalCruised > 100, `only ${output.summary.totalCruised} modules were read`);
});
