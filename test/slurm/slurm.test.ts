// Runs on a real single-node Slurm cluster (test/runners/slurm.ts starts it): a sweep submitted as a
// job array is tracked like a local one (metrics, code links), runs the code and data of its
// submission, scancel and time limits end runs with Slurm's reason, and a store the node cannot
// see is refused. Every wait is on a state (the store, squeue), never a sleep.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, cliEnv, listRuns, runCli, waitFor } from '../unit/cli/harness';
import { gitWorkspace, jobOf, look, waitForRuns } from './helpers';

describe('Slurm executor (real cluster)', function () {
  this.timeout(300_000);
  let ws: string;
  beforeEach(() => { ws = gitWorkspace(); });
  afterEach(() => cleanup(ws));

  it('a 6-point sweep runs as one job array, tracked with metrics, code links and the code and data of its submission', async () => {
    // Held, so the edits below happen before any task starts, whatever the machine's speed.
    const r = await runCli(['sweep', 'train', '-j', '3', '--slurm-extra=--hold'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /submitted 6 runs to Slurm: job \d+ \(array of 6\)/);
    const queued = await listRuns(ws);
    assert.equal(queued.length, 6, 'every run is in the store at once');
    assert.ok(queued.every((m) => m.status === 'queued' && m.slurm !== undefined));
    const job = jobOf(r.out);
    const pending = JSON.parse((await runCli(['slurm', 'status', '--json'], ws)).out) as { tasks: Record<string, { state: string; reason?: string; job: string }> };
    assert.deepEqual(Object.values(pending.tasks).map((t) => t.state), Array(6).fill('PENDING'));
    assert.ok(Object.values(pending.tasks).every((t) => t.job.startsWith(`${job}_`) && t.reason !== undefined));
    const arrays = execFileSync('squeue', ['-h', '-j', job, '-o', '%K'], { encoding: 'utf8' });
    assert.match(arrays, /%3/, 'the sweep\'s concurrency is the array\'s %C');

    writeFileSync(join(ws, 'version.txt'), 'v2 edited after submission\n');
    writeFileSync(join(ws, 'data', 'd.csv'), 'a,b\n9,9\n');
    execFileSync('scontrol', ['release', job]);

    const runs = await waitForRuns(ws, 'six finished runs', (m) => m.status === 'finished' || m.status === 'failed' || m.status === 'crashed', 6);
    assert.deepEqual(runs.map((m) => m.status), Array(6).fill('finished'), runs.map((m) => m.error).join('\n'));
    assert.deepEqual(runs.map((m) => m.params.lr).sort(), [1, 2, 3, 4, 5, 6]);
    const commits = new Set(runs.map((m) => m.code?.snapshot?.commit));
    assert.equal(commits.size, 1, 'one snapshot, taken at submission');
    for (const m of runs) {
      assert.equal(m.metrics.loss?.last, (m.params.lr as number) / 3, `loss of ${m.name}`);
      const log = readFileSync(join(ws, '.runlens', 'runs', m.id, 'output.log'), 'utf8');
      assert.match(log, /^code v1 data a,b\n9,9$/m, 'the submitted code, the data as it is now');
      assert.ok(m.data?.warnings.some((w) => /dataset "data\/d.csv" changed between submission and the start/.test(w)), `${m.name} says its data changed`);
    }
    const show = await runCli(['show', runs[0]?.id ?? ''], ws);
    assert.match(show.out, /snapshot: +[0-9a-f]{40}/);
    // Every task ended: the next look removes the submission's checkout (its snapshot ref stays).
    const code = join(ws, '.runlens', 'slurm', 'code');
    await waitFor('the code checkout to be removed', async () => {
      await look(ws);
      return readdirSync(code).length === 0 ? true : undefined;
    });
    assert.doesNotMatch(execFileSync('git', ['worktree', 'list'], { cwd: ws, encoding: 'utf8' }), /slurm/);
    assert.match(execFileSync('git', ['for-each-ref', 'refs/runlens/runs'], { cwd: ws, encoding: 'utf8' }), /slurm-/);
  });

  it('scancel of a running task records it stopped, with Slurm\'s reason', async () => {
    const r = await runCli(['run', 'train', '-p', 'wait=600'], ws);
    assert.equal(r.code, 0, r.stderr);
    const job = jobOf(r.out);
    await waitFor('the run to start', async () => ((await listRuns(ws))[0]?.status === 'running' ? true : undefined), 120_000);
    const running = JSON.parse((await runCli(['slurm', 'status', '--json'], ws)).out) as { tasks: Record<string, { state: string; node?: string }> };
    assert.deepEqual(Object.values(running.tasks).map((t) => [t.state, typeof t.node]), [['RUNNING', 'string']]);
    execFileSync('scancel', [job]);
    const [m] = await waitForRuns(ws, 'the run to end', (x) => x.status !== 'running' && x.status !== 'queued' && (x.error ?? '').startsWith('Slurm'), 1);
    assert.equal(m?.status, 'stopped');
    assert.match(m?.error ?? '', /CANCELLED/);
  });

  it('a task over its time limit ends failed with reason TIMEOUT', async () => {
    const r = await runCli(['run', 'train', '-p', 'wait=600', '--slurm-time', '1'], ws);
    assert.equal(r.code, 0, r.stderr);
    const [m] = await waitForRuns(ws, 'the run to time out', (x) => x.status === 'failed', 1, 240_000);
    assert.match(m?.error ?? '', /^Slurm: TIMEOUT/);
  });

  it('cancelling a queued run cancels its array task only', async () => {
    const r = await runCli(['sweep', 'train', '--grid', 'lr=1,2', '--slurm-extra=--hold'], ws);
    assert.equal(r.code, 0, r.stderr);
    const runs = await listRuns(ws);
    const first = runs.find((m) => m.params.lr === 1);
    assert.ok(first);
    const stop = await runCli(['stop', first.id], ws);
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stderr, /cancelled Slurm job \d+_0/);
    const after = await look(ws);
    assert.equal(after.find((m) => m.id === first.id)?.status, 'stopped');
    assert.equal(after.find((m) => m.params.lr === 2)?.status, 'queued', 'the other task of the array still waits');
    execFileSync('scancel', [jobOf(r.out)]);
  });

  it('refuses a store the compute nodes cannot see, recording nothing', async () => {
    const nodeLocal = process.env.RUNLENS_TEST_NODE_LOCAL;
    assert.ok(nodeLocal, 'run by test/runners/slurm.ts');
    const store = join(nodeLocal, `store-${Date.now()}`);
    const r = await runCli(['sweep', 'train'], ws, cliEnv({ RUNLENS_STORE: store }));
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /the store .* is not reachable from the compute nodes/);
    assert.match(r.stderr, /filesystem the nodes share/);
    const runs = await runCli(['ls', '--json'], ws, cliEnv({ RUNLENS_STORE: store }));
    assert.deepEqual(JSON.parse(runs.out), []);
  });
});
