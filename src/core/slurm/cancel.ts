// Stop and Cancel Queued for runs on Slurm: `scancel` of exactly the run's task (`123_4`), never of
// its whole array. The run then records its own end (its process gets Slurm's SIGTERM) or, when it
// never started, the next look at Slurm records it (reconcile.ts).
import { type RunManifest } from '../model';
import { type RunStore } from '../store/store';
import { SLURM_REASON_PREFIX } from './jobState';
import { type SlurmCommands } from './commands';
import { readSubmission, submissionFile, taskJobId } from './record';

/** Why a Slurm run cannot be cancelled. */
export class SlurmCancelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlurmCancelError';
  }
}

/** The Slurm job id of a run submitted to Slurm (`storeRoot` holds its submission). */
export async function jobIdOfRun(storeRoot: string, m: RunManifest): Promise<string> {
  if (!m.slurm) throw new SlurmCancelError(`run ${m.name} was not submitted to Slurm`);
  const s = await readSubmission(submissionFile(storeRoot, m.slurm.submission));
  const job = taskJobId(s, m.slurm.task);
  if (job === undefined) throw new SlurmCancelError(`run ${m.name} has no Slurm job yet (its submission ${s.id} is still being sent)`);
  return job;
}

/** Cancels the run's task with scancel; returns the job id cancelled. `signal` sends that signal instead (e.g. KILL). */
export async function cancelRunJob(storeRoot: string, m: RunManifest, slurm: SlurmCommands, signal?: 'KILL'): Promise<string> {
  const job = await jobIdOfRun(storeRoot, m);
  await slurm.run('scancel', [...(signal ? [`--signal=${signal}`, '--full'] : []), job]);
  return job;
}

/**
 * Stop / Cancel Queued of a Slurm run: scancel of its task; a run that never started is recorded
 * `stopped` at once (nothing else would record it). Returns the job id cancelled.
 */
export async function cancelSlurmRun(store: RunStore, m: RunManifest, slurm: SlurmCommands, force = false): Promise<string> {
  const job = await cancelRunJob(store.root, m, slurm, force ? 'KILL' : undefined);
  if (m.status === 'queued') {
    await store.settle(m.id, (now) => (now.status === 'queued'
      ? { status: 'stopped', error: `${SLURM_REASON_PREFIX}CANCELLED (job ${job}): cancelled before it started` }
      : undefined));
  }
  return job;
}
