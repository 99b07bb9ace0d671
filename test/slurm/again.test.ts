// Second attempts on the real cluster: a run over its time limit requeued into itself (same id,
// first attempt kept, the new one finishing), and Rerun Failed Points resubmitting only the points
// of a sweep that did not finish. Every wait is on a state (the store, squeue), never a sleep.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, listRuns, runCli, waitFor } from '../unit/cli/harness';
import { gitWorkspace, look, waitForRuns } from './helpers';

// Waits only on its first attempt: the marker it leaves in the (shared, linked) data folder says
// a later attempt is one. lr=2 fails every time.
const TRAIN_ONCE_SLOW = [
  'import os, sys, time',
  'lr = float(sys.argv[1]); wait = float(sys.argv[2])',
  'marker = os.path.join("data", f"attempted-{lr}")',
  'again = os.path.exists(marker)',
  'open(marker, "w").close()',
  'print("attempt", "again" if again else "first", flush=True)',
  'if lr == 2: sys.exit(3)',
  'if not again: time.sleep(wait)',
  'for step in range(3):',
  '    print(f"step={step} loss={lr / (step + 1)}", flush=True)',
  '',
].join('\n');

const ended = (m: { status: string }): boolean => m.status !== 'queued' && m.status !== 'running';

describe('Slurm second attempts (real cluster)', function () {
  this.timeout(400_000);
  let ws: string;
  beforeEach(() => { ws = gitWorkspace(TRAIN_ONCE_SLOW); });
  afterEach(() => cleanup(ws));

  it('requeues a run over its time limit into the same run, which keeps its first attempt', async () => {
    const r = await runCli(['run', 'train', '-p', 'wait=600', '--slurm-time', '1'], ws);
    assert.equal(r.code, 0, r.stderr);
    const [timedOut] = await waitForRuns(ws, 'the run to time out', (x) => x.status === 'failed' && /^Slurm: TIMEOUT/.test(x.error ?? ''), 1, 240_000);
    assert.ok(timedOut);
    assert.match(timedOut.error ?? '', /^Slurm: TIMEOUT/);
    // Every task ended: the checkout is gone, and the requeue checks it out again.
    await waitFor('the checkout to be removed', async () => {
      await look(ws);
      return readdirSync(join(ws, '.runlens', 'slurm', 'code')).length === 0 ? true : undefined;
    });

    const again = await runCli(['slurm', 'requeue', timedOut.name], ws);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /requeued 1 task of submission \S+ as job \d+/);
    assert.match(again.out, /\tattempt 2$/m);
    const [m] = await waitForRuns(ws, 'the second attempt to finish', ended, 1);
    assert.equal(m?.id, timedOut.id, 'the same run');
    assert.equal(m?.status, 'finished', m?.error ?? '');
    assert.equal(m?.metrics.loss?.last, 0.1 / 3);
    assert.deepEqual(m?.slurm?.attempts?.map((a) => [a.status, /^Slurm: TIMEOUT/.test(a.error ?? '')]), [['failed', true]]);
    assert.equal(m?.slurm?.attempts?.[0]?.startedAt, timedOut.startedAt, 'the first attempt\'s start is kept');
    const log = readFileSync(join(ws, '.runlens', 'runs', timedOut.id, 'output.log'), 'utf8');
    assert.match(log, /attempt first[\s\S]*attempt again/, 'both attempts\' output, in order');
    const show = await runCli(['show', m?.id ?? ''], ws);
    assert.match(show.out, /attempt/i);
  });

  it('refuses to requeue a run that finished or failed by itself', async () => {
    const r = await runCli(['sweep', 'train', '--grid', 'lr=1,2', '-p', 'wait=0'], ws);
    assert.equal(r.code, 0, r.stderr);
    const runs = await waitForRuns(ws, 'both runs to end', ended, 2);
    const failed = runs.find((m) => m.params.lr === 2);
    const done = runs.find((m) => m.params.lr === 1);
    const again = await runCli(['slurm', 'requeue', done?.name ?? '', failed?.name ?? ''], ws);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /not requeued: \S+: it finished/);
    assert.match(again.stderr, /not requeued: \S+: Slurm did not end it/);
  });

  it('Rerun Failed Points resubmits only the points of the sweep that did not finish', async () => {
    const r = await runCli(['sweep', 'train', '--grid', 'lr=1,2,3', '-p', 'wait=0'], ws);
    assert.equal(r.code, 0, r.stderr);
    const first = await waitForRuns(ws, 'the sweep to end', ended, 3);
    assert.deepEqual(first.map((m) => [m.params.lr, m.status]).sort(), [[1, 'finished'], [2, 'failed'], [3, 'finished']]);
    const failed = first.find((m) => m.params.lr === 2);
    const rerun = await runCli(['slurm', 'rerun-failed', failed?.name ?? ''], ws);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stderr, /rerunning 1 unfinished point of submission/);
    assert.match(rerun.stderr, /submitted 1 run to Slurm/);
    const all = await waitForRuns(ws, 'the rerun to end', ended, 4);
    const fresh = all.filter((m) => !first.some((f) => f.id === m.id));
    assert.deepEqual(fresh.map((m) => [m.params, m.status]), [[{ lr: 2, wait: 0 }, 'failed']], 'a new run of the failed point, failing again');
    assert.notEqual(fresh[0]?.slurm?.submission, failed?.slurm?.submission, 'a submission of its own');
    const byId = await runCli(['slurm', 'rerun-failed', fresh[0]?.slurm?.submission ?? ''], ws);
    assert.equal(byId.code, 0, byId.stderr);
    assert.equal((await listRuns(ws)).length, 5, 'the failed rerun point again');
  });

  it('Reproduce of a Slurm run reproduces on Slurm by default, here with --on local', async () => {
    const r = await runCli(['run', 'train', '-p', 'wait=0'], ws);
    assert.equal(r.code, 0, r.stderr);
    const [original] = await waitForRuns(ws, 'the run to finish', ended, 1);
    assert.equal(original?.status, 'finished', original?.error ?? '');
    const onSlurm = await runCli(['reproduce', original?.name ?? ''], ws);
    assert.equal(onSlurm.code, 0, onSlurm.stderr);
    assert.match(onSlurm.stderr, /reproducing \S+ \(\S+\): submitted to Slurm as job \d+/);
    const repro = await waitFor('the reproduction on Slurm to be judged', async () => {
      const m = (await listRuns(ws)).find((x) => x.reproducedFrom === original?.id && x.verdict !== undefined);
      return m;
    }, 180_000);
    assert.equal(repro.verdict, 'reproduced');
    assert.equal(repro.slurm, undefined, 'a run of its own, not a task of the original submission');
    const here = await runCli(['reproduce', original?.name ?? '', '--on', 'local'], ws);
    assert.equal(here.code, 0, here.stderr);
    assert.doesNotMatch(here.stderr, /on Slurm/);
    assert.equal((await listRuns(ws)).filter((x) => x.reproducedFrom === original?.id && x.verdict === 'reproduced').length, 2);
  });
});
