// A Slurm submission as kept in the store (`slurm/submissions/<id>.json`): the runs it queued, the
// code export and data hashes its tasks run against, and the job arrays sbatch accepted. It is the
// whole of the submission's state, so a closed editor or a lost SSH session loses nothing.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic';
import { type CodeLink } from '../git/capture';
import { type SlurmOptions } from './options';
import { errorMessage } from '../errors';

/** The format of submission files this code writes and reads. */
export const SUBMISSION_FORMAT = 1;

/** One array (or a single job) sbatch accepted: task indices `first` .. `first + count - 1`. */
export interface SubmittedArray {
  readonly jobId: string;
  readonly first: number;
  readonly count: number;
  /** True when this is a job array (task ids `jobId_i`), false for a single job. */
  readonly array: boolean;
  /** A resubmission of some tasks (`--array=3,7-9`, first 0): array index = task index, these only. */
  readonly indices?: readonly number[];
}

/** A submission record. */
export interface Submission {
  readonly format: number;
  readonly id: string;
  readonly createdAt: string;
  /** The workspace the user submitted from (absolute). */
  readonly workspace: string;
  /** The store directory (absolute), shared with the compute nodes. */
  readonly storeRoot: string;
  readonly experiment: string | null;
  /** The code every task runs: a checkout of the snapshot commit, taken once at submission. */
  readonly codeDir: string;
  /** The top of the user's repository, which `codeDir` mirrors (paths map from one to the other). */
  readonly repoTop: string;
  /** The snapshot's code link, recorded on every run of the submission. */
  readonly code: CodeLink;
  /** Dataset spec -> hash at submission; each task re-hashes and says when one changed. */
  readonly data: Readonly<Record<string, string>>;
  readonly slurm: SlurmOptions;
  /** Most tasks running at once (`%C`), or null for no limit. */
  readonly concurrency: number | null;
  /** Run ids in task order (task i runs runs[i]). */
  readonly runs: readonly string[];
  /** What sbatch accepted so far, in submission order. */
  arrays: SubmittedArray[];
  /** Set once every run of the submission has ended: the poller no longer asks Slurm about it. */
  done?: boolean;
  /** Folder the datasets are relative to (runlens.yaml's), to link them into a re-created checkout. */
  readonly root?: string;
  /** `--no-system-metrics` was given: no task samples CPU, memory and GPU (absent: as the task's config and environment say). */
  readonly noSystemMetrics?: boolean;
}

/** Paths of the Slurm part of a store. */
export function slurmDir(storeRoot: string): string {
  return join(storeRoot, 'slurm');
}

/** Where submission `id` is recorded. */
export function submissionFile(storeRoot: string, id: string): string {
  return join(slurmDir(storeRoot), 'submissions', `${id}.json`);
}

/** Writes (or replaces) a submission record atomically. */
export async function saveSubmission(s: Submission): Promise<void> {
  await fsp.mkdir(join(slurmDir(s.storeRoot), 'submissions'), { recursive: true });
  await writeFileAtomic(submissionFile(s.storeRoot, s.id), `${JSON.stringify(s)}\n`);
}

/** Reads a submission record; throws with the file's name when it is missing or damaged. */
export async function readSubmission(file: string): Promise<Submission> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fsp.readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read the Slurm submission ${file}: ${errorMessage(e)}`);
  }
  const s = raw as Partial<Submission> | null;
  if (!s || s.format !== SUBMISSION_FORMAT || typeof s.id !== 'string' || !Array.isArray(s.runs) || !Array.isArray(s.arrays)) {
    throw new Error(`${file} is not a Slurm submission this version of Runlens can read`);
  }
  return s as Submission;
}

/** Every submission of a store (unreadable ones reported to `onProblem` and left out). */
export async function listSubmissions(storeRoot: string, onProblem: (message: string) => void): Promise<Submission[]> {
  const dir = join(slurmDir(storeRoot), 'submissions');
  const names = await fsp.readdir(dir).catch(() => [] as string[]); // no Slurm submission yet
  const out: Submission[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    try {
      out.push(await readSubmission(join(dir, name)));
    } catch (e) {
      onProblem(errorMessage(e));
    }
  }
  return out;
}

/** The Slurm id of task `index` (`123_4` in an array, `123` for a single job), once submitted. */
export function taskJobId(s: Submission, index: number): string | undefined {
  for (let i = s.arrays.length - 1; i >= 0; i--) {
    const a = s.arrays[i] as SubmittedArray;
    if (a.indices) {
      if (a.indices.includes(index)) return `${a.jobId}_${index}`;
      continue;
    }
    if (index >= a.first && index < a.first + a.count) return a.array ? `${a.jobId}_${index - a.first}` : a.jobId;
  }
  return undefined;
}
