// The Runs Table's columns and what each cell says: the built-in run columns, one per param, metric
// and dataset any run has, the code columns, formatted by core's formatters. The data marker and
// the reproduction state of an original need the other runs: TableContext carries what they say.
import { type Goal, goalOfMetric, type DeclaredGoal } from '../../core/compare/metricGoals';
import { type ParamValue, type ReproduceVerdict } from '../../core/model';
import { columnAccessor, type ColumnEntry, columnEntry, type MetricAggregate, reproductionVerdicts } from '../../core/query/columns';
import { type RunCatalog } from '../../core/store/catalog';
import { type RunSummary } from '../../core/store/summary';
import { formatDuration, formatMetric, formatTimestamp, runDuration } from '../../core/present/format';
import { type TableAggregate, type TableColumn, type TableGroup } from '../../protocol/runsTable';

const BUILTINS: readonly (readonly [string, string, TableGroup, boolean])[] = [
  ['status', 'Status', 'run', false], ['name', 'Name', 'run', false], ['experiment', 'Experiment', 'run', false],
  ['started', 'Started', 'run', true], ['duration', 'Duration', 'run', true], ['tags', 'Tags', 'run', false],
  ['note', 'Note', 'run', false], ['repro', 'Reproduction', 'run', false],
];
const CODE: readonly (readonly [string, string])[] = [['code.commit', 'Commit'], ['code.branch', 'Branch'], ['code.dirty', 'Dirty']];

/** What cells need beyond their own run: goals, each experiment's latest data, verdicts of reproductions. */
export interface TableContext {
  /** The primary metric and goal runlens.yaml declares for an experiment. */
  readonly declared: (experiment: string | null) => DeclaredGoal | undefined;
  /** Dataset hashes of each experiment's newest run that has data ("" for ad-hoc runs), by spec. */
  readonly latestData: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** The newest judged reproduction's verdict of each original run. */
  readonly verdicts: ReadonlyMap<string, ReproduceVerdict>;
}

/** The context of a set of runs (newest-first or any order). */
export function tableContext(runs: readonly RunSummary[], declared: TableContext['declared']): TableContext {
  const latest = new Map<string, { id: string; data: Map<string, string> }>();
  for (const r of runs) {
    const exp = r.experiment ?? '';
    if (r.datasets.length > 0 && (latest.get(exp)?.id ?? '') < r.id) latest.set(exp, { id: r.id, data: new Map(r.datasets.map((d) => [d.spec, d.hash])) });
  }
  return { declared, latestData: new Map([...latest].map(([k, v]) => [k, v.data])), verdicts: reproductionVerdicts(runs) };
}

/**
 * The slots of `runs` whose cells a new context changes: runs of an experiment whose latest data
 * changed (their data markers), and originals whose reproduction verdict changed.
 */
export function slotsContextChanged(before: TableContext, after: TableContext, runs: readonly (RunSummary | undefined)[]): number[] {
  const experiments = new Set<string>();
  for (const exp of new Set([...before.latestData.keys(), ...after.latestData.keys()])) {
    const a = before.latestData.get(exp);
    const b = after.latestData.get(exp);
    if (!a || !b || a.size !== b.size || [...a].some(([spec, hash]) => b.get(spec) !== hash)) experiments.add(exp);
  }
  const originals = new Set([...before.verdicts.keys(), ...after.verdicts.keys()].filter((id) => before.verdicts.get(id) !== after.verdicts.get(id)));
  const out: number[] = [];
  runs.forEach((r, slot) => {
    if (r && (experiments.has(r.experiment ?? '') || originals.has(r.id))) out.push(slot);
  });
  return out;
}

/** The goal of a metric column: declared for the primary metric of an experiment that logs it, else by name. */
export function metricGoal(name: string, experiments: Iterable<string>, context: TableContext): Goal | null {
  for (const exp of experiments) {
    const declared = context.declared(exp || null);
    if (declared?.primary === name) return declared.goal;
  }
  return goalOfMetric(name, undefined);
}

/** The summary a metric column reads for `aggregate` (best follows the goal; no goal: last). */
export function summaryOf(aggregate: TableAggregate, goal: Goal | null): MetricAggregate {
  return aggregate === 'best' ? (goal ?? 'last') : aggregate;
}

/**
 * Every column of the names in `catalog` (the store's catalog beside its index, or one walked from
 * the runs), in the table's default order; metric columns show `aggregates[key]` (last by default).
 */
