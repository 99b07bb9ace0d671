// The value of a run in one column of the Runs Table (status, name, a param, a metric's last or
// min/max, code, data, reproduction verdict) and a multi-column sort over those values. The one
// rule for sorting by a column: values missing last in both directions, ties newest first (as
// sortRuns does for the tree and `runlens ls --sort`). Reads run summaries (the store index's
// records): what the table holds for every run.
import { type MetricSummary, type ParamValue, type ReproduceVerdict } from '../model';
import { runDuration } from '../present/format';
import { type RunSummary } from '../store/summary';
import { idRanks, sortColumn, sortPositions } from './sortKeys';

/** Built-in columns of the table (params, metrics and datasets are `param:`, `metric:`, `data:`). */
export const BUILTIN_COLUMNS = ['status', 'name', 'experiment', 'started', 'duration', 'tags', 'note', 'code.commit', 'code.branch', 'code.dirty', 'repro'] as const;
export type BuiltinColumn = (typeof BUILTIN_COLUMNS)[number];

/** Which summary of a metric a column shows. */
export type MetricAggregate = 'last' | 'min' | 'max';

/** One sort key: a column, its direction and (for a metric) which summary. */
export interface ColumnSortKey {
  readonly column: string;
  readonly direction: 'asc' | 'desc';
  readonly aggregate?: MetricAggregate;
}

/** A cell's raw value; undefined when the run has nothing in that column. */
export type ColumnValue = ParamValue | undefined;

/** What reading a column needs beyond the run itself. */
export interface ColumnContext {
  /** The clock a running run's duration is measured to (default: now). */
  readonly now?: number;
  /**
   * The verdict of each original's newest judged reproduction ({@link reproductionVerdicts}): the
   * reproduction column of an original shows it, so sorting by that column must read it too.
   */
  readonly verdicts?: ReadonlyMap<string, ReproduceVerdict>;
}

/** What {@link reproductionVerdicts} reads of a run. */
export type ReproducingRun = Pick<RunSummary, 'id' | 'reproducedFrom' | 'verdict'>;

/** Per original run id, the verdict of its newest reproduction that has one (run ids sort by creation). */
export function reproductionVerdicts(runs: Iterable<ReproducingRun>): Map<string, ReproduceVerdict> {
  const newest = new Map<string, { id: string; verdict: ReproduceVerdict }>();
  for (const r of runs) {
    if (r.reproducedFrom && r.verdict && (newest.get(r.reproducedFrom)?.id ?? '') < r.id) newest.set(r.reproducedFrom, { id: r.id, verdict: r.verdict });
  }
  return new Map([...newest].map(([original, v]) => [original, v.verdict]));
}

function builtin(run: RunSummary, column: BuiltinColumn, now: number, verdicts: ReadonlyMap<string, ReproduceVerdict> | undefined): ColumnValue {
  switch (column) {
    case 'status': return run.status;
    case 'name': return run.name;
    case 'experiment': return run.experiment ?? undefined;
    case 'started': return run.startedAt ? Date.parse(run.startedAt) : undefined;
    case 'duration': return runDuration(run, now);
    case 'tags': return run.tags.length > 0 ? run.tags.join(', ') : undefined;
    case 'note': return run.note || undefined;
    case 'code.commit': return run.code?.commit ?? undefined;
    case 'code.branch': return run.code?.branch ?? undefined;
    case 'code.dirty': return run.code && run.code.commit !== null ? run.code.dirty : undefined;
    // A reproduction's own verdict; an original's is its newest judged reproduction's.
    case 'repro': return run.verdict ?? verdicts?.get(run.id);
  }
}

/**
 * How to read `column` (`param:NAME`, `metric:NAME`, `data:SPEC` or a built-in) from a run: the
 * column's name is parsed once, so reading it from 10,000 runs costs a property lookup each.
 */
export function columnAccessor(column: string, aggregate: MetricAggregate = 'last', context: ColumnContext = {}): (run: RunSummary) => ColumnValue {
  const entry = columnEntry(column, aggregate);
  if (entry) {
    // As resolveName reads `param.NAME` for the filter: own entries only.
    const { name, pick } = entry;
    if (entry.in === 'params') return (run) => (Object.hasOwn(run.params, name) ? pick(run.params[name] as ParamValue) : undefined);
    return (run) => {
      const summary = Object.hasOwn(run.metrics, name) ? run.metrics[name] : undefined;
      return summary ? pick(summary) : undefined;
    };
  }
  if (column.startsWith('data:')) {
    const spec = column.slice(5);
    return (run) => run.datasets.find((d) => d.spec === spec)?.hash;
  }
  if (!(BUILTIN_COLUMNS as readonly string[]).includes(column)) return () => undefined;
  const now = context.now ?? Date.now();
  return (run) => builtin(run, column as BuiltinColumn, now, context.verdicts);
}

/**
 * Where the value of a param's or metric's column lives: entry `name` of the run's `params` or
 * `metrics`, turned into the column's value by `pick`; undefined for other columns. A reader that
 * walks each run's own entries once (the Runs Table's snapshot of 1,000 columns, ~3× faster than
 * a keyed lookup per cell in objects that large) reads the same values as {@link columnAccessor}.
 */
export interface ColumnEntry {
  readonly in: 'params' | 'metrics';
  readonly name: string;
  readonly pick: (entry: ParamValue | MetricSummary) => ColumnValue;
}

/** The entry behind a `param:NAME` or `metric:NAME` column showing `aggregate`. */
export function columnEntry(column: string, aggregate: MetricAggregate = 'last'): ColumnEntry | undefined {
  if (column.startsWith('param:')) return { in: 'params', name: column.slice(6), pick: (v) => v as ParamValue };
  if (column.startsWith('metric:')) return { in: 'metrics', name: column.slice(7), pick: (s) => (s as MetricSummary)[aggregate] ?? undefined };
  return undefined;
}

/** The value `run` holds in `column` (`param:NAME`, `metric:NAME`, `data:SPEC` or a built-in). */
export function runColumnValue(run: RunSummary, column: string, aggregate: MetricAggregate = 'last', context: ColumnContext = {}): ColumnValue {
  return columnAccessor(column, aggregate, context)(run);
}

/**
 * `runs` sorted by `keys` (the first key first; later keys break ties), then newest first. With
 * one `metric:NAME` key this is the order sortRuns gives for that metric. Numbers compare by value
 * (booleans as 0/1), texts by a numeric-aware, case-insensitive collator, numbers before texts
 * ascending; missing, null and non-finite values last whatever the direction.
 */
export function sortRunsByColumns<R extends RunSummary>(runs: readonly R[], keys: readonly ColumnSortKey[], context: ColumnContext = {}): R[] {
  // Each value is read once and made a typed key (sortKeys.ts): 10,000 runs sort in a few milliseconds.
  const by = keys.map((k) => ({ column: sortColumn(runs.map(columnAccessor(k.column, k.aggregate, context))), direction: k.direction }));
  return sortPositions(runs.map((_, i) => i), by, idRanks(runs.map((r) => r.id))).map((i) => runs[i] as R);
}
