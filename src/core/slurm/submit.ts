// Sends runs to Slurm: checks the store is shared (probe job), takes the code snapshot and the data
// hashes once, creates every run `queued` in the store at once, records the submission, then hands
// the tasks to sbatch as job arrays (a single run: a single job). Nothing waits for the jobs.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { type ParamValue } from '../model';
import { errorMessage } from '../errors';
import { type RunStore } from '../store/store';
import { newRunId } from '../store/ids';
import { type SnapshotLimits } from '../config/types';
import { readClusterLimits, type SlurmCommands } from './commands';
import { arraySpec, splitIntoArrays } from './arrays';
import { exportCode, linkDatasets } from './codeExport';
import { sbatchOptionArgs, type SlurmOptions } from './options';
import { probeStore, type ProbeOptions } from './probe';
import { saveSubmission, slurmDir, submissionFile, SUBMISSION_FORMAT, type Submission } from './record';
import { slurmPathLiteral, taskScript, writeScript } from './script';

/** One run to submit, as planned (the same fields a local run records). */
export interface SlurmRunSpec {
  readonly command: readonly string[];
  readonly shell: boolean;
  readonly cwd: string;
  readonly params: Record<string, ParamValue>;
  readonly env: Record<string, string>;
}

/** Everything a submission needs. */
export interface SubmitRequest {
  readonly store: RunStore;
  readonly workspace: string;
  /** Folder the datasets are relative to (that of runlens.yaml). */
  readonly root: string;
  readonly experiment: string | null;
  readonly runs: readonly SlurmRunSpec[];
  readonly tags: readonly string[];
  readonly slurm: SlurmOptions;
  /** `%C` of the arrays; null lets Slurm run as many at once as it will. */
  readonly concurrency: number | null;
  readonly datasets: readonly string[];
  /** Dataset spec -> hash, as hashed now (each task checks its data against these). */
  readonly dataHashes: Readonly<Record<string, string>>;
  readonly snapshot?: SnapshotLimits;
  /** The node binary and CLI bundle the tasks start (absolute paths). */
  readonly cli: { readonly node: string; readonly script: string };
  readonly commands: SlurmCommands;
  /** `--no-system-metrics`: recorded on the submission, so every task (and a requeue) applies it. */
  readonly noSystemMetrics?: boolean;
  /** Null skips the probe (`--no-probe`). */
  readonly probe: ProbeOptions | null;
  readonly onProgress?: (message: string) => void;
}

/** Submits; resolves with the submission record once sbatch accepted every array. */
export async function submitToSlurm(req: SubmitRequest): Promise<Submission> {
  const storeRoot = req.store.root;
  // The store's own .gitignore first: the probe and the snapshot must not see Runlens's files as untracked.
  await req.store.ensure();
  const limits = await readClusterLimits(req.commands);
  const chunks = splitIntoArrays(req.runs.length, limits);
  if (req.probe) await probeStore(storeRoot, req.commands, req.slurm, req.probe);

  const id = newRunId();
  req.onProgress?.('taking the code snapshot the jobs will run');
  const exp = await exportCode(req.workspace, storeRoot, id, req.snapshot);
  await linkDatasets(exp, req.root, req.datasets);

  req.onProgress?.(`queuing ${req.runs.length} run${req.runs.length === 1 ? '' : 's'} in the store`);
  const runs = (await req.store.createRuns(req.runs.map((r, task) => ({
    experiment: req.experiment, command: r.command, shell: r.shell, cwd: r.cwd, params: r.params, env: r.env,
    tags: [...req.tags], status: 'queued' as const, slurm: { submission: id, task },
  })))).map((m) => m.id);
  const submission: Submission = {
    format: SUBMISSION_FORMAT, id, createdAt: new Date().toISOString(), workspace: req.workspace, storeRoot, experiment: req.experiment,
    codeDir: exp.codeDir, repoTop: exp.repoTop, code: exp.code, data: { ...req.dataHashes }, root: req.root, slurm: req.slurm,
    concurrency: req.concurrency, runs, arrays: [], ...(req.noSystemMetrics === true ? { noSystemMetrics: true } : {}),
  };
  await saveSubmission(submission);

  await writeScript(scriptFile(storeRoot, id), taskScript(req.cli.node, req.cli.script));
  await fsp.mkdir(logsDir(storeRoot, id), { recursive: true });
  const single = req.runs.length === 1;
  let previous: string | undefined;
  for (const chunk of chunks) {
    const args = taskJobArgs(submission, {
      first: chunk.first, ...(single ? {} : { array: arraySpec(chunk, req.concurrency) }),
      // With a concurrency limit, split arrays run one after another so the limit holds for the whole sweep.
      ...(previous !== undefined && req.concurrency !== null ? { after: previous } : {}),
    });
    let jobId: string;
    try {
      jobId = (await req.commands.run('sbatch', args)).trim().split(';')[0] ?? '';
    } catch (e) {
      await failUnsubmitted(req.store, submission, chunk.first, errorMessage(e));
      throw e;
    }
    submission.arrays.push({ jobId, first: chunk.first, count: chunk.count, array: !single });
    await saveSubmission(submission);
    previous = jobId;
  }
  return submission;
}

/** Where a submission's task script and job output live. */
function scriptFile(storeRoot: string, id: string): string {
  return join(slurmDir(storeRoot), 'submissions', `${id}.sh`);
}

function logsDir(storeRoot: string, id: string): string {
  return join(slurmDir(storeRoot), 'logs', id);
}

/**
 * sbatch's argv for tasks of `s` from task `first` on: an array (`--array` spec) or a single job,
 * optionally after job `after`, with `slurm` as the options (default: the submission's).
 */
export function taskJobArgs(s: Submission, o: { first: number; array?: string; after?: string; slurm?: SlurmOptions }): string[] {
  return [
    '--parsable', `--job-name=runlens-${s.experiment ?? 'run'}`, `--chdir=${s.codeDir}`,
    `--output=${join(slurmPathLiteral(logsDir(s.storeRoot, s.id)), o.array === undefined ? '%j.out' : '%A_%a.out')}`,
    ...sbatchOptionArgs(o.slurm ?? s.slurm),
    ...(o.array === undefined ? [] : [`--array=${o.array}`]),
    ...(o.after === undefined ? [] : [`--dependency=afterany:${o.after}`]),
    scriptFile(s.storeRoot, s.id), submissionFile(s.storeRoot, s.id), String(o.first),
  ];
}

/** sbatch refused an array: its runs and those after it can never start, so they are recorded failed. */
async function failUnsubmitted(store: RunStore, s: Submission, from: number, why: string): Promise<void> {
  for (const runId of s.runs.slice(from)) {
    await store.settle(runId, (m) => (m.status === 'queued' ? { status: 'failed', error: `Slurm: sbatch refused the job: ${why}` } : undefined))
      .catch(() => undefined); // the sbatch error, thrown next, is what the user must see first
  }
}
