// `runlens compare A B ...`: runs side by side — the params that differ (all with --all) and each
// metric's last/min/max — so the question "what changed, and did it help" has one answer.
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { UsageError } from '../errors';
import { formatNumber, formatParam, paint, printJson, statusStyle, table } from '../output';
import { requireRun } from '../lookup';
import { type MetricSummary, type ParamValue, type RunManifest } from '../../core/model';
import { COMPARE_SOCKET_ENV, sendOpenCompare } from '../../core/compare/openRequest';
import { goalOfMetric, type DeclaredGoal, type Goal } from '../../core/compare/metricGoals';
import { diffParamsAcross, paramOf } from '../../core/compare/paramDiff';
import { loadConfig } from '../../core/config/config';
import { own, setOwn } from '../../core/dict';

/** The comparison as printed by `--json` (documented in docs/cli.md). */
export interface Comparison {
  readonly runs: { id: string; name: string; status: string; experiment: string | null }[];
  /** Param name -> value per run (null where a run lacks it); only differing ones unless --all. */
  readonly params: Record<string, (ParamValue | null)[]>;
  /** Names of params equal in every run (their values are in `params` only with --all). */
  readonly sameParams: string[];
  /** Metric name -> summary per run (null where a run did not log it). */
  readonly metrics: Record<string, (MetricSummary | null)[]>;
  /** Metric name -> which way is better ('min', 'max'; null: the name says nothing, no goal declared). */
  readonly goals: Record<string, Goal | null>;
  /** Metric name -> indexes (into `runs`) of the best last value by its goal; only metrics with a goal. */
  readonly best: Record<string, number[]>;
}

/** Indexes of the best finite last values by `goal` (all of them when tied); none with fewer than two. */
function bestRuns(summaries: readonly (MetricSummary | null)[], goal: Goal | null): number[] {
  const lasts = summaries.map((s) => (s && Number.isFinite(s.last) ? s.last : undefined));
  const finite = lasts.filter((v): v is number => v !== undefined);
  if (goal === null || finite.length < 2) return [];
  const best = goal === 'min' ? Math.min(...finite) : Math.max(...finite);
  return lasts.flatMap((v, i) => (v === best ? [i] : []));
}

/** Builds the comparison of `runs` (in the order given); `declared` is runlens.yaml's primary metric and goal. */
export function compareRuns(runs: readonly RunManifest[], all: boolean, declared?: DeclaredGoal): Comparison {
  // Which params differ is core's rule (the Compare view highlights the same ones).
  const diff = diffParamsAcross(runs);
  const params: Record<string, (ParamValue | null)[]> = {};
  for (const name of all ? diff.names : diff.differing) setOwn(params, name, runs.map((m) => paramOf(m, name) ?? null));
  const sameParams = diff.same;
  const metricNames = [...new Set(runs.flatMap((m) => Object.keys(m.metrics)))].sort();
  const metrics: Record<string, (MetricSummary | null)[]> = {};
  const goals: Record<string, Goal | null> = {};
  const best: Record<string, number[]> = {};
  for (const name of metricNames) {
    const summaries = runs.map((m) => own(m.metrics, name) ?? null);
    const goal = goalOfMetric(name, declared);
    setOwn(metrics, name, summaries);
    setOwn(goals, name, goal);
    const winners = bestRuns(summaries, goal);
    if (winners.length > 0) setOwn(best, name, winners);
  }
  return {
    runs: runs.map((m) => ({ id: m.id, name: m.name, status: m.status, experiment: m.experiment })),
    params, sameParams, metrics, goals, best,
  };
}

/** runlens.yaml's primary metric and goal for the runs' experiment, when they share one. */
async function declaredGoal(workspace: string, runs: readonly RunManifest[]): Promise<DeclaredGoal | undefined> {
  const experiment = runs[0]?.experiment;
  if (!experiment || runs.some((r) => r.experiment !== experiment)) return undefined;
  const config = await loadConfig(workspace).catch(() => undefined); // a broken config only loses the declared goal
  const exp = config?.experiments.get(experiment);
  return exp ? { primary: exp.metrics.primary, goal: exp.metrics.goal } : undefined;
}

/**
 * `--open`: asks the VS Code window whose integrated terminal this is to open the Compare view.
 * True when it did; otherwise says why on stderr (the table is printed instead).
 */
