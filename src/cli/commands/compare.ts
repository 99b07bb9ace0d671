// `runlens compare A B ...`: runs side by side — the params that differ (all with --all) and each
// metric's last/min/max — so the question "what changed, and did it help" has one answer.
import { isDeepStrictEqual } from 'node:util';
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { UsageError } from '../errors';
import { formatNumber, formatParam, paint, printJson, statusStyle, table } from '../output';
import { requireRun } from '../lookup';
import { type MetricSummary, type ParamValue, type RunManifest } from '../../core/model';
import { COMPARE_SOCKET_ENV, sendOpenCompare } from '../../core/compare/openRequest';
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
}

/** Builds the comparison of `runs` (in the order given). */
export function compareRuns(runs: readonly RunManifest[], all: boolean): Comparison {
  const paramNames = [...new Set(runs.flatMap((m) => Object.keys(m.params)))].sort();
  const params: Record<string, (ParamValue | null)[]> = {};
  const sameParams: string[] = [];
  for (const name of paramNames) {
    const values = runs.map((m) => (Object.prototype.hasOwnProperty.call(m.params, name) ? (m.params[name] ?? null) : null));
    const present = runs.every((m) => Object.prototype.hasOwnProperty.call(m.params, name));
    const same = present && values.every((v) => isDeepStrictEqual(v, values[0]));
    if (same) sameParams.push(name);
    if (!same || all) setOwn(params, name, values);
  }
  const metricNames = [...new Set(runs.flatMap((m) => Object.keys(m.metrics)))].sort();
  const metrics: Record<string, (MetricSummary | null)[]> = {};
  for (const name of metricNames) setOwn(metrics, name, runs.map((m) => own(m.metrics, name) ?? null));
  return {
    runs: runs.map((m) => ({ id: m.id, name: m.name, status: m.status, experiment: m.experiment })),
    params, sameParams, metrics,
  };
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
  const cmp = compareRuns(runs, optFlag(args, 'all'));
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
  const metricRows = Object.entries(cmp.metrics).map(([k, ss]) => [k, ...ss.map((s) => (s
    ? `${formatNumber(s.last)} ${paint(o, 'dim', `[${formatNumber(s.min)}..${formatNumber(s.max)}]`)}`
    : '-'))]);
  lines.push('', `${paint(o, 'bold', 'Metrics')} ${paint(o, 'dim', 'last [min..max]')}`);
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
