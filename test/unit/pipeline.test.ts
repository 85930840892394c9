// The pipeline runner without HTTP: order, what each step adds, early stops, errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Stop, pipeline, stop } from '../../src/oauth/pipeline.ts';

interface Request {
  params: Record<string, string>;
  seen: string[];
}

function loadName(r: Request): { name: string } {
  r.seen.push('loadName');
  const name = r.params.name;
  if (!name) throw new Error('no name');
  return { name };
}

async function greet(r: Request & { name: string }): Promise<{ greeting: string }> {
  r.seen.push('greet');
  return { greeting: `hello ${r.name}` };
}

function checkNothing(r: Request): void {
  r.seen.push('checkNothing');
}

function askForName(r: Request & { greeting: string }): Stop<{ redirectTo: string }> | void {
  r.seen.push('askForName');
  if (r.params.ask) return stop({ redirectTo: '/ask' });
}

describe('pipeline', () => {
  const steps = pipeline<Request>().step(loadName).step(checkNothing).step(greet);

  it('runs the steps in order and returns the state with what each added', async () => {
    const out = await steps.run({ params: { name: 'ada' }, seen: [] });
    assert.equal(out.greeting, 'hello ada');
    assert.equal(out.name, 'ada');
    assert.deepEqual(out.seen, ['loadName', 'checkNothing', 'greet']);
  });

  it('names the steps by their functions, in order', () => {
    assert.deepEqual(steps.names, ['loadName', 'checkNothing', 'greet']);
  });

  it('is immutable: adding a step makes a new pipeline', () => {
    const longer = steps.step(askForName);
    assert.deepEqual(steps.names, ['loadName', 'checkNothing', 'greet']);
    assert.deepEqual(longer.names, ['loadName', 'checkNothing', 'greet', 'askForName']);
  });

  it('ends early with a Stop; later steps do not run', async () => {
    const seen: string[] = [];
    const out = await steps
      .step(askForName)
      .step(checkNothing)
      .run({ params: { name: 'ada', ask: '1' }, seen });
    assert.ok(out instanceof Stop);
    assert.deepEqual(out.result, { redirectTo: '/ask' });
    assert.deepEqual(seen, ['loadName', 'checkNothing', 'greet', 'askForName']);
  });

  it('lets an error through unchanged; the state shows what earlier steps established', async () => {
    const failing = pipeline<Request>()
      .step(loadName)
      .step(() => {
        throw new RangeError('refused');
      });
    const state: Request & Partial<{ name: string }> = { params: { name: 'ada' }, seen: [] };
    await assert.rejects(failing.run(state), RangeError);
    assert.equal(state.name, 'ada');
  });

  it('runs no later step after an error', async () => {
    const seen: string[] = [];
    await assert.rejects(steps.run({ params: {}, seen }), /no name/);
    assert.deepEqual(seen, ['loadName']);
  });
});
