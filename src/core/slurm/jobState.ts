// What Slurm says about a job (one `squeue` row per array task) and what that means for its run:
// still waiting (with the reason), running (on which node), or ended in a way the run's own record
// may not know (TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, CANCELLED, ...).
import { type SettledEnd } from '../store/settle';

/** One task as squeue reports it. */
export interface JobState {
  /** `123_4` for an array task, `123` for a single job. */
  readonly id: string;
  /** Slurm's state name, e.g. PENDING, RUNNING, TIMEOUT. */
  readonly state: string;
  /** Why it waits (PENDING) or ended; `None` is left out. */
  readonly reason?: string;
  /** The node(s) it runs on, once it runs. */
  readonly node?: string;
}

/** The squeue columns Runlens reads: array job, array task, job id, state, reason, nodes. */
export const SQUEUE_FORMAT = '%F|%K|%i|%T|%r|%N';

/**
 * Parses `squeue -h -r -t all -o SQUEUE_FORMAT` output. A pending array whose tasks squeue still
 * folds into one row (`12_[3-7%2]`) gives one state per task it names.
 */
export function parseSqueue(text: string): Map<string, JobState> {
  const out = new Map<string, JobState>();
  for (const line of text.split('\n')) {
    const cols = line.trim().split('|');
    if (cols.length < 6) continue;
    const [arrayJob = '', task = '', id = '', state = '', reason = '', node = ''] = cols;
    const extra = { ...(reason && reason !== 'None' ? { reason } : {}), ...(node && node !== '(null)' ? { node } : {}) };
    if (task === 'N/A' || task === '') {
      out.set(id, { id, state, ...extra });
      continue;
    }
    for (const t of expandTasks(task)) out.set(`${arrayJob}_${t}`, { id: `${arrayJob}_${t}`, state, ...extra });
  }
  return out;
}

/** `3`, `3-7`, `[3-7%2]`, `1,4-5` -> the task numbers. */
function expandTasks(spec: string): number[] {
  const body = spec.replace(/^\[|\]$/g, '').replace(/%\d+$/, '');
  const out: number[] = [];
  for (const part of body.split(',')) {
    const m = /^(\d+)(?:-(\d+))?(?::(\d+))?$/.exec(part);
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    const step = m[3] === undefined ? 1 : Math.max(1, Number(m[3]));
    for (let i = from; i <= to; i += step) out.push(i);
  }
  return out;
}

/** States in which a job is over (Slurm's terminal states). */
const ENDED = new Set([
  'COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE', 'REVOKED', 'SPECIAL_EXIT',
]);

/** True once Slurm considers the job over (COMPLETING is not: its processes are still being ended). */
export function jobEnded(state: string): boolean {
  return ENDED.has(state);
}

/** True while the job waits to run. */
export function jobWaiting(state: string): boolean {
  return !jobEnded(state) && state !== 'RUNNING' && state !== 'COMPLETING';
}

/** Words for an end state Slurm imposed on a job. */
const END_REASONS: Readonly<Record<string, { status: SettledEnd['status']; words: string }>> = {
  TIMEOUT: { status: 'failed', words: 'the job ran over its time limit (--time) and Slurm ended it' },
  OUT_OF_MEMORY: { status: 'failed', words: 'the job ran out of memory (--mem) and Slurm ended it' },
  NODE_FAIL: { status: 'failed', words: 'the node running the job failed' },
  PREEMPTED: { status: 'failed', words: 'the job was preempted by a job of higher priority' },
  BOOT_FAIL: { status: 'failed', words: 'the node could not boot to run the job' },
  DEADLINE: { status: 'failed', words: 'the job reached its deadline before it could finish' },
  CANCELLED: { status: 'stopped', words: 'the job was cancelled (scancel)' },
  FAILED: { status: 'failed', words: 'the job failed before its run could record its end' },
};

/** The error text of a run Slurm ended: `Slurm: TIMEOUT (job 12_3): ...`. */
export function slurmReason(job: JobState): string {
  const words = END_REASONS[job.state]?.words ?? `the job ended in state ${job.state}`;
  return `Slurm: ${job.state} (job ${job.id}): ${words}`;
}

/** Runs whose end was already explained by Slurm carry this prefix, so it is applied once. */
export const SLURM_REASON_PREFIX = 'Slurm: ';

/**
 * How a run ends given its status on disk and its job's state (undefined: the job is gone from the
 * queue). Undefined when the run's own record stands.
 */
export function settleFromJob(status: string, error: string | null, job: JobState | undefined, jobId: string): SettledEnd | undefined {
  if (error?.startsWith(SLURM_REASON_PREFIX)) return undefined;
  if (job === undefined) {
    // Left the queue: a run that never recorded a start can never record an end.
    if (status !== 'queued') return undefined;
    return { status: 'crashed', error: `Slurm: job ${jobId} left the queue without starting its run (cancelled before it started, or lost by the cluster); nothing was recorded` };
  }
  if (!jobEnded(job.state)) return undefined;
  const imposed = END_REASONS[job.state];
  if (status === 'queued' || status === 'running') {
    // The run's process never got to record its end (killed, or never started).
    return { status: imposed?.status ?? (job.state === 'COMPLETED' ? 'crashed' : 'failed'), error: slurmReason(job) };
  }
  // The run recorded an end of its own (usually `stopped` by the SIGTERM Slurm sends); Slurm's reason wins.
  if (imposed && job.state !== 'FAILED' && status !== 'finished') return { status: imposed.status, error: slurmReason(job) };
  return undefined;
}
