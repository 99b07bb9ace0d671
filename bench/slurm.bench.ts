// Slurm on a real single-node test cluster (started and stopped as the Slurm suite does it,
// test/support/slurmCluster.ts; skipped with a message when slurm-wlm is not installed):
// `runlens sweep --on slurm` of 5,000 points under MaxArraySize 500 against `sbatch` of the same
// ten arrays, and how many times the poller asks the scheduler in 30 s with 1,000 active tasks.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RunStore } from '../src/core/store/store';
import { slurmCommands } from '../src/core/slurm/commands';
import { POLL_INTERVAL_MS, SlurmPoller } from '../src/core/slurm/poller';
import { slurmInstalled, withSlurmCluster } from '../test/support/slurmCluster';
import { repoRoot, report } from './report';

const POINTS = 5000;
const MAX_ARRAY = 500;
const ACTIVE = 1000;
const run = promisify(execFile);
const GIT_ENV = { GIT_AUTHOR_NAME: 'B', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'B', GIT_COMMITTER_EMAIL: 'b@example.com' };

/** A committed workspace whose experiment runs on Slurm. */
function workspace(parent: string, name: string): string {
  const ws = join(parent, name);
  execFileSync('mkdir', ['-p', ws]);
  writeFileSync(join(ws, 'runlens.yaml'), 'experiments:\n  train:\n    command: python3 train.py ${lr}\n    params: { lr: 0.1 }\n    executor:\n      slurm: { time: "5" }\n');
  writeFileSync(join(ws, 'train.py'), 'import sys\nprint(sys.argv[1])\n');
  const git = (...args: string[]): void => void execFileSync('git', args, { cwd: ws, env: { ...process.env, ...GIT_ENV }, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'bench');
  return ws;
}

/** Wall time of `fn` in ms. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Submits `points` held points of the workspace's sweep through the CLI. */
function sweep(ws: string, points: number, env: NodeJS.ProcessEnv): Promise<unknown> {
  const grid = `lr=${Array.from({ length: points }, (_, i) => i + 1).join(',')}`;
  return run(process.execPath, [join(repoRoot(), 'dist', 'cli.js'), 'sweep', 'train', '--grid', grid, '--max-points', String(points),
    '--no-probe', '--slurm-extra=--hold'], { cwd: ws, env: { ...env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
}

/** Runs the Slurm figures on a cluster of their own. */
export async function bench(): Promise<void> {
  if (!slurmInstalled()) {
    console.log('skipped: Slurm is not installed here (apt-get install slurm-wlm munge; root needed to start the test cluster)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'runlens-bench-slurm-'));
  try {
    // Ended jobs stay in the controller for a while: room for the baseline's, the sweep's and the poller's.
    await withSlurmCluster({ maxArraySize: MAX_ARRAY, maxJobCount: 4 * POINTS }, async (cluster) => {
      const env = cluster.env;
      const scancelAll = (): unknown => execFileSync('scancel', ['--user', userInfo().username], { env });
      // Baseline: the same ten held arrays, straight to sbatch (a script that does nothing).
      const script = join(dir, 'job.sh');
      writeFileSync(script, '#!/bin/sh\ntrue\n', { mode: 0o755 });
      const arrays = Math.ceil(POINTS / MAX_ARRAY);
      const sbatch = await timed(async () => {
        for (let a = 0; a < arrays; a++) {
          await run('sbatch', ['--parsable', '--hold', '--job-name=runlens-bench', `--array=0-${Math.min(MAX_ARRAY, POINTS - a * MAX_ARRAY) - 1}`,
            `--output=${join(dir, '%A_%a.out')}`, script], { env });
        }
      });
      scancelAll();

      const ws = workspace(dir, 'sweep');
      const submit = await timed(() => sweep(ws, POINTS, env));
      scancelAll();
      report({
        name: `runlens sweep --on slurm of ${POINTS} points (MaxArraySize ${MAX_ARRAY}: ${arrays} arrays; plan, snapshot, queued runs, sbatch)`,
        value: submit, unit: 'ms', baseline: { name: `sbatch of the same ${arrays} arrays`, value: sbatch },
        target: '<= 5000 ms', pass: submit <= 5000,
      });

      // The poller with 1,000 active (held) tasks, over one 30 s interval after the user opened the view.
      const active = workspace(dir, 'active');
      await sweep(active, ACTIVE, env);
      const commands = slurmCommands(env);
      const poller = new SlurmPoller(RunStore.open(active), commands);
      const first = await timed(() => poller.poke());
      await new Promise((res) => setTimeout(res, POLL_INTERVAL_MS + 1000));
      const calls = Object.values(commands.calls).reduce((a, b) => a + b, 0);
      poller.dispose();
      scancelAll();
      report({
        name: `scheduler calls in ${POLL_INTERVAL_MS / 1000} s with ${ACTIVE} active Slurm tasks (a look on opening the view, then the poller)`,
        value: calls, unit: 'calls', target: '<= 2', pass: calls <= 2,
      });
      console.log(`     one look (squeue of ${ACTIVE} tasks + reconcile): ${first.toFixed(0)} ms`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