export function columnsOf(catalog: RunCatalog, context: TableContext, aggregates: Readonly<Record<string, TableAggregate>> = {}): TableColumn[] {
  const byName = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true });
  return [
    ...BUILTINS.map(([key, label, group, numeric]) => ({ key, label, group, numeric, goal: null })),
    ...[...catalog.params.keys()].sort(byName).map((p) => paramColumn(p)),
    ...[...catalog.metrics.keys()].sort(byName).map((m) => metricColumn(m, catalog.metrics.get(m) ?? [], context, aggregates[`metric:${m}`] ?? 'last')),
    ...CODE.map(([key, label]) => ({ key, label, group: 'code' as const, numeric: false, goal: null })),
    ...[...catalog.datasets].sort(byName).map((d) => dataColumn(d)),
  ];
}

/** The column of a param. */
export function paramColumn(name: string): TableColumn {
  return { key: `param:${name}`, label: name, group: 'params', numeric: false, goal: null };
}

/** The column of a metric logged by runs of `experiments` ('' for none), showing `aggregate`. */
export function metricColumn(name: string, experiments: Iterable<string>, context: TableContext, aggregate: TableAggregate): TableColumn {
  return { key: `metric:${name}`, label: name, group: 'metrics', numeric: true, goal: metricGoal(name, experiments, context), aggregate };
}

/** The column of a dataset spec. */
export function dataColumn(spec: string): TableColumn {
  return { key: `data:${spec}`, label: spec, group: 'data', numeric: false, goal: null };
}

/** The marker of a dataset hash that differs from the experiment's latest run's. */
export const DATA_DIFFERS = '≠';

/** Formats one column's cells: the column's key is parsed once, not once per cell. */
export type CellFormatter = (run: RunSummary, context: TableContext, now: number) => string;

/**
 * How a column's cells are made. A param's or metric's cell is the text of one raw value
 * (`value`, then `format`): the model formats each distinct value of such a column once (a sweep's
 * param has a handful) and keeps a metric's numbers to find the best one without reading runs again.
 */
export interface CellSource {
  readonly text: CellFormatter;
  readonly value?: (run: RunSummary) => ParamValue | undefined;
  readonly format?: (value: ParamValue | undefined) => string;
  /** Where a param's or metric's value lives in a run (the snapshot walks each run's entries once). */
  readonly entry?: ColumnEntry;
}

/** How a column's cells are made, formatted as everywhere else in Runlens ("" for nothing). */
export function cellSource(column: TableColumn): CellSource {
  const key = column.key;
  const ofValue = (aggregate: MetricAggregate, format: (v: ParamValue | undefined) => string): CellSource => {
    const value = columnAccessor(key, aggregate);
    return { value, format, entry: columnEntry(key, aggregate), text: (run) => format(value(run)) };
  };
  if (key.startsWith('param:')) {
    return ofValue('last', (v) => (v === undefined ? '' : typeof v === 'number' ? formatMetric(v, 6) : String(v)));
  }
  if (key.startsWith('metric:')) {
    return ofValue(summaryOf(column.aggregate ?? 'last', column.goal), (v) => (typeof v === 'number' ? formatMetric(v) : ''));
  }
  if (key.startsWith('data:')) {
    const spec = key.slice(5);
    return {
      text: (run, context) => {
        const hash = run.datasets.find((d) => d.spec === spec)?.hash;
        if (!hash) return '';
        const latest = context.latestData.get(run.experiment ?? '')?.get(spec);
        return latest !== undefined && latest !== hash ? `${DATA_DIFFERS} ${hash.slice(0, 8)}` : hash.slice(0, 8);
      },
    };
  }
  return { text: (run, context, now) => builtinText(run, key, context, now) };
}

function builtinText(run: RunSummary, key: string, context: TableContext, now: number): string {
  switch (key) {
    case 'status': return run.status;
    case 'name': return run.name;
    case 'experiment': return run.experiment ?? '';
    case 'started': return formatTimestamp(run.startedAt);
    case 'duration': {
      const ms = runDuration(run, now);
      return ms === undefined ? '' : formatDuration(ms);
    }
    case 'tags': return run.tags.join(', ');
    case 'note': return run.note.split('\n', 1)[0] ?? '';
    case 'repro': {
      const verdict = run.verdict ?? context.verdicts.get(run.id);
      return verdict === 'reproduced' ? '✓ reproduced' : verdict === 'diverged' ? '✗ diverged' : '';
    }
    case 'code.commit': return run.code?.commit?.slice(0, 8) ?? '';
    case 'code.branch': return run.code?.branch ?? '';
    case 'code.dirty': return run.code?.commit ? (run.code.dirty ? '✓' : '✗') : '';
    default: return '';
  }
}
