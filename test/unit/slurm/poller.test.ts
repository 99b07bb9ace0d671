// SlurmPoller: a look asked for during a poll is answered by a poll that began after it (a Stop or a
// Refresh must not be shown the state from before it), pokes during one poll share one more squeue,
// and runs that appear during a poll that finds nothing active get a look of their own.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore } from '../../../src/core/store/store';
import { SlurmPoller } from '../../../src/core/slurm/poller';
import { type SlurmCommands, type SlurmTool } from '../../../src/core/slurm/commands';
import { SUBMISSION_FORMAT, saveSubmission } from '../../../src/core/slurm/record';
import { type ReconcileResult } from '../../../src/core/slurm/reconcile';
import { type CodeLink } from '../../../src/core/git/capture';

/** The code link of a workspace outside git: the poller never reads it. */
const NO_REPO: CodeLink = {
  status: 'not-a-repo', commit: null, branch: null, detached: false, remote: null, dirty: false, changed: [], untracked: [],
  shallow: false, worktree: false, submodules: [], snapshot: null, warnings: [], durationMs: 0,
};

/**
 * The cluster as squeue reports it: one state per single job, asked through the SlurmCommands door
 * like the real tools. `hold()` makes the next squeue wait until `release()`, so a test can act
 * while a poll is under way.
 */
class Cluster implements SlurmCommands {
  readonly calls: Record<SlurmTool, number> = { sbatch: 0, squeue: 0, scancel: 0, scontrol: 0 };
  readonly jobs = new Map<string, string>();
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  private asked: (() => void) | undefined;

  /** Holds the next squeue; the promise settles once it has been asked (the poll is under way). */
  hold(): Promise<void> {
    this.gate = new Promise((r) => { this.open = r; });
    return new Promise((r) => { this.asked = r; });
  }

  release(): void {
    this.gate = undefined;
    this.open?.();
  }

  async run(tool: SlurmTool, args: readonly string[]): Promise<string> {
    this.calls[tool]++;
    assert.equal(tool, 'squeue');
    const ids = (args[args.indexOf('-j') + 1] ?? '').split(',');
    // The answer is what the cluster says when squeue runs, not when it returns.
    const lines = ids.filter((id) => this.jobs.has(id)).map((id) => `${id}|N/A|${id}|${this.jobs.get(id)}|None|(null)`);
    const gate = this.gate;
    this.asked?.();
    this.asked = undefined;
    if (gate) await gate;
    return `${lines.join('\n')}\n`;
  }
}

describe('SlurmPoller', () => {
  let dir: string;
  let store: RunStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runlens-poller-'));
    store = RunStore.open(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A queued run submitted to Slurm as single job `jobId`; returns the run id. */
  async function submit(id: string, jobId: string): Promise<string> {
    const [m] = await store.createRuns([{ experiment: 'train', command: ['true'], shell: false, cwd: dir, params: {}, env: {}, status: 'queued' }]);
    const codeDir = join(dir, `code-${id}`);
    mkdirSync(codeDir, { recursive: true });
    await saveSubmission({
      format: SUBMISSION_FORMAT, id, createdAt: new Date().toISOString(), workspace: dir, storeRoot: store.root, experiment: 'train',
      codeDir, repoTop: dir, code: NO_REPO, data: {}, slurm: {}, concurrency: null,
      runs: [m?.id ?? ''], arrays: [{ jobId, first: 0, count: 1, array: false }],
    });
    return m?.id ?? '';
  }

  it('answers a poke made during a poll with a poll that began after it, one squeue for all such pokes', async () => {
    const run = await submit('s1', '100');
    const cluster = new Cluster();
    cluster.jobs.set('100', 'PENDING');
    const poller = new SlurmPoller(store, cluster);
    try {
      const asked = cluster.hold();
      const first = poller.poke();
      await asked;
      cluster.jobs.set('100', 'RUNNING'); // the job starts while the first squeue is under way
      const pokes = [poller.poke(), poller.poke(), poller.poke()]; // e.g. Refresh pressed, the view opened
      cluster.release();
      assert.equal((await first)?.snapshot.tasks[run]?.state, 'PENDING');
      const later = await Promise.all(pokes);
      for (const r of later) assert.equal(r?.snapshot.tasks[run]?.state, 'RUNNING', 'the poll under way looked before the poke');
      assert.equal(cluster.calls.squeue, 2, 'pokes during one poll share one more');
    } finally {
      poller.dispose();
    }
  });

  it('asks nothing while no Slurm job is active', async () => {
    const cluster = new Cluster();
    const poller = new SlurmPoller(store, cluster);
    try {
      const r = await poller.poke();
      assert.equal(r?.polled, false);
      void poller.poke();
      assert.equal((await poller.poke())?.polled, false);
      assert.equal(cluster.calls.squeue, 0);
    } finally {
      poller.dispose();
    }
  });

  it('looks again when runs appeared during a poll that found nothing active', async () => {
    const ended = await submit('s1', '100');
    const cluster = new Cluster();
    cluster.jobs.set('100', 'COMPLETED');
    const results: ReconcileResult[] = [];
    let seen: (() => void) | undefined;
    const newOne = new Promise<void>((r) => { seen = r; });
    let fresh = '';
    const poller = new SlurmPoller(store, cluster, {
      onResult: (r) => {
        results.push(r);
        if (fresh && r.snapshot.tasks[fresh]) seen?.();
      },
    });
    try {
      const asked = cluster.hold();
      const first = poller.poke();
      await asked; // this poll listed the submissions before the next one was made
      fresh = await submit('s2', '200');
      cluster.jobs.set('200', 'PENDING');
      void poller.poke(); // the Runs view saw the new run appear
      cluster.release();
      const r = await first;
      assert.deepEqual([r?.active, r?.settled], [0, [ended]]);
      await newOne; // fails by timeout when the nudge is lost: nothing else would look at Slurm
      assert.equal(results.at(-1)?.snapshot.tasks[fresh]?.state, 'PENDING');
    } finally {
      poller.dispose();
    }
  });
});
