// Names that are also Object.prototype members (`__proto__`, `constructor`) in the places that
// build objects keyed by names from the user (issue 10 item 8): each stays an ordinary own key.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/core/config/config';
import { toMetricValue } from '../../../src/core/metrics/record';
import { parseParamsLine } from '../../../src/core/params/paramsLine';
import { planRun } from '../../../src/core/runner/plan';
import { paramsFromArgv } from '../../../src/core/runner/rawParams';

/** The own value of `key` (never an inherited member). */
const ownValue = (o: object, key: string): unknown => Object.getOwnPropertyDescriptor(o, key)?.value;

const YAML = [
  'experiments:',
  '  train:',
  '    command: python train.py',
  '    params: { __proto__: 1, constructor: 2 }',
  '    env: { __proto__: "x" }',
  '    sweep: { __proto__: [1, 2] }',
  '    reproduce: { tolerance: { metrics: { __proto__: { abs: 0.5 } } } }',
  '',
].join('\n');

describe('names like __proto__', () => {
  it('are params of a raw command line', () => {
    const p = paramsFromArgv(['python', '--__proto__', '3', '--constructor=4']);
    assert.deepEqual(Object.keys(p), ['__proto__', 'constructor']);
    assert.equal(ownValue(p, '__proto__'), 3);
  });

  it('are params, env, sweep and tolerance names in runlens.yaml', () => {
    const exp = parseConfig(YAML, 'runlens.yaml').experiments.get('train');
    assert.ok(exp);
    assert.equal(ownValue(exp.params, '__proto__'), 1);
    assert.equal(ownValue(exp.env, '__proto__'), 'x');
    assert.deepEqual(ownValue(exp.sweep ?? {}, '__proto__'), [1, 2]);
    assert.deepEqual(ownValue(exp.reproduce?.tolerance.metrics ?? {}, '__proto__'), { abs: 0.5, rel: 0 });
  });

  it('are overridden by -p and by a params line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runlens-proto-'));
    try {
      writeFileSync(join(dir, 'runlens.yaml'), YAML);
      const plan = await planRun({ workspace: dir, cwd: '/', experiment: 'train', assignments: ['__proto__=5'] });
      assert.equal(ownValue(plan.params, '__proto__'), 5);
      assert.equal(ownValue(plan.params, 'constructor'), 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const defaults = JSON.parse('{"__proto__": 1, "constructor": 2}') as Record<string, number>;
    const line = parseParamsLine('__proto__=7 constructor=8,9', defaults);
    assert.equal(ownValue(line.params, '__proto__'), 7);
    assert.deepEqual(ownValue(line.grid, 'constructor'), [8, 9]);
  });

  it('are not metric values: the string "constructor" is not a number', () => {
    assert.equal(toMetricValue('constructor'), undefined);
    assert.equal(toMetricValue('__proto__'), undefined);
    assert.ok(Number.isNaN(toMetricValue('NaN')));
  });
});
