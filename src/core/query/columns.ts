// The value of a run in one column of the Runs Table (status, name, a param, a metric's last or
// min/max, code, data, reproduction verdict) and a multi-column sort over those values. The one
// rule for sorting by a column: values missing last in both directions, ties newest first (as
// sortRuns does for the tree and `runlens ls --sort`).
import { type ParamValue, type RunManifest } from '../model';
import { runDuration } from '../present/format';
import { resolveName } from './evaluate';

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

function builtin(run: RunManifest, column: BuiltinColumn, now: number): ColumnValue {
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
    case 'repro': return run.verdict;
  }
}

/** The value `run` holds in `column` (`param:NAME`, `metric:NAME`, `data:SPEC` or a built-in). */
export function runColumnValue(run: RunManifest, column: string, aggregate: MetricAggregate = 'last', now = Date.now()): ColumnValue {
  if (column.startsWith('param:')) return resolveName(run, `param.${column.slice(6)}`);
  if (column.startsWith('metric:')) {
    const name = column.slice(7);
    const summary = Object.hasOwn(run.metrics, name) ? run.metrics[name] : undefined;
    return summary ? (summary[aggregate] ?? undefined) : undefined;
  }
  if (column.startsWith('data:')) return run.data?.datasets.find((d) => d.spec === column.slice(5))?.hash;
  return (BUILTIN_COLUMNS as readonly string[]).includes(column) ? builtin(run, column as BuiltinColumn, now) : undefined;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Orders two present values: numbers by value, anything else as text (numbers before text). */
function compareValues(a: ParamValue, b: ParamValue): number {
  const na = typeof a === 'boolean' ? Number(a) : a;
  const nb = typeof b === 'boolean' ? Number(b) : b;
  if (typeof na === 'number' && typeof nb === 'number') return na - nb;
  if (typeof na === 'number') return -1;
  if (typeof nb === 'number') return 1;
  return collator.compare(String(na), String(nb));
}

/** Missing, null and non-finite values sort last whatever the direction. */
function present(v: ColumnValue): v is Exclude<ParamValue, null> {
  return v !== undefined && v !== null && (typeof v !== 'number' || Number.isFinite(v));
}

/**
 * `runs` sorted by `keys` (the first key first; later keys break ties), then newest first. With
 * one `metric:NAME` key this is the order sortRuns gives for that metric.
 */
export function sortRunsByColumns(runs: readonly RunManifest[], keys: readonly ColumnSortKey[], now = Date.now()): RunManifest[] {
  // Each value is read once, not once per comparison: 10,000 runs sort in a few milliseconds.
  const values = keys.map((k) => new Map(runs.map((r) => [r.id, runColumnValue(r, k.column, k.aggregate, now)])));
  const out = [...runs];
  return out.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const va = values[i]?.get(a.id);
      const vb = values[i]?.get(b.id);
      const pa = present(va);
      const pb = present(vb);
      if (!pa || !pb) {
        if (pa !== pb) return pa ? -1 : 1;
        continue;
      }
      const c = compareValues(va, vb) * (keys[i]?.direction === 'asc' ? 1 : -1);
      if (c !== 0) return c;
    }
    return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  });
}
