// `runlens rerun RUN [--stale-chain]`: reruns a run's experiment with the params it recorded, and
// with --stale-chain first every stale run upstream of it, producers before consumers (Rerun Stale
// Chain, docs/lineage.md). All are queued at once, then run one at a time through the sweep's queue.
import { optFlag, optString, type ParsedArgs } from '../args';
import { type Command, type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';
import { requireRun } from '../lookup';
import { paint } from '../output';
import { runQueuedChildren, type QueuedItem } from '../queuedChildren';
import { statusNow } from './status';
import { formatParamValue } from '../../core/config/params';
import { staleChain } from '../../core/lineage/chain';
import { type RunManifest } from '../../core/model';
import { declaredParams } from '../../core/params/logged';
import { PlanError, planRun, type RunPlan } from '../../core/runner/plan';
import { withPython } from '../../core/runner/python';

/** The runs to rerun for `target`: its stale chain (upstream first), or just itself. Null: nothing to do. */
async function runsToRerun(ctx: CommandContext, target: RunManifest, chain: boolean): Promise<RunManifest[] | null> {
  if (!chain) return [target];
  const report = await statusNow(ctx);
  const found = staleChain(report.runs, target.id);
  if (!found.ok) {
    if (found.problem === 'fresh') {
      ctx.output.err(`runlens: ${found.message}; nothing to rerun.`);
      return null;
    }
    throw new CliError(`${target.name} has no stale chain: ${found.message}`, ExitCode.conflict, 'runlens status lists the current results and what is stale');
  }
  const runs: RunManifest[] = [];
  for (const v of found.runs) runs.push(v.run === target.id ? target : await requireRun(ctx, v.run));
  return runs;
}

/** Plans a rerun of `m`: its experiment as runlens.yaml declares it now, with the params `m` was given. */
async function planRerun(ctx: CommandContext, m: RunManifest): Promise<RunPlan> {
  if (m.experiment === null) {
    throw new CliError(`${m.name} was not started from an experiment of runlens.yaml, so it cannot be queued`, ExitCode.usage,
      `rerun its command by hand: ${m.command.join(' ')}`);
  }
  const assignments = Object.entries(declaredParams(m)).map(([k, v]) => `${k}=${formatParamValue(v)}`);
  try {
    return await planRun({ workspace: ctx.workspace(), cwd: process.cwd(), experiment: m.experiment, assignments });
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    for (const line of e.problemLines) ctx.output.err(line);
    throw new CliError(`cannot rerun ${m.name}: ${e.message}`, e.kind === 'not-found' ? ExitCode.notFound : ExitCode.configInvalid, e.hint);
  }
}

async function rerun(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const [key, ...extra] = args.positionals;
  if (key === undefined || extra.length > 0 || args.rest !== null) throw new UsageError('rerun needs exactly one run', 'rerun --help');
  const python = optString(args, 'python');
  const o = ctx.output;
  const target = await requireRun(ctx, key);
  const runs = await runsToRerun(ctx, target, optFlag(args, 'stale-chain'));
  if (runs === null) return ExitCode.ok;
  // Every plan first: a config that no longer fits one of them queues nothing.
  const plans = await Promise.all(runs.map((m) => planRerun(ctx, m)));
  const store = ctx.store();
  const queued: QueuedItem[] = [];
  for (const [i, p] of plans.entries()) {
    const of = runs[i] as RunManifest;
    const writer = await store.createRun({
      experiment: p.experiment, command: withPython(p.argv, p.shell, python), shell: p.shell, cwd: p.cwd, params: p.params, env: p.env,
      tags: [], status: 'queued',
    });
    const m = writer.manifest();
    queued.push({ id: m.id, name: m.name });
    o.err(paint(o, 'dim', `runlens: queued ${m.name} (${of.experiment ?? ''}, rerun of ${of.name})`));
  }
  const { result, failures, interrupted } = await runQueuedChildren(ctx, queued, { concurrency: 1, stopOnFailure: true, ...(python ? { python } : {}) });
  const cancelled = result.notStarted.length > 0 ? `, ${result.notStarted.length} cancelled` : '';
  const failed = failures[0];
  o.err(`runlens: rerun of ${target.name}: ${result.ran.length} of ${queued.length} run${queued.length === 1 ? '' : 's'}` +
    `${failed ? ` (${failed.name} did not finish, so the runs after it were not started)` : ''}, ${result.skipped.length} skipped${cancelled}`);
  return interrupted ? 130 : failures.length + result.errors.length > 0 ? ExitCode.failure : ExitCode.ok;
}

/** The `rerun` command. */
export const rerunCommand: Command = {
  name: 'rerun',
  summary: 'rerun a run with its recorded params; --stale-chain reruns its stale upstream runs first',
  usage: 'rerun RUN [--stale-chain] [--python PATH]',
  description: [
    'Queues a new run of RUN\'s experiment with the params RUN was given, and runs it. With --stale-chain,',
    'checks what is stale (as runlens status does) and first reruns every stale run upstream of RUN,',
    'producers before consumers, each with its own recorded params, then RUN itself. The runs are queued',
    'at once (status queued) and start one at a time; a run that does not finish stops the chain, a',
    'queued run removed meanwhile (runlens rm, Cancel Queued Run) is skipped, and Ctrl+C stops the',
    'running run and cancels the rest. Nothing is queued when RUN is up to date.',
  ].join('\n'),
  options: [
    { name: 'stale-chain', type: 'boolean', help: 'rerun the stale runs upstream of RUN first, in order' },
    { name: 'python', type: 'string', value: 'PATH', help: 'interpreter to use where the command starts with a bare python or python3' },
  ],
  examples: ['runlens rerun evaluate-7 --stale-chain', 'runlens rerun 20261207-0912'],
  run: rerun,
};
