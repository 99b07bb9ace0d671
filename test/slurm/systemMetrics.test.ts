// `--no-system-metrics` on a submission to the real cluster reaches every task (through the
// submission record, not the environment), and a requeue and a rerun of its points keep it; the
// same run submitted without it samples system/* metrics, so the check can fail.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, cliEnv, runCli, tempWorkspace } from '../unit/cli/harness';
import { waitForRuns } from './helpers';

// Waits (up to argv[1] s) for a system/* sample in its own metrics file, then logs its loss; point 2 fails.
const TRAIN = [
  'import os, sys, time',
  'metrics = os.path.join(os.environ["RUNLENS_RUN_DIR"], "metrics.jsonl")',
  'deadline = time.time() + float(sys.argv[1])',
  'sampled = lambda: os.path.exists(metrics) and "system/" in open(metrics).read()',
  'while time.time() < deadline and not sampled():',
  '    time.sleep(0.1)',
  'print("step=0 loss=1", flush=True)',
  'sys.exit(3 if sys.argv[2] == "2" else 0)',
  '',
].join('\n');

const CONFIG = [
  'systemMetrics: { interval: 0.5 }',
  'experiments:',
  '  train:',
  '    command: python3 train.py ${wait} ${k}',
  '    params: {wait: 4, k: 1}',
  '    metrics:',
  '      patterns:',
  "        - regex: 'step=(?<step>\\d+) loss=(?<loss>\\S+)'",
  '    executor:',
  '      slurm: { time: "5" }',
  '',
].join('\n');

const ended = (m: { status: string }): boolean => m.status !== 'queued' && m.status !== 'running';

describe('Slurm: --no-system-metrics (real cluster)', function () {
  this.timeout(300_000);
  let ws: string;
  beforeEach(() => {
    ws = tempWorkspace({ 'runlens.yaml': CONFIG, 'train.py': TRAIN });
    const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: ws });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'init');
  });
  afterEach(() => cleanup(ws));

  it('reaches every task of a sweep and of its rerun; a run without it samples', async () => {
    const off = await runCli(['sweep', 'train', '--grid', 'k=1,2', '--no-system-metrics'], ws, cliEnv({ RUNLENS_NO_SYSTEM_METRICS: '' }));
    assert.equal(off.code, 0, off.stderr);
    const on = await runCli(['run', 'train', '-p', 'k=3', '-p', 'wait=120'], ws, cliEnv({ RUNLENS_NO_SYSTEM_METRICS: '' }));
    assert.equal(on.code, 0, on.stderr);
    const runs = await waitForRuns(ws, 'the three runs to end', ended, 3);
    const byK = new Map(runs.map((m) => [m.params.k, m]));
    assert.ok(Object.keys(byK.get(3)?.metrics ?? {}).some((n) => n.startsWith('system/')), `without the flag a task samples: ${JSON.stringify(byK.get(3))}`);
    for (const k of [1, 2]) assert.deepEqual(Object.keys(byK.get(k)?.metrics ?? {}), ['loss'], `point k=${k}`);
    const sub = byK.get(1)?.slurm?.submission ?? '';
    const record = JSON.parse(readFileSync(join(ws, '.runlens', 'slurm', 'submissions', `${sub}.json`), 'utf8')) as { noSystemMetrics?: boolean };
    assert.equal(record.noSystemMetrics, true);

    // Rerun Failed Points resubmits the failed point k=2 without being told again.
    const rerun = await runCli(['slurm', 'rerun-failed', sub], ws, cliEnv({ RUNLENS_NO_SYSTEM_METRICS: '' }));
    assert.equal(rerun.code, 0, rerun.stderr);
    const all = await waitForRuns(ws, 'the rerun to end', ended, 4);
    const fresh = all.find((m) => !runs.some((r) => r.id === m.id));
    assert.equal(fresh?.params.k, 2);
    assert.deepEqual(Object.keys(fresh?.metrics ?? {}), ['loss'], 'the rerun point');
  });
});
