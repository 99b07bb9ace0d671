// Limits of the config loader and of sweep grids: a config over the size cap is one clear problem,
// duplicate keys are still found (by Runlens's own one-pass check) at any depth, and a grid over
// the point cap is refused before any point is built.
import * as assert from 'node:assert/strict';
import { MAX_CONFIG_CHARS, parseConfig } from '../../../src/core/config/config';
import { MAX_SWEEP_POINTS, sweepGrid, sweepSize, SweepTooLargeError } from '../../../src/core/config/params';

describe('config and sweep limits', () => {
  it('a config over the size cap is refused with one problem at 1:1 that says why', () => {
    const text = `version: 1\nexperiments:\n  a:\n    command: x\n    env:\n${'      K: v\n'.repeat(MAX_CONFIG_CHARS / 10)}`;
    const c = parseConfig(text, 'runlens.yaml');
    assert.equal(c.experiments.size, 0);
    assert.equal(c.problems.length, 1);
    assert.deepEqual([c.problems[0]?.line, c.problems[0]?.column, c.problems[0]?.severity], [1, 1, 'error']);
    assert.match(c.problems[0]?.message ?? '', /^the file is 1\.\d MB; Runlens reads config files up to 1 MB/);
  });

  it('finds duplicate keys at every depth, in order, and keeps numbers and strings apart', () => {
    const text = 'version: 1\nexperiments:\n  a:\n    command: x\n    params: { lr: 1, lr: 2 }\n    env:\n      K: v\n      K: w\n  b: {command: y}\n  a: {command: z}\n';
    const c = parseConfig(text, 'f.yaml');
    assert.deepEqual(c.problems.map((p) => `${p.line}:${p.column} ${p.message}`), ['5:22 Map keys must be unique', '8:7 Map keys must be unique', '10:3 Map keys must be unique']);
    assert.equal(c.experiments.size, 0);
    const distinct = parseConfig('version: 1\nexperiments:\n  a:\n    command: x\n    env: { 1: a, "1": b }\n', 'f.yaml');
    assert.ok(!distinct.problems.some((p) => /unique/.test(p.message)), 'yaml tells 1 and "1" apart');
  });

  it('a grid over the cap throws before building a point; the cap can be raised', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const grid = { a: values, b: values, c: values, d: values };
    assert.equal(sweepSize(grid), 100_000_000);
    assert.throws(() => sweepGrid({}, grid), (e: unknown) => e instanceof SweepTooLargeError && e.size === 100_000_000 && e.max === MAX_SWEEP_POINTS);
    assert.equal(sweepGrid({}, { a: values, b: values }).length, 10_000);
    assert.throws(() => sweepGrid({}, { a: values, b: values, c: [1, 2] }), SweepTooLargeError);
    assert.equal(sweepGrid({}, { a: values, b: values, c: [1, 2] }, 20_000).length, 20_000);
  });
});
