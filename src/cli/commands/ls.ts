// `runlens ls`: lists runs newest first, filtered by status, experiment, tag or text, optionally
// sorted by a metric; a table for people, the manifests as JSON for scripts.
import { optFlag, optInt, optList, optString, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { UsageError } from '../errors';
import { formatDuration, formatNumber, formatTime, paint, printJson, statusStyle, table } from '../output';
import { type RunManifest, type RunStatus } from '../../core/model';
import { own } from '../../core/dict';

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'finished', 'failed', 'stopped', 'crashed'];
/** Metric columns shown when --sort does not pick one. */
const MAX_METRIC_COLUMNS = 3;

function statusFilter(args: ParsedArgs): RunStatus[] | undefined {
  const raw = optList(args, 'status').flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (raw.length === 0) return undefined;
  for (const s of raw) {
    if (!STATUSES.includes(s as RunStatus)) throw new UsageError(`unknown status "${s}"; statuses: ${STATUSES.join(', ')}`, 'ls --help');
  }
  return raw as RunStatus[];
}

/**
 * Sorts by the metric's last value, descending unless `asc`. Runs without the metric go last in
 * either order; NaN sorts after every number.
 */
export function sortByMetric(runs: RunManifest[], metric: string, asc: boolean): RunManifest[] {
  const key = (m: RunManifest): number | undefined => own(m.metrics, metric)?.last;
  return [...runs].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : 1) : -1;
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
    return asc ? x - y : y - x;
  });
}

/** The metrics logged by the most runs (ties by name), to fill the table's metric columns. */
function commonMetrics(runs: readonly RunManifest[], limit: number): string[] {
  const counts = new Map<string, number>();
  for (const m of runs) for (const name of Object.keys(m.metrics)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit).map(([n]) => n);
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const text = args.positionals.join(' ') || undefined;
  let runs = await ctx.store().listRuns({
    status: statusFilter(args), experiment: optString(args, 'experiment'), tag: optString(args, 'tag'), text,
  });
  const sort = optString(args, 'sort');
  if (sort !== undefined) runs = sortByMetric(runs, sort, optFlag(args, 'asc'));
  else if (optFlag(args, 'asc')) throw new UsageError('--asc only applies with --sort METRIC', 'ls --help');
  const limit = optInt(args, 'ls', 'limit', Number.MAX_SAFE_INTEGER);
  runs = runs.slice(0, limit);

  const o = ctx.output;
  if (optFlag(args, 'json')) {
    printJson(o, runs);
    return 0;
  }
  if (runs.length === 0) {
    o.err('no runs match; start one with: runlens run -- python train.py');
    return 0;
  }
  const metrics = sort !== undefined
    ? [sort, ...commonMetrics(runs, MAX_METRIC_COLUMNS).filter((n) => n !== sort)].slice(0, MAX_METRIC_COLUMNS)
    : commonMetrics(runs, MAX_METRIC_COLUMNS);
  const rows = runs.map((m) => [
    m.id,
    `${m.starred ? '★ ' : ''}${m.name}`,
    paint(o, statusStyle(m.status), m.status),
    m.experiment ?? '-',
    formatTime(m.startedAt ?? m.createdAt),
    formatDuration(m.startedAt, m.endedAt),
    ...metrics.map((n) => formatNumber(own(m.metrics, n)?.last)),
    m.tags.join(','),
  ]);
  o.out(table(o, ['ID', 'NAME', 'STATUS', 'EXPERIMENT', 'STARTED', 'DURATION', ...metrics, 'TAGS'], rows));
  return 0;
}

/** The `ls` command. */
export const lsCommand: Command = {
  name: 'ls',
  summary: 'list runs (newest first), filtered and sorted',
  usage: 'ls [TEXT] [--status S] [--experiment E] [--tag T] [--sort METRIC [--asc]] [--limit N] [--json]',
  description: 'TEXT matches (case-insensitively) the id, name, experiment, command, tags or note.\n' +
    'Metric columns show each metric\'s last value.',
  options: [
    { name: 'status', short: 's', type: 'string', multiple: true, value: 'STATUS', help: `only runs with this status (${STATUSES.join(', ')}); comma-separated or repeated` },
    { name: 'experiment', short: 'e', type: 'string', value: 'NAME', help: 'only runs of this experiment' },
    { name: 'tag', type: 'string', value: 'TAG', help: 'only runs with this tag' },
    { name: 'sort', type: 'string', value: 'METRIC', help: "sort by the metric's last value, largest first; runs without it last" },
    { name: 'asc', type: 'boolean', help: 'with --sort: smallest first' },
    { name: 'limit', short: 'n', type: 'string', value: 'N', help: 'show at most N runs' },
    JSON_OPTION,
  ],
  examples: ['runlens ls --status running', 'runlens ls -e train --sort val_acc -n 5', 'runlens ls baseline --json'],
  run,
};
