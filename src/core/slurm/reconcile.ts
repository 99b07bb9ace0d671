// One look at Slurm for every active submission of a store: a single `squeue` covering all their
// jobs, the runs Slurm ended settled in the store (TIMEOUT, CANCELLED, a job that vanished), and
// what each task is doing written to `slurm/queue.json` for every front end to show. Run progress
// itself comes from the store, never from here.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { TERMINAL_STATUSES, type RunStatus } from '../model';
import { writeFileAtomic } from '../fs/atomic';
import { type RunStore } from '../store/store';
import { errorMessage } from '../errors';
import { SlurmCommandError, type SlurmCommands } from './commands';
import { jobEnded, parseSqueue, settleFromJob, SQUEUE_FORMAT, type JobState } from './jobState';
import { listSubmissions, saveSubmission, slurmDir, taskJobId, type Submission } from './record';
import { removeExport } from './codeExport';
import { openReproductions, settleReproduction } from './reproduceStatus';

/** What the last look at Slurm found, per run id (`slurm/queue.json`). */
export interface QueueSnapshot {
  readonly polledAt: string;
  readonly tasks: Readonly<Record<string, TaskState>>;
}

/** A queued or running Slurm run as the scheduler sees it. */
export interface TaskState {
  /** `123_4` or `123`. */
  readonly job: string;
  readonly state: string;
  readonly reason?: string;
  readonly node?: string;
}

/** Where the last snapshot is kept. */
export function queueFile(storeRoot: string): string {
  return join(slurmDir(storeRoot), 'queue.json');
}

/** The last snapshot written, or undefined (never polled, or unreadable: the next poll rewrites it). */
export async function readQueueSnapshot(storeRoot: string): Promise<QueueSnapshot | undefined> {
  try {
    const raw = JSON.parse(await fsp.readFile(queueFile(storeRoot), 'utf8')) as QueueSnapshot;
    return typeof raw.polledAt === 'string' && typeof raw.tasks === 'object' ? raw : undefined;
  } catch {
    return undefined; // not polled yet, or a damaged file the next poll replaces
  }
}

/** What one reconcile did. */
export interface ReconcileResult {
  /** False when no submission was active: Slurm was not asked. */
  readonly polled: boolean;
  /** Tasks still queued or running after this look. */
  readonly active: number;
  /** Runs whose end was recorded from Slurm's state. */
  readonly settled: readonly string[];
  readonly snapshot: QueueSnapshot;
}

/** Asks squeue once about `jobIds` (array job ids cover all their tasks); an id Slurm no longer knows is simply absent. */
export async function squeueStates(slurm: SlurmCommands, jobIds: readonly string[]): Promise<Map<string, JobState>> {
  if (jobIds.length === 0) return new Map();
  try {
    return parseSqueue(await slurm.run('squeue', ['-h', '-r', '-t', 'all', '-j', jobIds.join(','), '-o', SQUEUE_FORMAT]));
  } catch (e) {
    // squeue refuses a list in which it knows no job at all: they all left the queue.
    if (e instanceof SlurmCommandError && /Invalid job id/i.test(e.stderr)) return new Map();
    throw e;
  }
}

/** Looks at Slurm once for all active submissions of `store` and settles what ended. */
export async function reconcile(store: RunStore, slurm: SlurmCommands, onProblem: (message: string) => void): Promise<ReconcileResult> {
  const active = (await listSubmissions(store.root, onProblem)).filter((s) => !s.done);
  const reproductions = await openReproductions(store.root);
  if (active.length === 0 && reproductions.length === 0) {
    const snapshot = { polledAt: new Date().toISOString(), tasks: {} };
    return { polled: false, active: 0, settled: [], snapshot };
  }
  const jobIds = [...new Set([...active.flatMap((s) => s.arrays.map((a) => a.jobId)), ...reproductions.map((r) => r.jobId)])];
  const states = await squeueStates(slurm, jobIds);
  const tasks: Record<string, TaskState> = {};
  const settled: string[] = [];
  let stillActive = 0;
  for (const r of reproductions) {
    // A reproduce job still queued or running keeps the polling going; one gone without an end is ended.
    if (await settleReproduction(r, states.get(r.jobId), onProblem)) stillActive++;
  }
  for (const s of active) {
    let open = 0;
    for (let i = 0; i < s.runs.length; i++) {
      const runId = s.runs[i] as string;
      const jobId = taskJobId(s, i);
      if (jobId === undefined) {
        open++; // not submitted yet (sbatch of its array still under way)
        continue;
      }
      const job = states.get(jobId);
      if (job && !jobEnded(job.state)) {
        tasks[runId] = { job: jobId, state: job.state, ...(job.reason ? { reason: job.reason } : {}), ...(job.node ? { node: job.node } : {}) };
        open++;
        continue;
      }
      let status: RunStatus | undefined;
      try {
        const m = await store.settle(runId, (m) => {
          status = m.status;
          return settleFromJob(m.status, m.error, job, jobId);
        });
        if (m) {
          settled.push(runId);
          status = m.status;
        }
      } catch (e) {
        onProblem(`run ${runId} of Slurm job ${jobId}: ${errorMessage(e)}`);
      }
      if (status !== undefined && !TERMINAL_STATUSES.includes(status)) open++;
    }
    stillActive += open;
    if (open === 0) await markDone(s, onProblem);
  }
  const snapshot: QueueSnapshot = { polledAt: new Date().toISOString(), tasks };
  await writeFileAtomic(queueFile(store.root), `${JSON.stringify(snapshot)}\n`).catch((e: unknown) => onProblem(`could not save ${queueFile(store.root)}: ${errorMessage(e)}`));
  return { polled: true, active: stillActive, settled, snapshot };
}

/** Every run of the submission has ended: Slurm is no longer asked about it, and its code checkout goes. */
async function markDone(s: Submission, onProblem: (message: string) => void): Promise<void> {
  await removeExport(s).catch((e: unknown) => onProblem(`could not remove the code checkout ${s.codeDir} of Slurm submission ${s.id}: ${errorMessage(e)}`));
  s.done = true;
  await saveSubmission(s).catch((e: unknown) => onProblem(`could not mark Slurm submission ${s.id} done: ${errorMessage(e)}`));
}
