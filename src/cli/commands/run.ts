// `runlens run`: plans the run (experiment or raw command), creates it in the store and supervises
// it in this process, which then exits with the child's own exit code.
import { optFlag, optList, optString, type ParsedArgs } from '../args';
import { type Command, type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';
import { paint, statusStyle, type Output } from '../output';
import { findPythonClient } from '../../core/runner/env';
import { prepareRunLinks } from '../runLinks';
import { PlanError, planRun, type RunPlan } from '../../core/runner/plan';
import { catchSignals, graceFromEnv, type SignalCatcher } from '../../core/runner/stopping';
import { signalExitCode } from '../../core/runner/child';
import { type RunWriter } from '../../core/store/writer';
import { superviseRun } from '../../core/runner/supervisor';
import { systemMetricsFor } from '../../core/runner/systemSampler';
import { applyPythonOption, claimQueuedRun, QUEUE_RUN_OPTIONS } from './queuedRun';
import { sweepCommand } from './sweep';
import { EXECUTOR_OPTIONS, executorFor, submitBatch } from '../slurmSubmit';

async function plan(ctx: CommandContext, args: ParsedArgs): Promise<RunPlan> {
  const [experiment, ...extra] = args.positionals;
  if (extra.length > 0 || (experiment !== undefined && args.rest !== null)) {
    throw new UsageError('give either one experiment name or a command after "--", not both', 'run --help');
  }
  try {
    return await planRun({
      workspace: ctx.workspace(), cwd: process.cwd(), experiment, assignments: optList(args, 'param'),
      command: args.rest ?? undefined,
    });
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    for (const line of e.problemLines) ctx.output.err(line);
    const code = e.kind === 'usage' ? ExitCode.usage : e.kind === 'not-found' ? ExitCode.notFound : ExitCode.configInvalid;
    throw new CliError(e.message, code, e.hint ?? (e.kind === 'usage' ? 'see: runlens run --help' : undefined));
  }
}

/**
 * `-p lr=1e-4,1e-3` on a number, boolean or null param is the editor's sweep syntax: the `sweep`
 * arguments that queue it (`--grid` for each such param, `-p` for the rest); undefined for a single
 * run. A string param keeps its comma as part of the value, as before.
 */
async function sweepOf(ctx: CommandContext, args: ParsedArgs): Promise<ParsedArgs | undefined> {
  const [experiment] = args.positionals;
  const assignments = optList(args, 'param');
  if (experiment === undefined || args.rest !== null || !assignments.some((a) => a.slice(a.indexOf('=') + 1).includes(','))) return undefined;
  const { loadConfig } = await import('../../core/config/config.js');
  const exp = (await loadConfig(ctx.workspace()).catch(() => undefined))?.experiments.get(experiment);
  if (!exp) return undefined; // planning reports the missing experiment or the broken config
  const grid: string[] = [];
  const fixed: string[] = [];
  for (const a of assignments) {
    const eq = a.indexOf('=');
    const name = a.slice(0, Math.max(eq, 0));
    const swept = eq > 0 && a.slice(eq + 1).includes(',') && Object.prototype.hasOwnProperty.call(exp.params, name) && typeof exp.params[name] !== 'string';
    (swept ? grid : fixed).push(a);
  }
  if (grid.length === 0) return undefined;
  if (optString(args, 'name') !== undefined) {
    throw new CliError(`-p ${grid.join(' -p ')} asks for several runs (a sweep), which cannot share one --name`, ExitCode.usage,
      `drop --name, or run: runlens sweep ${experiment} --grid ${grid.join(' --grid ')}`);
  }
  const options = new Map(args.options);
  options.set('grid', grid);
  options.set('param', fixed);
  return { options, positionals: [experiment], rest: null };
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const sweepArgs = await sweepOf(ctx, args);
  if (sweepArgs) {
    const o = ctx.output;
    o.err(paint(o, 'dim', `runlens: several values for ${optList(sweepArgs, 'grid').map((g) => g.slice(0, g.indexOf('='))).join(', ')}: ` +
      `queuing a sweep, as "runlens sweep ${sweepArgs.positionals[0] ?? ''} --grid ${optList(sweepArgs, 'grid').join(' --grid ')}" does`));
    if (optFlag(args, 'no-hash') || optString(args, 'missing-data') !== undefined) {
      o.err(paint(o, 'yellow', 'runlens: --no-hash and --missing-data do not apply to a sweep (set RUNLENS_NO_HASH=1 to skip hashing)'));
    }
    return sweepCommand.run(ctx, sweepArgs);
  }
  if (optString(args, 'queued') === undefined) {
    const executor = await executorFor(ctx, args, args.positionals[0]);
    if (executor.kind === 'slurm') return submitBatch(ctx, args, { plans: [applyPythonOption(await plan(ctx, args), args)], slurm: executor.slurm, concurrency: null });
  }
  return runHere(ctx, args);
}

/**
 * Runs in this process. `adjust` changes the plan of a queued run before it starts (a Slurm task
 * moves it into the submission's code snapshot).
 */
export async function runHere(ctx: CommandContext, args: ParsedArgs, adjust?: (plan: RunPlan) => RunPlan): Promise<number> {
  // Stop signals are caught from the moment a run record exists (a queued run: from its claim), so
  // a Ctrl+C before the process starts records the run `stopped` instead of killing the supervisor.
  // Before that, a Ctrl+C ends `runlens run` at once (e.g. while hashing datasets): nothing is recorded yet.
  let signals = optString(args, 'queued') !== undefined ? catchSignals() : undefined;
  try {
    return await runCaught(ctx, args, () => (signals ??= catchSignals()), adjust);
  } finally {
    signals?.dispose();
  }
}

async function runCaught(ctx: CommandContext, args: ParsedArgs, catching: () => SignalCatcher, adjust?: (plan: RunPlan) => RunPlan): Promise<number> {
  // `--queued RUN` (from `runlens sweep`) reuses the queued run's record instead of creating one.
  const claimed = await claimQueuedRun(ctx, args);
  const p = claimed ? (adjust ? adjust(claimed.plan) : claimed.plan) : applyPythonOption(await plan(ctx, args), args);
  const store = ctx.store();
  // Datasets are hashed before a run is created: a missing one stops it with nothing recorded
  // (a queued run, which exists already, is recorded as failed with the reason).
  const links = await prepareRunLinks(ctx.output, args, p, store.root).catch(async (e: unknown) => {
    await claimed?.writer.finish({ status: 'failed', exitCode: null, signal: null, error: (e as Error).message });
    throw e;
  });
  const signals = catching();
  let writer = claimed?.writer;
  if (!writer) {
    try {
      writer = await store.createRun({
        experiment: p.experiment, command: p.argv, shell: p.shell, cwd: p.cwd, params: p.params, env: p.env,
        name: optString(args, 'name'), tags: optList(args, 'tag'), status: 'running',
      });
    } catch (e) {
      const msg = (e as Error).message;
      if (/name/.test(msg) && optString(args, 'name') !== undefined) throw new CliError(msg, ExitCode.usage, 'choose another --name');
      throw e;
    }
  }
  const o = ctx.output;
  // Status lines go to stderr so stdout carries exactly the child's bytes.
  o.err(paint(o, 'dim', `runlens: run ${writer.manifest().name} (${writer.id}) started`));
  const started = writer;
  await links.attach(started, p.cwd).catch(async (e: unknown) => {
    await started.finish({ status: 'failed', exitCode: null, signal: null, error: `could not link the run to its code and data: ${(e as Error).message}` });
    throw e;
  });
  if (signals.received) return stoppedBeforeStart(o, started, signals.received);
  const supervised = superviseRun({
    writer, argv: p.argv, shell: p.shell, cwd: p.cwd, params: p.params, configEnv: p.env, baseEnv: process.env,
    pythonClient: findPythonClient(), stdout: process.stdout, stderr: process.stderr, terminal: process.stdout.isTTY === true,
    metricPatterns: p.metricPatterns, graceMs: graceFromEnv(), onDiskFull: (message) => o.err(paint(o, 'yellow', `runlens: ${message}`)),
    onWarning: (message) => o.err(paint(o, 'yellow', `runlens: warning: ${message}`)),
      systemMetrics: systemMetricsFor(p.systemMetrics, process.env, optFlag(args, 'no-system-metrics')),
    beforeFinish: () => links.finish(started),
  });
  signals.forwardTo(supervised);
  const end = await supervised.outcome;
  if (end.captureError) o.err(`runlens: warning: ${end.captureError}`);
  if (end.unrecorded) {
    o.err(paint(o, 'yellow', `runlens: ${end.unrecorded}`));
    return end.exitCode;
  }
  const detail = end.error ? `: ${end.error}` : '';
  o.err(`runlens: run ${writer.manifest().name} ${paint(o, statusStyle(end.status), end.status)}${detail}`);
  return end.exitCode;
}

/** Records a run interrupted before its process started as `stopped`; returns the shell's code for the signal. */
export async function stoppedBeforeStart(o: Output, writer: RunWriter, signal: NodeJS.Signals): Promise<number> {
  const error = `stopped by ${signal} before its command started`;
  await writer.finish({ status: 'stopped', exitCode: null, signal: null, error });
  o.err(`runlens: run ${writer.manifest().name} ${paint(o, statusStyle('stopped'), 'stopped')}: ${error}`);
  return signalExitCode(signal);
}

/** The `run` command. */
export const runCommand: Command = {
  name: 'run',
  summary: 'start a run of an experiment or a command, tracking its output and metrics',
  usage: 'run [EXPERIMENT] [-p KEY=VALUE ...] [--name NAME] [--tag TAG ...] [-- COMMAND ARGS...]',
  description: [
    'Runs EXPERIMENT from runlens.yaml (params: its defaults, overridden by -p), or the command after "--".',
    'Output passes through unchanged and is saved to the run; "--key value" and "--key=value" arguments',
    'of a raw command are recorded as params. Ctrl+C stops the run (a second Ctrl+C kills it at once).',
    'Exits with the command\'s own exit code (128+N when it died of signal N; 127 when not found).',
    'Several comma-separated values for a number or boolean param (-p lr=1e-4,1e-3) queue a sweep, as the',
    'editor\'s params line does: the same as "runlens sweep EXPERIMENT --grid lr=1e-4,1e-3".',
    'With --on slurm (or executor: slurm in runlens.yaml) the run is submitted as a Slurm job and the command',
    'returns once sbatch accepted it (docs/slurm.md).',
  ].join('\n'),
  options: [
    { name: 'param', short: 'p', type: 'string', multiple: true, value: 'KEY=VALUE', help: 'override a param of the experiment' },
    { name: 'name', type: 'string', value: 'NAME', help: 'name the run (default: a generated adjective-noun-N)' },
    { name: 'tag', short: 't', type: 'string', multiple: true, value: 'TAG', help: 'tag the run' },
    { name: 'no-system-metrics', type: 'boolean', help: 'do not sample CPU, memory and GPU as system/* metrics (also: RUNLENS_NO_SYSTEM_METRICS=1, or systemMetrics: false in runlens.yaml)' },
    { name: 'no-hash', type: 'boolean', help: 'do not hash datasets and outputs (also: RUNLENS_NO_HASH=1); the code is still snapshotted' },
    { name: 'missing-data', type: 'string', value: 'error|warn', help: 'a declared dataset that does not exist: stop (default, exit 6) or run anyway with a warning' },
    ...QUEUE_RUN_OPTIONS,
    ...EXECUTOR_OPTIONS,
  ],
  examples: [
    'runlens run train -p lr=0.01 -p epochs=20',
    'runlens run train -p lr=1e-4,1e-3   # a sweep of two runs',
    'runlens run --name baseline -- python train.py --lr 0.01',
  ],
  run,
};
