// The example project (docs/example): its runlens.yaml is clean, and its script runs as each
// experiment would run it: on its own (client no-op), with the client, and read by a pattern.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expandCommand, parseConfig } from '../../../src/core/config/config';
import { type ExperimentConfig } from '../../../src/core/config/types';
import { isBadLine, parseMetricRecord } from '../../../src/core/metrics/record';
import { createStdoutParser } from '../../../src/core/metrics/stdout';

const ROOT = resolve(__dirname, '../../../..');
const EXAMPLE = join(ROOT, 'docs/example');
const CONFIG = join(EXAMPLE, 'runlens.yaml');

function experiment(name: string): ExperimentConfig {
  const exp = parseConfig(readFileSync(CONFIG, 'utf8'), CONFIG).experiments.get(name);
  assert.ok(exp, `experiment ${name}`);
  return exp;
}

/** Runs an experiment's expanded argv in the example folder, writing outputs to `out`. */
function run(name: string, params: Record<string, number>, out: string, runDir?: string): { stdout: string; model: string } {
  const { argv, shell } = expandCommand(experiment(name), params);
  assert.equal(shell, false);
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: join(ROOT, 'src/python'), PYTHONDONTWRITEBYTECODE: '1' };
  delete env.RUNLENS_RUN_DIR;
  if (runDir) env.RUNLENS_RUN_DIR = runDir;
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd ?? '', [...args, '--out', out], { cwd: EXAMPLE, env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { stdout: r.stdout, model: readFileSync(join(out, 'model.json'), 'utf8') };
}

describe('example project', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'runlens-example-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('has a runlens.yaml without problems', () => {
    const c = parseConfig(readFileSync(CONFIG, 'utf8'), CONFIG);
    assert.deepEqual(c.problems, []);
    assert.deepEqual([...c.experiments.keys()], ['prepare', 'train', 'train-print', 'evaluate']);
    assert.deepEqual(c.experiments.get('train')?.sweep, { lr: [0.03, 0.1, 0.3] });
  });

  it('runs on its own (client no-op) and deterministically for a seed', () => {
    const a = run('train', { epochs: 8, delay: 0 }, join(tmp, 'a'));
    const b = run('train', { epochs: 8, delay: 0 }, join(tmp, 'b'));
    assert.equal(a.model, b.model);
    assert.notEqual(run('train', { epochs: 8, delay: 0, seed: 1 }, join(tmp, 'c')).model, a.model);
    const model = JSON.parse(a.model) as { weights: number[]; acc: number };
    assert.equal(model.weights.length, 4);
    assert.ok(model.acc > 0.7, `learns something: acc ${model.acc}`);
  });

  it('logs the same metrics through the client as its pattern reads from its prints', () => {
    const runDir = join(tmp, 'run');
    mkdirSync(runDir);
    run('train', { epochs: 5, delay: 0, lr: 0.1 }, join(tmp, 'a'), runDir);
    const logged = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => parseMetricRecord(l, 0));
    const epochs = logged.filter((r) => !isBadLine(r) && !r.params && !r.summary);
    assert.equal(logged.filter(isBadLine).length, 0);
    assert.equal(epochs.length, 5);

    const printed = run('train-print', { epochs: 5, lr: 0.1 }, join(tmp, 'b'));
    const parser = createStdoutParser(experiment('train-print').metrics.patterns);
    const read = [...parser.push(Buffer.from(printed.stdout)), ...parser.flush()];
    assert.equal(parser.badLines, 0);
    assert.deepEqual(read.map((r) => r.step), [1, 2, 3, 4, 5]);
    read.forEach((r, i) => {
      const e = epochs[i];
      assert.ok(e && !isBadLine(e));
      for (const k of ['loss', 'val_loss', 'acc']) assert.ok(Math.abs((r.values[k] ?? NaN) - (e.values[k] ?? NaN)) < 1e-4, k);
    });
  });
});
