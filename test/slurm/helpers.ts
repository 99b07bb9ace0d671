// Shared by the Slurm suites: a committed workspace whose experiment runs on Slurm, and waits on
// the store as `runlens slurm status` leaves it (every wait is on a state, never a sleep).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunManifest } from '../../src/core/model';
import { listRuns, runCli, tempWorkspace, waitFor } from '../unit/cli/harness';

/** The experiment's script: prints its code version and data, waits `wait` s, logs three losses. */
export const TRAIN = [
  'import sys, time',
  'lr = float(sys.argv[1]); wait = float(sys.argv[2])',
  'print("code", open("version.txt").read().strip(), "data", open("data/d.csv").read().strip(), flush=True)',
  'time.sleep(wait)',
  'for step in range(3):',
  '    print(f"step={step} loss={lr / (step + 1)}", flush=True)',
  '',
].join('\n');

/** runlens.yaml: the experiment on Slurm (5 minutes), a 6-point sweep. */
export const CONFIG = [
  'experiments:',
  '  train:',
  '    command: python3 train.py ${lr} ${wait}',
  '    params: {lr: 0.1, wait: 0}',
  '    datasets: [data/d.csv]',
  '    metrics:',
  '      patterns:',
  "        - regex: 'step=(?<step>\\d+) loss=(?<loss>\\S+)'",
  '    executor:',
  '      slurm: { time: "5" }',
  '    sweep:',
  '      lr: [1, 2, 3, 4, 5, 6]',
  '',
].join('\n');

/** A git workspace with the experiment committed (`train` replaces the script). */
export function gitWorkspace(train = TRAIN): string {
  const ws = tempWorkspace({ 'runlens.yaml': CONFIG, 'train.py': train, 'version.txt': 'v1\n', '.gitignore': 'data/\n' });
  execFileSync('mkdir', ['-p', join(ws, 'data')]);
  writeFileSync(join(ws, 'data', 'd.csv'), 'a,b\n1,2\n');
  const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: ws });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'init');
  return ws;
}

/** `runlens slurm status` (one squeue, ends recorded), then the runs as the store has them. */
export async function look(ws: string): Promise<RunManifest[]> {
  const r = await runCli(['slurm', 'status'], ws);
  assert.equal(r.code, 0, r.stderr);
  return listRuns(ws);
}

/** Waits until every run of the workspace satisfies `done`. */
export function waitForRuns(ws: string, what: string, done: (m: RunManifest) => boolean, count: number, timeoutMs = 180_000): Promise<RunManifest[]> {
  return waitFor(what, async () => {
    const runs = await look(ws);
    return runs.length === count && runs.every(done) ? runs : undefined;
  }, timeoutMs);
}

/** The job id in `run`/`sweep` output (`<run id>\t<job>`). */
export function jobOf(stdout: string): string {
  const id = /\t(\d+)/.exec(stdout)?.[1];
  assert.ok(id, `no job id in ${stdout}`);
  return id;
}

