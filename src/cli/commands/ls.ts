// `runlens ls`: lists runs newest first, filtered and sorted with the Runs view's own rules (core's
// filter language and sort), so `ls` and the tree always agree; a table for people, JSON for scripts.
import { optFlag, optInt, optList, optString, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { UsageError } from '../errors';
import { formatDuration, formatNumber, formatTime, type Output, paint, statusStyle, table } from '../output';
import { isRunStatus, RUN_STATUSES, type RunStatus } from '../../core/model';
import { type RunSummary } from '../../core/store/summary';
import { compileFilter } from '../../core/query/evaluate';
import { describeQueryError, QueryError } from '../../core/query/parse';
import { NEWEST_FIRST, parseSortKey, type RunSort } from '../../core/query/sort';
import { selectRuns } from '../../core/query/select';
import { matchesQuery } from '../../core/store/store';
import { type RunListing } from '../../core/store/listing';
import { verdictMark } from '../../core/reproduce/reproductions';
import { isSystemMetric } from '../../core/metrics/system';
import { own } from '../../core/dict';

/** Metric columns shown when --sort does not pick one. */
const MAX_METRIC_COLUMNS = 3;

function statusFilter(args: ParsedArgs): RunStatus[] | undefined {
  const raw = optList(args, 'status').flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (raw.length === 0) return undefined;
  for (const s of raw) {
    if (!isRunStatus(s)) throw new UsageError(`unknown status "${s}"; statuses: ${RUN_STATUSES.join(', ')}`, 'ls --help');
  }
  return raw as RunStatus[];
}

/** The filter of `--filter EXPR` and the positional words, in the tree's language; undefined: all runs. */
function filterOf(args: ParsedArgs): ((run: RunSummary) => boolean) | undefined {
  const parts = [optString(args, 'filter'), args.positionals.join(' ')].filter((p): p is string => p !== undefined && p.trim() !== '');
  if (parts.length === 0) return undefined;
  const tests = parts.map((p) => {
    try {
      return compileFilter(p);
    } catch (e) {
      if (e instanceof QueryError) throw new UsageError(`bad filter "${p}": ${describeQueryError(e)}`, 'ls --help');
      throw e;
    }
  });
  return (run) => tests.every((t) => t(run));
}

function sortOf(args: ParsedArgs): RunSort {
  const key = optString(args, 'sort');
  const asc = optFlag(args, 'asc');
  if (key === undefined) {
    if (asc) throw new UsageError('--asc only applies with --sort METRIC', 'ls --help');
    return NEWEST_FIRST;
  }
  try {
    return parseSortKey(key, asc ? 'asc' : 'desc');
  } catch (e) {
    throw new UsageError((e as Error).message, 'ls --help');
  }
}

/** What a table row needs of a run (the whole summary of 100,000 runs would not fit in memory). */
interface Row {
  readonly id: string;
  readonly name: string;
  readonly starred: boolean;
  readonly status: RunStatus;
  readonly experiment: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  /** Last value of each metric but system ones. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly tags: readonly string[];
  readonly reproducedFrom: string | null;
  readonly verdict: RunSummary['verdict'];
}

function rowOf(m: RunSummary): Row {
  // System metrics are logged by every run: they would crowd out the run's own.
  const metrics = Object.fromEntries(Object.entries(m.metrics).filter(([n]) => !isSystemMetric(n)).map(([n, s]) => [n, s.last]));
  return { id: m.id, name: m.name, starred: m.starred, status: m.status, experiment: m.experiment, createdAt: m.createdAt, startedAt: m.startedAt,
    endedAt: m.endedAt, metrics, tags: m.tags, reproducedFrom: m.reproducedFrom, verdict: m.verdict };
}

/** The metrics logged by the most runs (ties by name), to fill the table's metric columns. */
function commonMetrics(runs: readonly Row[], limit: number): string[] {
  const counts = new Map<string, number>();
  for (const m of runs) for (const name of Object.keys(m.metrics)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit).map(([n]) => n);
}

/**
 * The REPRODUCES cell of each run ("calm-river-2 ✓", "calm-river-2 …" before the verdict), or
 * undefined when no listed run is a reproduction (the column is left out).
 */
async function reproducesColumn(ctx: CommandContext, runs: readonly Row[]): Promise<string[] | undefined> {
  if (!runs.some((m) => m.reproducedFrom)) return undefined;
  const names = new Map(runs.map((m) => [m.id, m.name]));
  const cells: string[] = [];
  for (const m of runs) {
    const from = m.reproducedFrom;
    if (!from) { cells.push(''); continue; }
    // An original filtered out of the listing is looked up by id (reproductions are few).
    if (!names.has(from)) names.set(from, (await ctx.store().getRun(from).catch(() => undefined))?.name ?? from);
    cells.push(`${names.get(from) ?? from} ${m.verdict ? verdictMark(m.verdict) : '…'}`);
  }
  return cells;
}

/** Prints the chosen runs as a JSON array, one run per line, straight from the index where it can. */
async function printJsonRuns(o: Output, listing: RunListing<RunSummary>, chosen: readonly number[]): Promise<void> {
  let lines: string[] = ['['];
  let size = 0;
  let held: string | undefined; // the last run is written without a comma
  for (const i of chosen) {
    const json = await listing.json(i);
    if (json === undefined) continue;
    if (held !== undefined) lines.push(`${held},`);
    held = json;
    if ((size += json.length) >= 1 << 20) {
      o.out(`${lines.join('\n')}\n`);
      lines = [];
      size = 0;
    }
  }
  if (held !== undefined) lines.push(held);
  lines.push(']');
  o.out(lines.join('\n'));
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const matches = filterOf(args);
  const sort = sortOf(args);
  const query = { status: statusFilter(args), experiment: optString(args, 'experiment'), tag: optString(args, 'tag') };
  const limit = optInt(args, 'ls', 'limit', Number.MAX_SAFE_INTEGER);
  const queried = query.status !== undefined || query.experiment !== undefined || query.tag !== undefined;
  const test = matches || queried ? (m: RunSummary): boolean => matchesQuery(m, query) && (!matches || matches(m)) : undefined;
  const o = ctx.output;
  return ctx.store().withListing(async (listing) => {
    const chosen = await selectRuns(listing, { test, sort, limit });
    if (optFlag(args, 'json')) {
      await printJsonRuns(o, listing, chosen);
      return 0;
    }
    const runs: Row[] = [];
    for (const i of chosen) {
      const m = await listing.get(i);
      if (m) runs.push(rowOf(m));
    }
    if (runs.length === 0) {
      o.err('no runs match; start one with: runlens run -- python train.py');
      return 0;
    }
    const sorted = sort.by === 'metric' ? sort.metric : undefined;
    const metrics = sorted !== undefined
      ? [sorted, ...commonMetrics(runs, MAX_METRIC_COLUMNS).filter((n) => n !== sorted)].slice(0, MAX_METRIC_COLUMNS)
      : commonMetrics(runs, MAX_METRIC_COLUMNS);
    const reproduces = await reproducesColumn(ctx, runs);
    const rows = runs.map((m, i) => [
      m.id,
      `${m.starred ? '★ ' : ''}${m.name}`,
      paint(o, statusStyle(m.status), m.status),
      m.experiment ?? '-',
      formatTime(m.startedAt ?? m.createdAt),
      formatDuration(m.startedAt, m.endedAt),
      ...metrics.map((n) => formatNumber(own(m.metrics, n))),
      ...(reproduces ? [reproduces[i] ?? ''] : []),
      m.tags.join(','),
    ]);
    o.out(table(o, ['ID', 'NAME', 'STATUS', 'EXPERIMENT', 'STARTED', 'DURATION', ...metrics, ...(reproduces ? ['REPRODUCES'] : []), 'TAGS'], rows));
    return 0;
  });
}

/** The `ls` command. */
export const lsCommand: Command = {
  name: 'ls',
  summary: 'list runs (newest first), filtered and sorted like the Runs view',
  usage: 'ls [FILTER] [--filter EXPR] [--status S] [--experiment E] [--tag T] [--sort KEY[:asc|desc]] [--limit N] [--json]',
  description: 'FILTER and --filter use the Runs view\'s filter language (docs/runs-view.md): free text matches the\n' +
    'name, experiment, id, note, tags and param values; status:failed, tag:x, experiment:e, name:n, id:i;\n' +
    'comparisons of a metric or param (acc > 0.9, lr=0.01); and, or, not, parentheses.\n' +
    'KEY is newest (default), name, or a metric (its last value; largest first unless :asc). Runs\n' +
    'without the metric, or with a non-finite last value, come last; ties stay newest first.\n' +
    'Metric columns show each metric\'s last value; REPRODUCES (when a reproduction is listed) names\n' +
    'the run each reproduction reproduces, with its verdict: ✓ reproduced, ✗ diverged, … not judged yet.',
  options: [
    { name: 'filter', short: 'f', type: 'string', value: 'EXPR', help: 'only runs matching EXPR (the Runs view\'s filter language)' },
    { name: 'status', short: 's', type: 'string', multiple: true, value: 'STATUS', help: `only runs with this status (${RUN_STATUSES.join(', ')}); comma-separated or repeated` },
    { name: 'experiment', short: 'e', type: 'string', value: 'NAME', help: 'only runs of this experiment' },
    { name: 'tag', type: 'string', value: 'TAG', help: 'only runs with this tag' },
    { name: 'sort', type: 'string', value: 'KEY[:asc|desc]', help: 'newest, name, or a metric\'s last value (largest first unless :asc)' },
    { name: 'asc', type: 'boolean', help: 'with --sort METRIC: smallest first (same as METRIC:asc)' },
    { name: 'limit', short: 'n', type: 'string', value: 'N', help: 'show at most N runs' },
    JSON_OPTION,
  ],
  examples: ['runlens ls --status running', 'runlens ls -e train --sort val_acc -n 5', 'runlens ls --filter "acc > 0.9 and lr < 0.01" --sort loss:asc', 'runlens ls baseline --json'],
  run,
};