async function openInVsCode(ctx: CommandContext, runs: readonly RunManifest[]): Promise<boolean> {
  const socket = process.env[COMPARE_SOCKET_ENV];
  const o = ctx.output;
  if (!socket) {
    o.err(paint(o, 'yellow', 'runlens: --open works only in a VS Code integrated terminal of a window with the Runlens extension; printing the comparison instead.'));
    return false;
  }
  try {
    const reply = await sendOpenCompare(socket, { folder: ctx.workspace(), ids: runs.map((m) => m.id), baseline: runs[0]?.id });
    if (reply.ok) {
      o.err(`runlens: opened the Compare view of ${runs.length} runs in VS Code`);
      return true;
    }
    o.err(paint(o, 'yellow', `runlens: VS Code could not open the Compare view: ${reply.error}; printing the comparison instead.`));
  } catch (e) {
    o.err(paint(o, 'yellow', `runlens: could not reach VS Code (${(e as Error).message}); the window that opened this terminal may have been closed or reloaded, so open a new terminal. Printing the comparison instead.`));
  }
  return false;
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const open = optFlag(args, 'open');
  if (args.positionals.length < (open ? 1 : 2)) throw new UsageError('compare needs at least two runs', 'compare --help');
  const runs: RunManifest[] = [];
  for (const key of args.positionals) runs.push(await requireRun(ctx, key));
  if (open && (await openInVsCode(ctx, runs))) return 0;
  const cmp = compareRuns(runs, optFlag(args, 'all'), await declaredGoal(ctx.workspace(), runs));
  const o = ctx.output;
  if (optFlag(args, 'json')) {
    printJson(o, cmp);
    return 0;
  }
  const header = ['', ...runs.map((m) => paint(o, 'bold', m.name))];
  const lines: string[] = [];
  lines.push(table(o, header, [
    ['status', ...runs.map((m) => paint(o, statusStyle(m.status), m.status))],
    ['experiment', ...runs.map((m) => m.experiment ?? '-')],
    ['id', ...runs.map((m) => m.id)],
  ]));
  const paramRows = Object.entries(cmp.params).map(([k, vs]) => [k, ...vs.map(formatParam)]);
  lines.push('', paint(o, 'bold', optFlag(args, 'all') ? 'Params' : 'Params that differ'));
  lines.push(paramRows.length > 0 ? table(o, header, paramRows) : '  (none differ)');
  if (!optFlag(args, 'all') && cmp.sameParams.length > 0) {
    lines.push(paint(o, 'dim', `  same in all: ${cmp.sameParams.join(', ')} (--all shows them)`));
  }
  // The best last value of each metric with a goal is starred (and green on a terminal).
  const metricRows = Object.entries(cmp.metrics).map(([k, ss]) => {
    const goal = own(cmp.goals, k);
    const label = goal ? `${k} (${goal === 'min' ? 'lower' : 'higher'} is better)` : k;
    return [label, ...ss.map((s, i) => {
      if (!s) return '-';
      const last = own(cmp.best, k)?.includes(i) ? paint(o, 'green', `${formatNumber(s.last)} *`) : formatNumber(s.last);
      return `${last} ${paint(o, 'dim', `[${formatNumber(s.min)}..${formatNumber(s.max)}]`)}`;
    })];
  });
  lines.push('', `${paint(o, 'bold', 'Metrics')} ${paint(o, 'dim', 'last [min..max]; * best by the metric\'s goal')}`);
  lines.push(metricRows.length > 0 ? table(o, header, metricRows) : '  (none logged)');
  o.out(lines.join('\n'));
  return 0;
}

/** The `compare` command. */
export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare runs: params that differ and metric summaries side by side',
  usage: 'compare RUN RUN [RUN...] [--all] [--json] [--open]',
  options: [
    { name: 'all', short: 'a', type: 'boolean', help: 'show every param, not only those that differ' }, JSON_OPTION,
    { name: 'open', type: 'boolean', help: 'open the Compare view in VS Code (from its integrated terminal); the first run is the baseline' },
  ],
  examples: ['runlens compare brave-otter-3 calm-heron-4', 'runlens compare a1b2 c3d4 --json', 'runlens compare brave-otter-3 calm-heron-4 --open'],
  run,
};
