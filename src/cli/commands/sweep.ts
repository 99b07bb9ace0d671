// `runlens sweep`: queues one run per point of a param grid (the experiment's `sweep:` or `--grid`)
// as `queued` runs in the store, then starts them N at a time, each as its own `runlens run
// --queued` supervisor. A run cancelled while it waits (`runlens rm`, the editor) is skipped.
import { optFlag, optInt, optList, optString, type ParsedArgs } from '../args';
import { type Command, type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';
import { paint } from '../output';
import { type ParamValue } from '../../core/model';
import { formatParamValue } from '../../core/config/params';
import { parseGridOption } from '../../core/params/paramsLine';
import { experimentPlanner, PlanError, planRun, type RunPlan } from '../../core/runner/plan';
import { withPython } from '../../core/runner/python';
import { runQueuedChildren } from '../queuedChildren';
import { own, setOwn } from '../../core/dict';
import { EXECUTOR_OPTIONS, executorFor, submitBatch } from '../slurmSubmit';

/** Reports a planning error the way `runlens run` does (problems first, then the error). */
function planError(ctx: CommandContext): (e: unknown) => never {
  return (e) => {
    if (!(e instanceof PlanError)) throw e;
    for (const line of e.problemLines) ctx.output.err(line);
    const code = e.kind === 'usage' ? ExitCode.usage : e.kind === 'not-found' ? ExitCode.notFound : ExitCode.configInvalid;
    throw new CliError(e.message, code, e.hint ?? (e.kind === 'usage' ? 'see: runlens sweep --help' : undefined));
  };
}

/** The grid: `--grid` options when given (they replace the experiment's `sweep:`), else `sweep:`. */
async function gridOf(ctx: CommandContext, args: ParsedArgs, experiment: string): Promise<Record<string, ParamValue[]>> {
  const { loadConfig } = await import('../../core/config/config.js');
  const exp = (await loadConfig(ctx.workspace()))?.experiments.get(experiment);
  if (!exp) return {};
  const given = optList(args, 'grid');
  if (given.length === 0) return { ...(exp.sweep ?? {}) };
  const grid: Record<string, ParamValue[]> = {};
  for (const g of given) {
    try {
      const [name, values] = parseGridOption(g, exp.params);
      if (!Object.prototype.hasOwnProperty.call(exp.params, name)) {
        throw new Error(`unknown param "${name}"; params: ${Object.keys(exp.params).join(', ') || 'none declared'}`);
      }
      setOwn(grid, name, [...(own(grid, name) ?? []), ...values]);
    } catch (e) {
      throw new UsageError(`--grid ${g}: ${(e as Error).message}`, 'sweep --help');
    }
  }
  return grid;
}

async function sweep(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const [experiment, ...extra] = args.positionals;
  if (experiment === undefined || extra.length > 0 || args.rest !== null) throw new UsageError('sweep needs exactly one experiment name', 'sweep --help');
  const concurrency = optInt(args, 'sweep', 'concurrency', 1);
  const python = optString(args, 'python');
  // Planning the base run first reports a missing experiment or a broken config with its exit code.
  await planRun({ workspace: ctx.workspace(), cwd: process.cwd(), experiment, assignments: optList(args, 'param') }).catch(planError(ctx));
  const grid = await gridOf(ctx, args, experiment);
  const { MAX_SWEEP_POINTS, sweepGrid, SweepTooLargeError } = await import('../../core/config/config.js');
  if (Object.keys(grid).length === 0) {
    throw new UsageError(`experiment "${experiment}" has no sweep: in runlens.yaml and no --grid was given`, 'sweep --help');
  }
  const maxPoints = optInt(args, 'sweep', 'max-points', MAX_SWEEP_POINTS);
  let points: Record<string, ParamValue>[];
  try {
    points = sweepGrid({}, grid, maxPoints);
  } catch (e) {
    if (!(e instanceof SweepTooLargeError)) throw e;
    throw new UsageError(`${e.message}; nothing was queued. Shorten the value lists, or pass --max-points ${e.size} to queue them all`, 'sweep --help');
  }
  const executor = await executorFor(ctx, args, experiment);
  // runlens.yaml is read once for every point: thousands of points plan in milliseconds.
  const plan = await experimentPlanner({ workspace: ctx.workspace(), cwd: process.cwd(), experiment });
  const planPoint = (point: Record<string, ParamValue>): RunPlan => {
    const assignments = [...optList(args, 'param'), ...Object.entries(point).map(([k, v]) => `${k}=${formatParamValue(v)}`)];
    try {
      const p = plan(assignments);
      return { ...p, argv: withPython(p.argv, p.shell, python) };
    } catch (e) {
      return planError(ctx)(e);
    }
  };
  if (executor.kind === 'slurm') {
    const limit = optString(args, 'concurrency') === undefined ? null : concurrency;
    return submitBatch(ctx, args, { plans: points.map(planPoint), slurm: executor.slurm, concurrency: limit });
  }
  const store = ctx.store();
  const o = ctx.output;
  const queued: { id: string; name: string }[] = [];
  for (const point of points) {
    const p = planPoint(point);
    const writer = await store.createRun({
      experiment, command: p.argv, shell: p.shell, cwd: p.cwd, params: p.params, env: p.env,
      tags: optList(args, 'tag'), status: 'queued',
    });
    const m = writer.manifest();
    queued.push({ id: m.id, name: m.name });
    o.err(paint(o, 'dim', `runlens: queued ${m.name} (${Object.entries(point).map(([k, v]) => `${k}=${formatParamValue(v)}`).join(' ')})`));
  }

  const { result, failures, interrupted } = await runQueuedChildren(ctx, queued, { concurrency, noSystemMetrics: optFlag(args, 'no-system-metrics'), ...(python ? { python } : {}) });
  const cancelled = result.notStarted.length > 0 ? `, ${result.notStarted.length} cancelled` : '';
  o.err(`runlens: sweep of ${experiment}: ${result.ran.length} run${result.ran.length === 1 ? '' : 's'}` +
    `${failures.length > 0 ? ` (${failures.length} not finished)` : ''}, ${result.skipped.length} skipped${cancelled}`);
  const problems = failures.length + result.errors.length;
  return interrupted ? 130 : problems > 0 ? ExitCode.failure : 0;
}

/** The `sweep` command. */
export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'queue one run per point of a param grid and run them N at a time',
  usage: 'sweep EXPERIMENT [--grid KEY=V1,V2 ...] [-p KEY=VALUE ...] [--concurrency N] [--python PATH] [--tag TAG ...] [--no-system-metrics]',
  description: [
    'Queues one run of EXPERIMENT per combination of the grid: the experiment\'s sweep: in runlens.yaml,',
    'or the --grid options (which replace it). -p fixes other params. The queued runs appear in the store',
    'at once (status queued) and start in order, N at a time. A queued run removed meanwhile (runlens rm)',
    'is skipped. Ctrl+C stops the running runs and cancels the rest.',
    'On Slurm (--on slurm, or executor: slurm in runlens.yaml) the sweep is submitted as a job array and the',
    'command returns at once; --concurrency N becomes the array\'s %N limit (docs/slurm.md).',
  ].join('\n'),
  options: [
    { name: 'grid', short: 'g', type: 'string', multiple: true, value: 'KEY=V1,V2', help: 'values to try for a param (replaces sweep: of runlens.yaml)' },
    { name: 'param', short: 'p', type: 'string', multiple: true, value: 'KEY=VALUE', help: 'fix a param for every run' },
    { name: 'concurrency', short: 'j', type: 'string', value: 'N', help: 'how many runs at once (default 1)' },
    { name: 'python', type: 'string', value: 'PATH', help: 'interpreter to use where the command starts with a bare python or python3' },
    { name: 'tag', short: 't', type: 'string', multiple: true, value: 'TAG', help: 'tag every run' },
    { name: 'no-system-metrics', type: 'boolean', help: 'do not sample CPU, memory and GPU as system/* metrics in any of the runs (also: RUNLENS_NO_SYSTEM_METRICS=1, or systemMetrics: false in runlens.yaml)' },
    { name: 'max-points', type: 'string', value: 'N', help: 'queue a grid of up to N points (default 10000; a larger grid is refused)' },
    ...EXECUTOR_OPTIONS,
  ],
  examples: ['runlens sweep train', 'runlens sweep train --grid lr=0.01,0.1 --grid epochs=10,20 -j 2', 'runlens sweep train --on slurm --slurm-partition gpu -j 8'],
  run: sweep,
};
