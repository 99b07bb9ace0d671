// What `runlens run` adds for the editor and for sweeps: `--python PATH` (the interpreter that
// replaces a leading bare python/python3) and `--queued ID` (start a run a sweep queued, reusing
// its record: same id, same name, the command and params fixed when it was queued).
import { errorMessage } from '../../core/errors';
import { dirname } from 'node:path';
import { optList, optString, type OptionSpec, type ParsedArgs } from '../args';
import { type CommandContext } from '../command';
import { CliError, ExitCode, NotFoundError, UsageError } from '../errors';
import { withPython } from '../../core/runner/python';
import { type RunPlan } from '../../core/runner/plan';
import { type RunWriter } from '../../core/store/writer';

/** The options `run` accepts for this. */
export const QUEUE_RUN_OPTIONS: readonly OptionSpec[] = [
  { name: 'python', type: 'string', value: 'PATH', help: 'interpreter to use where the command starts with a bare python or python3' },
  { name: 'queued', type: 'string', value: 'RUN', help: 'start a run queued by "runlens sweep" (its own record, params and command)' },
];

/** The plan with `--python` applied to its command. */
export function applyPythonOption(plan: RunPlan, args: ParsedArgs): RunPlan {
  const python = optString(args, 'python');
  return python ? { ...plan, argv: withPython(plan.argv, plan.shell, python) } : plan;
}

/**
 * With `--queued RUN`: takes the queued run over (it becomes `running` under this supervisor) and
 * plans from its record; the experiment's current metric patterns apply. Undefined without the option.
 */
export async function claimQueuedRun(ctx: CommandContext, args: ParsedArgs): Promise<{ plan: RunPlan; writer: RunWriter } | undefined> {
  const key = optString(args, 'queued');
  if (key === undefined) return undefined;
  if (args.positionals.length > 0 || args.rest !== null || optList(args, 'param').length > 0 || optString(args, 'name') !== undefined) {
    throw new UsageError('--queued starts a queued run as it was queued: give no experiment, command, -p or --name with it', 'run --help');
  }
  const store = ctx.store();
  const m = await store.getRun(key);
  if (!m) throw new NotFoundError(`no run "${key}"`, 'it may have been cancelled (runlens trash lists removed runs)');
  const writer = await store.startQueued(m.id);
  if (!writer) {
    throw new CliError(`run ${m.name} is ${m.status}, not queued`, ExitCode.conflict,
      m.status === 'running' ? 'another runner started it already' : 'only a queued run can be started with --queued');
  }
  let metricPatterns: RunPlan['metricPatterns'] = [];
  let root = ctx.workspace();
  let datasets: string[] = [];
  let outputs: string[] = [];
  let cachedDatasets: string[] | undefined;
  let systemMetrics: RunPlan['systemMetrics'];
  if (m.experiment !== null) {
    // The command was fixed when the run was queued; how its output is read and which data it
    // declares come from the config now.
    const { expandOutputs, loadConfig } = await import('../../core/config/config.js');
    const config = await loadConfig(ctx.workspace()).catch((e: unknown) => {
      // The run still starts (it was queued to run), but the user must know what it will lack.
      ctx.output.err(`runlens: warning: runlens.yaml could not be read (${errorMessage(e)}); ${m.name} starts without its metric patterns, datasets and outputs`);
      return undefined;
    });
    const exp = config?.experiments.get(m.experiment);
    metricPatterns = exp?.metrics.patterns ?? [];
    systemMetrics = config?.systemMetrics;
    if (config && exp) {
      root = dirname(config.file);
      datasets = exp.datasets.map((d) => d.path);
      // Output paths expand the run's own params, as its command did when it was queued.
      try {
        outputs = expandOutputs(exp, m.params);
      } catch {
        outputs = [...exp.outputs]; // a placeholder the config no longer declares: hashing reports the literal path
      }
      if (exp.datasets.some((d) => d.cache)) cachedDatasets = exp.datasets.filter((d) => d.cache).map((d) => d.path);
    }
  }
  return {
    writer,
    plan: {
      experiment: m.experiment, argv: [...m.command], shell: m.shell, cwd: m.cwd, params: { ...m.params }, env: { ...m.env },
      metricPatterns, root, datasets, outputs, ...(cachedDatasets ? { cachedDatasets } : {}), ...(systemMetrics ? { systemMetrics } : {}),
    },
  };
}
