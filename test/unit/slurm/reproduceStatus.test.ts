// The status files of reproductions sent to Slurm: `submitted` never replaces a phase the job
// already wrote, only open reproductions are asked about, and one whose job Slurm ended (or
// forgot) without a verdict gets an error saying so, while a verdict written meanwhile stands.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openReproductions, readReproduceStatus, recordReproduceSubmitted, reproduceStatusFile, settleReproduction,
} from '../../../src/core/slurm/reproduceStatus';
import { type JobState } from '../../../src/core/slurm/jobState';

const job = (id: string, state: string): JobState => ({ id, state });

describe('Slurm reproductions: status files', () => {
  let store: string;
  beforeEach(() => { store = mkdtempSync(join(tmpdir(), 'runlens-repro-status-')); });
  afterEach(() => rmSync(store, { recursive: true, force: true }));

  it('records submitted, unless the job already wrote its own phase', async () => {
    const s = await recordReproduceSubmitted(store, '41', '/logs/reproduce-41.out');
    assert.deepEqual(s, { phase: 'submitted', jobId: '41', output: '/logs/reproduce-41.out', statusFile: reproduceStatusFile(store, '41') });
    assert.deepEqual(await readReproduceStatus(s.statusFile), s);
    // A fast node started job 42 and wrote `preparing` before sbatch's answer came back.
    writeFileSync(reproduceStatusFile(store, '42'), JSON.stringify({ phase: 'preparing' }));
    await recordReproduceSubmitted(store, '42', '/logs/reproduce-42.out');
    assert.deepEqual(await readReproduceStatus(reproduceStatusFile(store, '42')), { phase: 'preparing' });
  });

  it('lists only reproductions without their last word', async () => {
    await recordReproduceSubmitted(store, '1', 'o');
    await recordReproduceSubmitted(store, '2', 'o');
    await recordReproduceSubmitted(store, '3', 'o');
    writeFileSync(reproduceStatusFile(store, '2'), JSON.stringify({ phase: 'error', message: 'x' }));
    writeFileSync(reproduceStatusFile(store, '3'), JSON.stringify({ phase: 'running', runId: 'r', worktree: 'w' }));
    writeFileSync(join(store, 'slurm', 'reproduce', 'notes.txt'), 'not a status');
    assert.deepEqual((await openReproductions(store)).map((r) => r.jobId).sort(), ['1', '3']);
  });

  it('ends a reproduction whose job ended or left the queue, and keeps those still queued or judged', async () => {
    for (const id of ['5', '6', '7', '8']) await recordReproduceSubmitted(store, id, 'o');
    const open = new Map((await openReproductions(store)).map((r) => [r.jobId, r]));
    const problems: string[] = [];
    const settle = (id: string, state: JobState | undefined): Promise<boolean> => settleReproduction(open.get(id) ?? assert.fail(id), state, (m) => problems.push(m));
    assert.equal(await settle('5', job('5', 'PENDING')), true, 'still queued: open');
    assert.equal(await settle('6', job('6', 'CANCELLED')), false);
    assert.equal(await settle('7', undefined), false);
    // Job 8 wrote its verdict after the listing: it stands.
    writeFileSync(reproduceStatusFile(store, '8'), JSON.stringify({ phase: 'done', runId: 'r', worktree: null, verdict: {} }));
    assert.equal(await settle('8', job('8', 'COMPLETED')), false);
    assert.equal((await readReproduceStatus(reproduceStatusFile(store, '5')))?.phase, 'submitted');
    const cancelled = JSON.parse(readFileSync(reproduceStatusFile(store, '6'), 'utf8')) as { phase: string; message: string };
    assert.equal(cancelled.phase, 'error');
    assert.match(cancelled.message, /^Slurm: CANCELLED \(job 6\).*before the reproduction recorded its verdict; the job's output: .*reproduce-6\.out$/);
    assert.match((await readReproduceStatus(reproduceStatusFile(store, '7')) as { message: string }).message, /^Slurm: job 7 left the queue/);
    assert.equal((await readReproduceStatus(reproduceStatusFile(store, '8')))?.phase, 'done');
    assert.deepEqual(problems, []);
    assert.deepEqual((await openReproductions(store)).map((r) => r.jobId), ['5']);
  });
});
