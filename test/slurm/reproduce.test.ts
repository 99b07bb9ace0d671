// Reproduce of a Slurm run as the editor follows it, on the real cluster: the CLI returns at sbatch
// with `submitted` (the job id and the job's own status file in the shared store) in its status
// file, the job writes its phases there up to the verdict, and a job that leaves the queue without
// one (cancelled while held) is ended there by the next look at Slurm. Every wait is on a state.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ReproduceStatus } from '../../src/core/reproduce/report';
import { readReproduceStatus } from '../../src/core/slurm/reproduceStatus';
import { cleanup, listRuns, runCli, waitFor } from '../unit/cli/harness';
import { gitWorkspace, jobOf, look, waitForRuns } from './helpers';

type Submitted = Extract<ReproduceStatus, { phase: 'submitted' }>;

const ended = (m: { status: string }): boolean => m.status !== 'queued' && m.status !== 'running';

describe('Slurm reproduce followed through its status file (real cluster)', function () {
  this.timeout(400_000);
  let ws: string;
  let editor: string;
  beforeEach(() => {
    ws = gitWorkspace();
    editor = mkdtempSync(join(tmpdir(), 'runlens-editor-'));
  });
  afterEach(() => {
    cleanup(ws);
    rmSync(editor, { recursive: true, force: true });
  });

  /** `runlens reproduce NAME --status-file F` as the editor starts it; F's `submitted` phase. */
  async function reproduce(name: string): Promise<Submitted> {
    const file = join(editor, 'status.json');
    const r = await runCli(['reproduce', name, '--status-file', file], ws);
    assert.equal(r.code, 0, r.stderr);
    const job = /submitted to Slurm as job (\d+)/.exec(r.stderr)?.[1];
    assert.ok(job, r.stderr);
    const s = JSON.parse(readFileSync(file, 'utf8')) as Submitted;
    assert.equal(s.phase, 'submitted');
    assert.equal(s.jobId, job);
    assert.equal(s.statusFile, join(ws, '.runlens', 'slurm', 'reproduce', `${job}.json`), 'in the store the nodes share');
    return s;
  }

  it('says submitted with its job, whose status file then goes through the phases up to the verdict', async () => {
    const r = await runCli(['run', 'train', '-p', 'wait=0'], ws);
    assert.equal(r.code, 0, r.stderr);
    const [original] = await waitForRuns(ws, 'the run to finish', ended, 1);
    assert.equal(original?.status, 'finished', original?.error ?? '');
    const s = await reproduce(original?.name ?? '');
    const done = await waitFor('the verdict in the job\'s status file', async () => {
      const now = await readReproduceStatus(s.statusFile);
      return now?.phase === 'done' || now?.phase === 'error' ? now : undefined;
    }, 240_000);
    assert.equal(done.phase, 'done', JSON.stringify(done));
    if (done.phase !== 'done') return;
    assert.equal(done.verdict.verdict, 'reproduced');
    const repro = (await listRuns(ws)).find((m) => m.id === done.runId);
    assert.equal(repro?.reproducedFrom, original?.id);
    assert.equal(repro?.verdict, 'reproduced');
  });

  it('ends the status of a reproduce job cancelled before it started, at the next look at Slurm', async () => {
    // Held: the reproduction is sent with the original's sbatch options, so its job waits too.
    const r = await runCli(['run', 'train', '-p', 'wait=0', '--slurm-extra=--hold'], ws);
    assert.equal(r.code, 0, r.stderr);
    execFileSync('scontrol', ['release', jobOf(r.out)]);
    const [original] = await waitForRuns(ws, 'the run to finish', ended, 1);
    assert.equal(original?.status, 'finished', original?.error ?? '');
    const s = await reproduce(original?.name ?? '');
    await look(ws);
    assert.equal((await readReproduceStatus(s.statusFile))?.phase, 'submitted', 'a held job is still open');
    execFileSync('scancel', [s.jobId]);
    const end = await waitFor('the look at Slurm to end it', async () => {
      await look(ws);
      const now = await readReproduceStatus(s.statusFile);
      return now?.phase === 'submitted' ? undefined : now;
    }, 120_000);
    assert.equal(end.phase, 'error', JSON.stringify(end));
    if (end.phase !== 'error') return;
    assert.match(end.message, new RegExp(`^Slurm: (CANCELLED \\(job ${s.jobId}\\)|job ${s.jobId} left the queue).*before the reproduction recorded its verdict`));
    assert.equal((await listRuns(ws)).filter((m) => m.reproducedFrom !== null).length, 0, 'nothing was reproduced');
  });
});
