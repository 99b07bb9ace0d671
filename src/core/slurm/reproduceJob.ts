// Reproduce of a Slurm run on Slurm: one job that runs `runlens reproduce RUN --on local` on a
// compute node, in the workspace (on the shared filesystem), so the reproduction checks out the
// run's own snapshot, verifies its data and judges the result exactly as a local reproduce does.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { type SlurmCommands } from './commands';
import { sbatchOptionArgs, type SlurmOptions } from './options';
import { readSubmission, slurmDir, submissionFile } from './record';
import { shellQuote, slurmPathLiteral, writeScript } from './script';
import { type RunManifest } from '../model';
import { recordReproduceSubmitted, reproduceStatusDir, type SubmittedStatus } from './reproduceStatus';

/**
 * The script of reproduce jobs: `runlens reproduce` with the arguments sbatch passes, writing its
 * phases to the job's status file in the shared store (reproduceStatus.ts).
 */
function reproduceScript(nodePath: string, cliPath: string, statusDir: string): string {
  return [
    '#!/bin/sh',
    '# Runlens: reproduces a run on a compute node (docs/slurm.md). Arguments: runlens reproduce\'s.',
    `exec ${shellQuote(nodePath)} ${shellQuote(cliPath)} reproduce "$@" --status-file ${shellQuote(statusDir)}/"$SLURM_JOB_ID".json`,
    '',
  ].join('\n');
}

/** The sbatch options the original ran with (its submission's), or none when that record is gone. */
export async function originalOptions(storeRoot: string, original: RunManifest): Promise<SlurmOptions> {
  if (!original.slurm) return {};
  const s = await readSubmission(submissionFile(storeRoot, original.slurm.submission)).catch(() => undefined); // a removed record: the cluster's defaults
  return s?.slurm ?? {};
}

/** What a reproduce job needs. */
export interface ReproduceJobRequest {
  readonly storeRoot: string;
  readonly workspace: string;
  readonly original: RunManifest;
  readonly slurm: SlurmOptions;
  /** Further `runlens reproduce` arguments (`--data current`, `--keep`...), argv elements. */
  readonly reproduceArgs: readonly string[];
  readonly cli: { readonly node: string; readonly script: string };
  readonly commands: SlurmCommands;
}

/**
 * Submits the reproduce job; resolves with its `submitted` status (job id, where its output goes,
 * the status file its phases go to), recorded in that file.
 */
export async function submitReproduceJob(req: ReproduceJobRequest): Promise<SubmittedStatus> {
  const dir = slurmDir(req.storeRoot);
  const script = join(dir, 'reproduce.sh');
  await fsp.mkdir(join(dir, 'logs'), { recursive: true });
  await fsp.mkdir(reproduceStatusDir(req.storeRoot), { recursive: true });
  await writeScript(script, reproduceScript(req.cli.node, req.cli.script, reproduceStatusDir(req.storeRoot)));
  const output = join(dir, 'logs', 'reproduce-%j.out');
  const out = await req.commands.run('sbatch', [
    '--parsable', `--job-name=runlens-reproduce-${req.original.name.replace(/[^A-Za-z0-9_.-]/g, '_')}`, `--chdir=${req.workspace}`,
    `--output=${slurmPathLiteral(join(dir, 'logs'))}/reproduce-%j.out`, ...sbatchOptionArgs(req.slurm),
    script, req.original.id, '--on', 'local', ...req.reproduceArgs,
  ]);
  const jobId = out.trim().split(';')[0] ?? '';
  return recordReproduceSubmitted(req.storeRoot, jobId, output.replace('%j', jobId));
}
