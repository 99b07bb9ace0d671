// Sorting the metrics table by a column: a click cycles ascending → descending → the order the runs
// were compared in. Numbers follow core's rule for runs (`src/core/query/sort.ts`): missing and
// non-finite values last in both directions. The page sorts the numbers it was sent because the
// webview may import only `src/protocol` and the columns (best, min, max) are not what core sorts
// by; ties keep the compared order, so the sort is stable.
import { type CompareRun, type MetricsSort, type SummaryColumn } from '../../src/protocol/compare';
import { lastOf, statsOf } from './deltas';

/** The next sort after a click on the column (`metric`, `column`): asc, desc, then none (null). */
export function nextSort(current: MetricsSort | null | undefined, metric: string | null, column: MetricsSort['column']): MetricsSort | null {
  const same = current && current.metric === metric && current.column === column;
  if (!same) return { metric, column, direction: 'asc' };
  return current.direction === 'asc' ? { metric, column, direction: 'desc' } : null;
}

/** How a header shows the sort of its column (the `aria-sort` value). */
export function ariaSort(current: MetricsSort | null | undefined, metric: string | null, column: MetricsSort['column']): 'ascending' | 'descending' | 'none' {
  if (!current || current.metric !== metric || current.column !== column) return 'none';
  return current.direction === 'asc' ? 'ascending' : 'descending';
}

/** A run's value in a summary column, or null when it lacks the metric or the value. */
export function summaryValue(run: CompareRun, metric: string, column: SummaryColumn): number | null {
  if (column === 'last') return lastOf(run, metric);
  const v = statsOf(run, metric)?.[column];
  return v === undefined ? null : v;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** `runs` in the order of `sort` (a copy); the given order when `sort` is null or names a metric no longer shown. */
export function sortRuns(runs: readonly CompareRun[], sort: MetricsSort | null | undefined): CompareRun[] {
  const out = [...runs];
  if (!sort) return out;
  const sign = sort.direction === 'asc' ? 1 : -1;
  if (sort.column === 'name' || sort.metric === null) return out.sort((a, b) => collator.compare(a.name, b.name) * sign);
  const { metric, column } = sort;
  const valueOf = (r: CompareRun): number | undefined => {
    const v = summaryValue(r, metric, column);
    return v !== null && Number.isFinite(v) ? v : undefined;
  };
  // Array.prototype.sort is stable: equal values keep the compared order.
  return out.sort((a, b) => {
    const va = valueOf(a);
    const vb = valueOf(b);
    if (va === undefined || vb === undefined) return va === vb ? 0 : va === undefined ? 1 : -1;
    return (va - vb) * sign;
  });
}
