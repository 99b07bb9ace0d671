// The progress of reproductions sent to Slurm, kept in the shared store (`slurm/reproduce/<job>.json`,
// the `--status-file` the job's `runlens reproduce` writes): `submitted` until the job starts, then
// its phases up to the verdict. An editor follows the file; a look at Slurm ends it with an error
// when the job left the queue without an end, so no follower waits forever.
import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { isExists, writeFileAtomic } from '../fs/atomic';
import { errorMessage } from '../errors';
import { type ReproduceStatus } from '../reproduce/report';
import { jobEnded, slurmReason, type JobState } from './jobState';
import { slurmDir } from './record';

/** Phases after which a reproduction's status file no longer changes. */
const END_PHASES: ReadonlySet<string> = new Set(['done', 'data-choice', 'error']);

/** True when `s` is the last word of a reproduction (a verdict, a data choice, an error). */
export function reproduceEnded(s: ReproduceStatus): boolean {
  return END_PHASES.has(s.phase);
}

/** The folder of the status files of reproductions on Slurm. */
export function reproduceStatusDir(storeRoot: string): string {
  return join(slurmDir(storeRoot), 'reproduce');
}

/** Reads a status file; undefined when it is missing or not a status (mid-replace, damaged). */
export async function readReproduceStatus(file: string): Promise<ReproduceStatus | undefined> {
  const text = await fsp.readFile(file, 'utf8').catch(() => undefined); // not written yet: the caller reads again later
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as { phase?: unknown } | null;
    return typeof v === 'object' && v !== null && typeof v.phase === 'string' ? (v as ReproduceStatus) : undefined;
  } catch {
    return undefined; // damaged: a writer replaces it whole
  }
}

/** Where the reproduction of job `jobId` writes its phases. */
export function reproduceStatusFile(storeRoot: string, jobId: string): string {
  return join(reproduceStatusDir(storeRoot), `${jobId}.json`);
}

/** The phase of a reproduction sbatch accepted. */
export type SubmittedStatus = Extract<ReproduceStatus, { phase: 'submitted' }>;

/**
 * Records that reproduce job `jobId` was accepted: `submitted`, unless the job already started and
 * wrote its own phase (a fast node may write before sbatch's answer reaches us: its phase wins).
 */
export async function recordReproduceSubmitted(storeRoot: string, jobId: string, output: string): Promise<SubmittedStatus> {
  const status: SubmittedStatus = { phase: 'submitted', jobId, output, statusFile: reproduceStatusFile(storeRoot, jobId) };
  await fsp.mkdir(reproduceStatusDir(storeRoot), { recursive: true });
  await fsp.writeFile(status.statusFile, JSON.stringify(status), { flag: 'wx' }).catch((e: unknown) => {
    if (!isExists(e)) throw e;
  });
  return status;
}

/** A reproduction on Slurm without its last word yet. */
export interface OpenReproduction {
  readonly jobId: string;
  readonly file: string;
}

/** Reproductions of the store whose job has not recorded an end. */
export async function openReproductions(storeRoot: string): Promise<OpenReproduction[]> {
  const dir = reproduceStatusDir(storeRoot);
  const names = await fsp.readdir(dir).catch(() => [] as string[]); // no reproduction on Slurm yet
  const out: OpenReproduction[] = [];
  for (const name of names) {
    const jobId = /^(\d+)\.json$/.exec(name)?.[1];
    if (jobId === undefined) continue;
    const s = await readReproduceStatus(join(dir, name));
    if (s && !reproduceEnded(s)) out.push({ jobId, file: join(dir, name) });
  }
  return out;
}

/**
 * Given its job's state (undefined: gone from the queue), true while a reproduction is still open
 * (its job queued or running). One whose job Slurm ended without the reproduction recording its
 * end (cancelled while pending, a node lost, a time limit) gets an `error` status saying so.
 */
export async function settleReproduction(r: OpenReproduction, job: JobState | undefined, onProblem: (message: string) => void): Promise<boolean> {
  if (job && !jobEnded(job.state)) return true;
  // Read again: the job may have written its verdict after the caller listed it.
  const now = await readReproduceStatus(r.file);
  if (!now || reproduceEnded(now)) return false;
  const how = job ? slurmReason(job) : `Slurm: job ${r.jobId} left the queue`;
  const message = `${how}, before the reproduction recorded its verdict; the job's output: ${join(dirname(dirname(r.file)), 'logs', `reproduce-${r.jobId}.out`)}`;
  try {
    await writeFileAtomic(r.file, JSON.stringify({ phase: 'error', message } satisfies ReproduceStatus));
  } catch (e) {
    onProblem(`could not record the end of reproduce job ${r.jobId}: ${errorMessage(e)}`);
  }
  return false;
}
