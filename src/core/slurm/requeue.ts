// Second attempts on Slurm. A run the scheduler ended (preempted, over its time limit, its node
// lost) is requeued into the same run: same id, what it recorded kept, its end moved into
// `slurm.attempts`, its task resubmitted from the submission's code snapshot. The tasks go to sbatch
// as one array per submission (`--array=3,7-9`), their run ids unchanged.
import { type RunManifest } from '../model';
import { errorMessage } from '../errors';
import { type RunStore } from '../store/store';
import { indexRanges } from './arrays';
import { restoreExport } from './codeExport';
import { type SlurmCommands } from './commands';
import { readSubmission, saveSubmission, submissionFile, type Submission } from './record';
import { type SlurmOptions } from './options';
import { taskJobArgs } from './submit';

/** Slurm's end states that say nothing about the run itself, so another attempt may well finish. */
const REQUEUABLE = /^Slurm: (TIMEOUT|PREEMPTED|NODE_FAIL|BOOT_FAIL) /;

/** Why `m` cannot be requeued, or undefined when it can. `any` accepts every unfinished end. */
export function whyNotRequeuable(m: RunManifest, any: boolean): string | undefined {
  if (!m.slurm) return 'it did not run on Slurm';
  if (m.status === 'queued' || m.status === 'running') return `it is ${m.status}`;
  if (m.status === 'finished') return 'it finished';
  if (!any && !REQUEUABLE.test(m.error ?? '')) return 'Slurm did not end it by preemption, time limit or node failure (--any requeues it anyway)';
  return undefined;
}

/** What a requeue did. */
export interface RequeueResult {
  readonly requeued: readonly RunManifest[];
  readonly refused: readonly { readonly id: string; readonly why: string }[];
  /** Per submission: the job that runs its requeued tasks. */
  readonly jobs: readonly { readonly submission: string; readonly jobId: string; readonly tasks: readonly number[] }[];
}

/**
 * Requeues `ids` into themselves; `slurm` replaces the submission's sbatch options for the new
 * attempt (a longer `time`). A submission whose sbatch refuses has its runs recorded failed again.
 */
export async function requeueRuns(store: RunStore, ids: readonly string[], commands: SlurmCommands, options: { any?: boolean; slurm?: SlurmOptions } = {}): Promise<RequeueResult> {
  const refused: { id: string; why: string }[] = [];
  const bySubmission = new Map<string, RunManifest[]>();
  for (const id of ids) {
    const m = await store.getRun(id);
    const why = m ? whyNotRequeuable(m, options.any === true) : 'no such run';
    if (!m?.slurm || why) {
      refused.push({ id, why: why ?? 'no such run' });
      continue;
    }
    bySubmission.set(m.slurm.submission, [...(bySubmission.get(m.slurm.submission) ?? []), m]);
  }
  const requeued: RunManifest[] = [];
  const jobs: { submission: string; jobId: string; tasks: number[] }[] = [];
  for (const [id, runs] of bySubmission) {
    const s = await readSubmission(submissionFile(store.root, id));
    await restoreExport(s);
    const reopened: RunManifest[] = [];
    for (const m of runs) {
      const r = await store.reopen(m.id, (now) => whyNotRequeuable(now, options.any === true) === undefined);
      if (r) reopened.push(r);
      else refused.push({ id: m.id, why: 'its state changed meanwhile' });
    }
    if (reopened.length === 0) continue;
    const tasks = reopened.map((m) => m.slurm?.task ?? -1);
    const slurm = { ...s.slurm, ...options.slurm };
    let jobId: string;
    try {
      jobId = (await commands.run('sbatch', taskJobArgs(s, { first: 0, array: indexRanges(tasks), slurm }))).trim().split(';')[0] ?? '';
    } catch (e) {
      await failAgain(store, reopened, errorMessage(e));
      throw e;
    }
    await recordResubmission(s, jobId, tasks);
    requeued.push(...reopened);
    jobs.push({ submission: id, jobId, tasks });
  }
  return { requeued, refused, jobs };
}

/** The submission now also holds `jobId` for `tasks`, and is active again (the poller looks at it). */
async function recordResubmission(s: Submission, jobId: string, tasks: readonly number[]): Promise<void> {
  s.arrays.push({ jobId, first: 0, count: Math.max(...tasks) + 1, array: true, indices: [...tasks].sort((a, b) => a - b) });
  s.done = false;
  await saveSubmission(s);
}

/** sbatch refused the new attempt: the runs end failed again, saying why. */
async function failAgain(store: RunStore, runs: readonly RunManifest[], why: string): Promise<void> {
  for (const m of runs) {
    await store.settle(m.id, (now) => (now.status === 'queued' ? { status: 'failed', error: `Slurm: sbatch refused the requeue: ${why}` } : undefined))
      .catch(() => undefined); // the sbatch error, thrown next, is what the user must see first
  }
}
