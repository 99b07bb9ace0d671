// `runlens reproduce RUN`: runs a recorded run's own code (a worktree at its snapshot) on its own
// data (verified by hash, restored from the data cache) with the same command, params and env,
// records the new run with `reproducedFrom`, and judges it against the original. A run that ran on
// Slurm is reproduced on Slurm (one job doing all of this on a node) unless `--on local`.
import { errorMessage } from '../../core/errors';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { optFlag, optString, type ParsedArgs } from '../args';
import { type Command, type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';
import { describeRun, requireRun } from '../lookup';
import { paint } from '../output';
import { prepareRunLinks } from '../runLinks';
import { type RunManifest } from '../../core/model';
import { writeFileAtomic } from '../../core/fs/atomic';
import { findPythonClient } from '../../core/runner/env';
import { catchSignals, graceFromEnv } from '../../core/runner/stopping';
import { signalExitCode } from '../../core/runner/child';
import { stoppedBeforeStart } from './run';
import { superviseRun } from '../../core/runner/supervisor';
import { systemMetricsFor } from '../../core/runner/systemSampler';
import { describeUnavailable } from '../../core/reproduce/data';
import { DataChoiceError, prepareReproduction, type Reproduction } from '../../core/reproduce/prepare';
import { configuredFetcher } from './cacheRemote';
import { type ReproduceStatus, verdictLines } from '../../core/reproduce/report';
import { judge, saveVerdict } from '../../core/reproduce/verdict';
import { reproductionNamePrefix } from '../../core/reproduce/reproductions';
import { CodeUnavailableError, keepWorktree, removeWorktree, worktreeScratchDir } from '../../core/reproduce/worktree';
import { slurmCommands, SlurmCommandError, SlurmMissingError } from '../../core/slurm/commands';
import { originalOptions, submitReproduceJob } from '../../core/slurm/reproduceJob';

/** Where worktrees go when neither `--worktree-dir` nor the editor's setting says (relative to the workspace). */
export const WORKTREE_DIR_ENV = 'RUNLENS_WORKTREE_DIR';

async function prepare(ctx: CommandContext, args: ParsedArgs, status: (s: ReproduceStatus) => Promise<void>, signal: AbortSignal): Promise<{ original: RunManifest; rep: Reproduction }> {
  if (args.positionals.length !== 1) throw new UsageError('reproduce takes exactly one run (id, name or id prefix)', 'reproduce --help');
  const policy = optString(args, 'data') ?? 'restore';
  if (policy !== 'restore' && policy !== 'current') throw new UsageError(`--data takes "restore" or "current", not "${policy}"`, 'reproduce --help');
  const original = await requireRun(ctx, args.positionals[0] ?? '');
  if (original.status === 'running' || original.status === 'queued') {
    throw new CliError(`run ${original.name} is ${original.status}; only a run that ended can be reproduced`, ExitCode.conflict, 'wait for it to end');
  }
  await status({ phase: 'preparing' });
  const store = ctx.store();
  const dir = optString(args, 'worktree-dir') ?? process.env[WORKTREE_DIR_ENV];
  try {
    const remote = policy === 'restore' ? await configuredFetcher(ctx, signal) : undefined;
    const rep = await prepareReproduction({
      storeRoot: store.root, workspace: ctx.workspace(), original, originalDir: store.runDir(original.id), policy,
      worktreeRoot: dir ? resolve(ctx.workspace(), dir) : undefined, signal, ...(remote ? { remote } : {}),
    });
    await remote?.settle();
    return { original, rep };
  } catch (e) {
    if (e instanceof DataChoiceError) {
      await status({ phase: 'data-choice', unavailable: e.unavailable.map(describeUnavailable) });
      for (const u of e.unavailable) ctx.output.err(`runlens: ${describeUnavailable(u)}`);
      throw new CliError(`the data this run read has changed and its recorded version is not in the data cache${e.unavailable[0]?.remote === undefined ? '' : ' nor on the data remote'}; nothing was run`,
        ExitCode.dataMissing, 'run with the current data instead (recorded as a deviation on the new run): add --data current');
    }
    if (signal.aborted) throw new CliError('reproduce was interrupted before the run started; nothing was run', 130);
    if (e instanceof CodeUnavailableError) throw new CliError(e.message, ExitCode.notFound, 'only runs recorded with a code snapshot in this repository can be reproduced');
    throw e;
  }
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const on = optString(args, 'on');
  if (on !== undefined && on !== 'local' && on !== 'slurm') throw new UsageError(`--on takes "local" or "slurm", not "${on}"`, 'reproduce --help');
  if (on !== 'local' && args.positionals.length === 1) {
    const original = await requireRun(ctx, args.positionals[0] ?? '');
    if (on === 'slurm' || original.slurm) return reproduceOnSlurm(ctx, args, original);
  }
  const statusFile = optString(args, 'status-file');
  const status = async (s: ReproduceStatus): Promise<void> => {
    if (statusFile) await writeFileAtomic(statusFile, JSON.stringify(s));
  };
  let rep: Reproduction | undefined;
  // Stop signals are caught for the whole command, so every exit path below removes the worktree:
  // a Ctrl+C while it is set up gives up after that step, one before the process starts records the
  // run `stopped`, one during the run is forwarded to it.
  const signals = catchSignals();
  try {
    const prepared = await prepare(ctx, args, status, signals.aborted);
    const { original } = prepared;
    rep = prepared.rep;
    if (signals.received) throw new CliError('reproduce was interrupted before the run started; nothing was run', signalExitCode(signals.received));
    for (const dir of rep.swept) ctx.output.err(paint(ctx.output, 'dim', `runlens: removed the worktree ${dir} left by an interrupted reproduce`));
    const o = ctx.output;
    const store = ctx.store();
    const p = rep.plan;
    // On the current data a dataset may be gone altogether: record that rather than refuse.
    const linkArgs = optString(args, 'data') === 'current' ? { ...args, options: new Map([...args.options, ['missing-data', 'warn']]) } : args;
    // The worktree's paths are never seen again: their stat-cache entries go to a throwaway cache
    // instead of growing the store's hashes.bin with every reproduction. It lives in git's record of
    // the worktree, so a reproduce killed before its cleanup (kill -9, a Slurm job's end) leaves it
    // to the sweep that removes the worktree, never in /tmp.
    const hashDir = await worktreeScratchDir(rep.worktree, 'runlens-hashes');
    const links = await prepareRunLinks(o, linkArgs, p, hashDir);
    const writer = await store.createRun({
      experiment: p.experiment, command: p.argv, shell: p.shell, cwd: p.cwd, params: p.params, env: p.env,
      name: optString(args, 'name'), namePrefix: reproductionNamePrefix(original.name), reproducedFrom: original.id, deviations: rep.deviations, status: 'running',
    });
    o.err(paint(o, 'dim', `runlens: reproducing ${original.name} (${original.id}) as ${writer.manifest().name} (${writer.id}) in ${rep.worktree.dir}`));
    for (const d of rep.deviations) o.err(paint(o, 'yellow', `runlens: deviation: ${d.message}`));
    await status({ phase: 'running', runId: writer.id, worktree: rep.worktree.dir });
    await links.attach(writer, p.cwd).catch(async (e: unknown) => {
      await writer.finish({ status: 'failed', exitCode: null, signal: null, error: `could not link the run to its code and data: ${(e as Error).message}` });
      throw e;
    });
    if (signals.received) return await stoppedBeforeStart(o, writer, signals.received);
    const supervised = superviseRun({
      writer, argv: p.argv, shell: p.shell, cwd: p.cwd, params: p.params, configEnv: p.env, baseEnv: process.env,
      pythonClient: findPythonClient(), stdout: process.stdout, stderr: process.stderr, terminal: process.stdout.isTTY === true,
      metricPatterns: p.metricPatterns, graceMs: graceFromEnv(), onDiskFull: (message) => o.err(paint(o, 'yellow', `runlens: ${message}`)),
      onWarning: (message) => o.err(paint(o, 'yellow', `runlens: warning: ${message}`)),
      systemMetrics: systemMetricsFor(p.systemMetrics, process.env, optFlag(args, 'no-system-metrics')),
      beforeFinish: () => links.finish(writer),
    });
    signals.forwardTo(supervised);
    const end = await supervised.outcome;
    if (end.unrecorded) {
      o.err(paint(o, 'yellow', `runlens: ${end.unrecorded}`));
      return end.exitCode;
    }
    const reproduced = await store.getRun(writer.id);
    if (!reproduced) throw new CliError(`the reproduction ${writer.id} disappeared from the store`, ExitCode.failure);
    const verdict = judge(original, reproduced, rep.tolerance);
    await saveVerdict(writer.dir, verdict);
    await writer.recordVerdict(verdict.verdict);
    const keep = optFlag(args, 'keep');
    if (keep) {
      await keepWorktree(rep.worktree);
      await rm(hashDir, { recursive: true, force: true }); // the kept worktree is the user's: no cache of ours stays in it
    } else {
      await removeWorktree(rep.worktree);
    }
    rep = undefined;
    o.err(`runlens: ${describeRun(o, reproduced)}`);
    const [headline, ...rest] = verdictLines(verdict);
    o.err(paint(o, verdict.verdict === 'reproduced' ? 'green' : 'red', `runlens: ${headline ?? ''}`));
    for (const line of rest) o.err(line);
    if (keep) o.err(`runlens: worktree kept at ${prepared.rep.worktree.dir} (remove it with: git worktree remove --force ${prepared.rep.worktree.dir})`);
    await status({ phase: 'done', runId: writer.id, worktree: keep ? prepared.rep.worktree.dir : null, verdict });
    return verdict.verdict === 'reproduced' ? ExitCode.ok : ExitCode.diverged;
  } catch (e) {
    if (!(e instanceof CliError && e.code === ExitCode.dataMissing)) await status({ phase: 'error', message: errorMessage(e) }).catch(() => undefined); // the error itself is thrown next: a status file not written loses nothing
    throw e;
  } finally {
    if (rep) await removeWorktree(rep.worktree);
    signals.dispose();
  }
}

/** Submits the reproduction as a Slurm job with the original's sbatch options; returns once sbatch accepted it. */
async function reproduceOnSlurm(ctx: CommandContext, args: ParsedArgs, original: RunManifest): Promise<number> {
  if (original.status === 'running' || original.status === 'queued') {
    throw new CliError(`run ${original.name} is ${original.status}; only a run that ended can be reproduced`, ExitCode.conflict, 'wait for it to end');
  }
  const o = ctx.output;
  const store = ctx.store();
  // Not --status-file: the job writes its phases to a file of its own in the shared store, which
  // the `submitted` phase written to ours names.
  const passed = (['data', 'worktree-dir', 'name'] as const).flatMap((k) => {
    const v = optString(args, k);
    return v === undefined ? [] : [`--${k}=${v}`];
  });
  if (optFlag(args, 'keep')) passed.push('--keep');
  if (optFlag(args, 'no-system-metrics')) passed.push('--no-system-metrics');
  try {
    const job = await submitReproduceJob({
      storeRoot: store.root, workspace: ctx.workspace(), original, slurm: await originalOptions(store.root, original), reproduceArgs: passed,
      cli: { node: process.execPath, script: process.argv[1] ?? '' }, commands: slurmCommands(),
    });
    const statusFile = optString(args, 'status-file');
    if (statusFile) await writeFileAtomic(statusFile, JSON.stringify(job satisfies ReproduceStatus));
    o.err(`runlens: reproducing ${original.name} (${original.id}): submitted to Slurm as job ${job.jobId}`);
    o.err(paint(o, 'dim', `runlens: the reproduction appears in runlens ls once the job starts; its progress: ${job.statusFile}; its output: ${job.output} (locally instead: --on local)`));
    o.out(job.jobId);
    return 0;
  } catch (e) {
    const statusFile = optString(args, 'status-file');
    // The editor following the status file says why; the error itself is thrown next.
    if (statusFile) await writeFileAtomic(statusFile, JSON.stringify({ phase: 'error', message: errorMessage(e) } satisfies ReproduceStatus)).catch(() => undefined);
    if (e instanceof SlurmMissingError || e instanceof SlurmCommandError) throw new CliError(e.message, ExitCode.failure, 'reproduce it here instead: runlens reproduce RUN --on local');
    throw e;
  }
}

/** The `reproduce` command. */
export const reproduceCommand: Command = {
  name: 'reproduce',
  summary: 'rerun a run\'s own code on its own data in a separate worktree and say whether the result came back',
  usage: 'reproduce RUN [--data restore|current] [--keep] [--worktree-dir DIR] [--name NAME] [--on local|slurm]',
  description: [
    'Checks the run\'s code snapshot out in a new git worktree (your files, index and HEAD are untouched),',
    'provides its datasets there verified by hash (from the snapshot, your workspace when unchanged, or the',
    'data cache), runs the same command, params and env, and compares every metric (final, min, max) and',
    'output hash with the original, within reproduce.tolerance of runlens.yaml (default: exact).',
    `Exit codes: 0 reproduced, ${ExitCode.diverged} diverged, ${ExitCode.dataMissing} the recorded data is gone (nothing run; see --data).`,
    `Worktrees go under <store>/worktrees unless --worktree-dir or ${WORKTREE_DIR_ENV} names another folder.`,
    'A run that ran on Slurm is reproduced on Slurm: one job, with the original\'s sbatch options, runs all of the',
    'above on a compute node, and this command returns once sbatch accepted it. --on local reproduces it here.',
  ].join('\n'),
  options: [
    { name: 'data', type: 'string', value: 'restore|current', help: 'a dataset whose recorded version is gone: stop (restore, default) or run on the current data, recorded as a deviation' },
    { name: 'keep', type: 'boolean', help: 'keep the worktree afterwards (printed at the end)' },
    { name: 'worktree-dir', type: 'string', value: 'DIR', help: 'parent folder of the worktree (default: <store>/worktrees)' },
    { name: 'name', type: 'string', value: 'NAME', help: 'name the new run (default: after the original, e.g. calm-river-2 repro 1)' },
    { name: 'no-system-metrics', type: 'boolean', help: 'do not sample CPU, memory and GPU as system/* metrics (also: RUNLENS_NO_SYSTEM_METRICS=1)' },
    { name: 'status-file', type: 'string', value: 'FILE', help: 'write the progress and verdict as JSON to FILE (for editors)' },
    { name: 'on', type: 'string', value: 'local|slurm', help: 'where to reproduce (default: on Slurm for a run that ran there, else here)' },
  ],
  examples: ['runlens reproduce brave-otter-3', 'runlens reproduce 20250101-1200 --data current --keep'],
  run,
};
