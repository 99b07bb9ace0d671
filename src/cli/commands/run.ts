// `runlens run`: plans the run (experiment or raw command), creates it in the store and supervises
// it in this process, which then exits with the child's own exit code.
import { optFlag, optList, optString, type ParsedArgs } from '../args';
import { type Command, type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';
import { paint, statusStyle } from '../output';
import { findPythonClient } from '../../core/runner/env';
import { prepareRunLinks } from '../runLinks';
import { PlanError, planRun, type RunPlan } from '../../core/runner/plan';
import { forwardSignals, graceFromEnv } from '../../core/runner/stopping';
import { superviseRun } from '../../core/runner/supervisor';
import { systemMetricsFor } from '../../core/runner/systemSampler';
import { applyPythonOption, claimQueuedRun, QUEUE_RUN_OPTIONS } from './queuedRun';

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

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  // `--queued RUN` (from `runlens sweep`) reuses the queued run's record instead of creating one.
  const claimed = await claimQueuedRun(ctx, args);
  const p = claimed?.plan ?? applyPythonOption(await plan(ctx, args), args);
  const store = ctx.store();
  // Datasets are hashed before a run is created: a missing one stops it with nothing recorded
  // (a queued run, which exists already, is recorded as failed with the reason).
  const links = await prepareRunLinks(ctx.output, args, p, store.root).catch(async (e: unknown) => {
    await claimed?.writer.finish({ status: 'failed', exitCode: null, signal: null, error: (e as Error).message });
    throw e;
  });
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
  await links.attach(started, p.cwd);
  const supervised = superviseRun({
    writer, argv: p.argv, shell: p.shell, cwd: p.cwd, params: p.params, configEnv: p.env, baseEnv: process.env,
    pythonClient: findPythonClient(), stdout: process.stdout, stderr: process.stderr, terminal: process.stdout.isTTY === true,
    metricPatterns: p.metricPatterns, graceMs: graceFromEnv(),
      systemMetrics: systemMetricsFor(p.systemMetrics, process.env, optFlag(args, 'no-system-metrics')),
      beforeFinish: () => links.finish(started),
  });
  const unforward = forwardSignals(supervised);
  try {
    const end = await supervised.outcome;
    if (end.captureError) o.err(`runlens: warning: ${end.captureError}`);
    const detail = end.error ? `: ${end.error}` : '';
    o.err(`runlens: run ${writer.manifest().name} ${paint(o, statusStyle(end.status), end.status)}${detail}`);
    return end.exitCode;
  } finally {
    unforward();
  }
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
  ].join('\n'),
  options: [
    { name: 'param', short: 'p', type: 'string', multiple: true, value: 'KEY=VALUE', help: 'override a param of the experiment' },
    { name: 'name', type: 'string', value: 'NAME', help: 'name the run (default: a generated adjective-noun-N)' },
    { name: 'tag', short: 't', type: 'string', multiple: true, value: 'TAG', help: 'tag the run' },
    { name: 'no-system-metrics', type: 'boolean', help: 'do not sample CPU, memory and GPU as system/* metrics (also: RUNLENS_NO_SYSTEM_METRICS=1, or systemMetrics: false in runlens.yaml)' },
    { name: 'no-hash', type: 'boolean', help: 'do not hash datasets and outputs (also: RUNLENS_NO_HASH=1); the code is still snapshotted' },
    { name: 'missing-data', type: 'string', value: 'error|warn', help: 'a declared dataset that does not exist: stop (default, exit 6) or run anyway with a warning' },
    ...QUEUE_RUN_OPTIONS,
  ],
  examples: [
    'runlens run train -p lr=0.01 -p epochs=20',
    'runlens run --name baseline -- python train.py --lr 0.01',
  ],
  run,
};
