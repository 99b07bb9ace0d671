// Planning a run: experiments from a real runlens.yaml in a temp dir (defaults, -p overrides,
// unknown params, config errors) and raw commands with their --key value params.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { experimentPlanner, PlanError, planRun } from '../../../src/core/runner/plan';
import { paramsFromArgv } from '../../../src/core/runner/rawParams';

describe('paramsFromArgv', () => {
  it('records --key value and --key=value, typed, skipping the program and short options', () => {
    const params = paramsFromArgv(['python', '-u', 'train.py', '--lr', '0.01', '--epochs=3', '--name', 'bert base',
      '--verbose', '--shift', '-2', '--amp=false', '--data', 'a.csv', '-x', '7']);
    assert.deepEqual(params, { lr: 0.01, epochs: 3, name: 'bert base', verbose: true, shift: -2, amp: false, data: 'a.csv' });
  });

  it('treats a trailing --flag as true and stops at a nested --', () => {
    assert.deepEqual(paramsFromArgv(['prog', '--a', '--b', '--', '--c', '1']), { a: true, b: true });
  });
});

describe('planRun', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runlens-plan-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const config = (text: string): void => writeFileSync(join(dir, 'runlens.yaml'), text);

  it('expands an experiment with defaults overridden by -p, typed like the default', async () => {
    config([
      'experiments:',
      '  train:',
      '    command: python train.py --lr ${lr} --epochs ${epochs} --tag "${tag}"',
      '    params: { lr: 0.1, epochs: 2, tag: "a b" }',
      '    env: { SEED: "7" }',
      '',
    ].join('\n'));
    const plan = await planRun({ workspace: dir, cwd: '/', experiment: 'train', assignments: ['epochs=5', 'tag=x; rm -rf /'] });
    assert.deepEqual(plan.argv, ['python', 'train.py', '--lr', '0.1', '--epochs', '5', '--tag', 'x; rm -rf /']);
    assert.equal(plan.shell, false);
    assert.equal(plan.cwd, dir);
    assert.deepEqual(plan.params, { lr: 0.1, epochs: 5, tag: 'x; rm -rf /' });
    assert.deepEqual(plan.env, { SEED: '7' });
  });

  it('rejects an unknown -p key, naming the known ones', async () => {
    config('experiments:\n  train:\n    command: python t.py ${lr}\n    params: { lr: 0.1 }\n');
    await assert.rejects(planRun({ workspace: dir, cwd: dir, experiment: 'train', assignments: ['lrr=1'] }),
      (e: unknown) => e instanceof PlanError && e.kind === 'usage' && /unknown param "lrr"/.test(e.message) && /lr/.test(e.hint ?? ''));
  });

  it('reports config errors with positions when the experiment cannot run', async () => {
    config('experiments:\n  train:\n    command: 42\n    params: { lr: 0.1 }\n');
    await assert.rejects(planRun({ workspace: dir, cwd: dir, experiment: 'train', assignments: [] }), (e: unknown) => {
      assert.ok(e instanceof PlanError);
      assert.equal(e.kind, 'config');
      assert.ok(e.problems.length > 0);
      assert.equal(e.problems[0]?.line, 3);
      return true;
    });
  });

  it('says which experiments exist when the name is wrong', async () => {
    config('experiments:\n  train:\n    command: python t.py\n');
    await assert.rejects(planRun({ workspace: dir, cwd: dir, experiment: 'trian', assignments: [] }),
      (e: unknown) => e instanceof PlanError && e.kind === 'not-found' && e.hint === 'experiments: train');
  });

  it('plans a raw command in the caller cwd and refuses -p with it', async () => {
    const plan = await planRun({ workspace: dir, cwd: '/tmp', command: ['node', 'x.js', '--k=v'], assignments: [] });
    assert.deepEqual(plan, { experiment: null, argv: ['node', 'x.js', '--k=v'], shell: false, cwd: '/tmp', params: { k: 'v' }, env: {}, metricPatterns: [], root: dir, datasets: [], outputs: [] });
    await assert.rejects(planRun({ workspace: dir, cwd: dir, command: ['node'], assignments: ['a=1'] }),
      (e: unknown) => e instanceof PlanError && e.kind === 'usage');
  });
});

describe('experimentPlanner', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runlens-planner-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads runlens.yaml once and plans every point from it, like planRun', async () => {
    writeFileSync(join(dir, 'runlens.yaml'), 'experiments:\n  train:\n    command: python train.py ${lr}\n    params: { lr: 0.1 }\n');
    const plan = await experimentPlanner({ workspace: dir, cwd: '/', experiment: 'train' });
    // The file changing after the planner read it does not reach the points (the sweep's runs agree).
    writeFileSync(join(dir, 'runlens.yaml'), 'experiments:\n  other:\n    command: echo\n');
    const points = [1, 2, 3].map((lr) => plan([`lr=${lr}`]));
    assert.deepEqual(points.map((p) => p.argv), [['python', 'train.py', '1'], ['python', 'train.py', '2'], ['python', 'train.py', '3']]);
    assert.deepEqual(points.map((p) => p.params), [{ lr: 1 }, { lr: 2 }, { lr: 3 }]);
    assert.throws(() => plan(['nope=1']), (e: unknown) => e instanceof PlanError && e.kind === 'usage' && /unknown param "nope"/.test(e.message));
  });

  it('refuses a missing experiment before planning any point', async () => {
    writeFileSync(join(dir, 'runlens.yaml'), 'experiments:\n  train:\n    command: echo\n');
    await assert.rejects(experimentPlanner({ workspace: dir, cwd: '/', experiment: 'nope' }), (e: unknown) => e instanceof PlanError && e.kind === 'not-found');
  });
});
