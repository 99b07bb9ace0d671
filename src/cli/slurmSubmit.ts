// `runlens run|sweep --on slurm`: the executor from runlens.yaml and the `--slurm-*` options, and the
// hand-over of planned runs to core's Slurm submission (probe, snapshot, data hashes, sbatch).
import { optFlag, optList, optString, type OptionSpec, type ParsedArgs } from './args';
import { type CommandContext } from './command';
import { CliError, ExitCode, UsageError } from './errors';
import { paint } from './output';
import { type RunPlan } from '../core/runner/plan';
import { hashInputs } from '../core/runner/links';
import { errorMessage } from '../core/errors';
import { ExecutorError, LOCAL, resolveExecutor, type Executor, type SlurmOptions } from '../core/slurm/options';
import { slurmCommands, SlurmCommandError, SlurmMissingError } from '../core/slurm/commands';
import { ArrayLimitError } from '../core/slurm/arrays';
import { StoreNotSharedError } from '../core/slurm/probe';
import { CodeExportError } from '../core/slurm/codeExport';
import { submitToSlurm } from '../core/slurm/submit';
import { taskJobId } from '../core/slurm/record';

/** The options `run` and `sweep` take for choosing the executor. */
export const EXECUTOR_OPTIONS: readonly OptionSpec[] = [
  { name: 'on', type: 'string', value: 'local|slurm', help: 'where the runs execute (default: the experiment\'s executor: in runlens.yaml, else local)' },
  { name: 'slurm-partition', type: 'string', value: 'NAME', help: 'Slurm partition (replaces executor.slurm.partition)' },
  { name: 'slurm-time', type: 'string', value: 'LIMIT', help: 'Slurm time limit per run, e.g. 02:00:00' },
  { name: 'slurm-gpus', type: 'string', value: 'N', help: 'GPUs per run' },
  { name: 'slurm-cpus', type: 'string', value: 'N', help: 'CPUs per run' },
  { name: 'slurm-mem', type: 'string', value: 'SIZE', help: 'memory per run, e.g. 16G' },
  { name: 'slurm-account', type: 'string', value: 'NAME', help: 'Slurm account to charge' },
  { name: 'slurm-extra', type: 'string', multiple: true, value: 'OPTION', help: 'a further sbatch option, e.g. --qos=normal (repeatable)' },
  { name: 'no-probe', type: 'boolean', help: 'skip the check that the compute nodes see the store (a probe job)' },
];

function wholeNumber(args: ParsedArgs, name: string): number | undefined {
  const raw = optString(args, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} takes a whole number, got "${raw}"`);
  return Number(raw);
}

/**
 * The executor of `experiment` (from runlens.yaml; `base` instead when given, e.g. a submission's)
 * with the command line's overrides applied.
 */
export async function executorFor(ctx: CommandContext, args: ParsedArgs, experiment: string | undefined, base?: Executor): Promise<Executor> {
  let config: Executor = base ?? LOCAL;
  if (experiment !== undefined && base === undefined) {
    const { loadConfig } = await import('../core/config/config.js');
    // An unreadable config is reported by planning, which comes next; the executor is then local.
    config = (await loadConfig(ctx.workspace()).catch(() => undefined))?.experiments.get(experiment)?.executor ?? LOCAL;
  }
  const slurm: { -readonly [K in keyof SlurmOptions]: SlurmOptions[K] } = {};
  const set = <K extends keyof SlurmOptions>(k: K, v: SlurmOptions[K] | undefined): void => {
    if (v !== undefined) slurm[k] = v;
  };
  set('partition', optString(args, 'slurm-partition'));
  set('time', optString(args, 'slurm-time'));
  set('gpus', wholeNumber(args, 'slurm-gpus'));
  set('cpus', wholeNumber(args, 'slurm-cpus'));
  set('mem', optString(args, 'slurm-mem'));
  set('account', optString(args, 'slurm-account'));
  if (optList(args, 'slurm-extra').length > 0) slurm.extra = optList(args, 'slurm-extra');
  try {
    return resolveExecutor(config, { on: optString(args, 'on'), slurm });
  } catch (e) {
    if (e instanceof ExecutorError) throw new UsageError(e.message);
    throw e;
  }
}

/** What is submitted: the planned runs of one experiment (or one raw command). */
export interface SlurmBatch {
  readonly plans: readonly RunPlan[];
  readonly slurm: SlurmOptions;
  readonly concurrency: number | null;
  /** Turns system metrics off in every task even without `--no-system-metrics` (a rerun of a submission that had it). */
  readonly noSystemMetrics?: boolean;
}

/** Submits the batch; prints what was queued and how to follow it. Exit code 0 once sbatch accepted it. */
export async function submitBatch(ctx: CommandContext, args: ParsedArgs, batch: SlurmBatch): Promise<number> {
  const o = ctx.output;
  const first = batch.plans[0];
  if (!first) return 0;
  const store = ctx.store();
  const hashing = !optFlag(args, 'no-hash') && !['1', 'true'].includes(process.env.RUNLENS_NO_HASH ?? '');
  const inputs = await hashInputs({ root: first.root, storeRoot: store.root, datasets: first.datasets, outputs: first.outputs, hashing, missingData: 'error' })
    .catch((e: unknown) => { throw new CliError(errorMessage(e), ExitCode.dataMissing); });
  const probeTimeout = Number(process.env.RUNLENS_SLURM_PROBE_TIMEOUT ?? '300');
  try {
    const s = await submitToSlurm({
      store, workspace: ctx.workspace(), root: first.root, experiment: first.experiment, tags: optList(args, 'tag'),
      runs: batch.plans.map((p) => ({ command: p.argv, shell: p.shell, cwd: p.cwd, params: p.params, env: p.env })),
      slurm: batch.slurm, concurrency: batch.concurrency, datasets: first.datasets,
      noSystemMetrics: batch.noSystemMetrics === true || optFlag(args, 'no-system-metrics'),
      dataHashes: Object.fromEntries(inputs.manifests.map((m) => [m.spec, m.hash])), ...(first.snapshot ? { snapshot: first.snapshot } : {}),
      cli: { node: process.execPath, script: process.argv[1] ?? '' }, commands: slurmCommands(),
      probe: optFlag(args, 'no-probe') ? null : { timeoutMs: (Number.isFinite(probeTimeout) ? probeTimeout : 300) * 1000, onWait: (m) => o.err(paint(o, 'dim', `runlens: ${m}`)) },
      onProgress: (m) => o.err(paint(o, 'dim', `runlens: ${m}`)),
    });
    const jobs = s.arrays.map((a) => (a.array ? `${a.jobId} (array of ${a.count})` : a.jobId)).join(', ');
    o.err(`runlens: submitted ${s.runs.length} run${s.runs.length === 1 ? '' : 's'} to Slurm: job${s.arrays.length === 1 ? '' : 's'} ${jobs}`);
    for (let i = 0; i < Math.min(s.runs.length, 20); i++) o.out(`${s.runs[i] ?? ''}\t${taskJobId(s, i) ?? ''}`);
    o.err(paint(o, 'dim', 'runlens: follow them with: runlens slurm status (and runlens ls); they run the code as it is now, whatever you edit next'));
    return 0;
  } catch (e) {
    if (e instanceof StoreNotSharedError || e instanceof CodeExportError || e instanceof ArrayLimitError) throw new CliError(e.message, ExitCode.failure);
    if (e instanceof SlurmMissingError || e instanceof SlurmCommandError) throw new CliError(e.message, ExitCode.failure, 'see docs/slurm.md (troubleshooting)');
    throw e;
  }
}
