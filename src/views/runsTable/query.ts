// Which runs the Runs Table shows and in which order: the filter language of the tree (core's
// parser and evaluator), the quick filters, and a multi-column sort by core's column values; plus
// the best run of each metric column by its goal among those shown.
import { compileFilter } from '../../core/query/evaluate';
import { describeQueryError, QueryError } from '../../core/query/parse';
import { type ColumnContext, type ColumnSortKey, sortRunsByColumns } from '../../core/query/columns';
import { type QuickFilters, type TableColumn, type TableGrouping, type TableQuery, type TableRowGroup } from '../../protocol/runsTable';
import { type RunSummary } from '../../core/store/summary';
import { groupKey } from '../runs/groupedRuns';
import { summaryOf } from './columns';

/** The runs a query shows, in order, and why its filter was not applied (if it was malformed). */
export interface QueryResult {
  readonly runs: RunSummary[];
  readonly filterError: string | null;
}

/** Whether a run passes the quick filters (an empty list lets every run through). */
export function passesQuick(run: RunSummary, quick: QuickFilters): boolean {
  if (quick.statuses.length > 0 && !quick.statuses.includes(run.status)) return false;
  if (quick.starred && !run.starred) return false;
  return quick.tags.length === 0 || run.tags.some((t) => quick.tags.includes(t));
}

/** The core sort keys of a table sort: a metric column sorts by the summary it shows. */
export function sortKeysOf(query: TableQuery, columns: ReadonlyMap<string, TableColumn>): ColumnSortKey[] {
  return query.sort.map((k) => {
    const column = columns.get(k.column);
    const aggregate = column?.aggregate ? summaryOf(column.aggregate, column.goal) : undefined;
    return { column: k.column, direction: k.direction, ...(aggregate ? { aggregate } : {}) };
  });
}

/** The test of a query's filter and quick filters; a malformed filter lets every run through and says why. */
export function queryFilter(query: TableQuery): { test: (run: RunSummary) => boolean; filterError: string | null } {
  let filter: ((run: RunSummary) => boolean) | undefined;
  let filterError: string | null = null;
  try {
    filter = query.filter.trim() ? compileFilter(query.filter) : undefined;
  } catch (e) {
    if (!(e instanceof QueryError)) throw e;
    filterError = describeQueryError(e);
  }
  return { test: (run) => passesQuick(run, query.quick) && (!filter || filter(run)), filterError };
}

/**
 * Filters and sorts `runs` (no sort: newest first). A malformed filter shows every run and says why.
 * `context` carries the originals' reproduction verdicts, which the reproduction column sorts by.
 */
export function applyQuery(runs: readonly RunSummary[], query: TableQuery, columns: ReadonlyMap<string, TableColumn>, context: ColumnContext = {}): QueryResult {
  const { test, filterError } = queryFilter(query);
  return { runs: sortRunsByColumns(runs.filter(test), sortKeysOf(query, columns), context), filterError };
}

/**
 * The slot among `shown` holding the best finite value of a column by its goal (the first of equal
 * ones), or -1: `values` are the column's values by slot (NaN for none), `goal` null for a
 * column without one.
 */
export function bestSlot(values: readonly number[] | undefined, shown: readonly number[], goal: 'min' | 'max' | null): number {
  if (!values || !goal) return -1;
  let best = -1;
  let bestValue = 0;
  for (const slot of shown) {
    const v = values[slot] ?? NaN;
    if (!Number.isFinite(v)) continue;
    if (best === -1 || (goal === 'min' ? v < bestValue : v > bestValue)) {
      best = slot;
      bestValue = v;
    }
  }
  return best;
}

/**
 * `runs` (in the query's order) gathered into groups by the Runs view's rule (`groupKey`), each
 * group keeping the query's order inside it; groups come in the order of their first run, so
 * unsorted (newest first) the group of the newest run leads, as in the tree, and sorted by a
 * metric the group holding the top run does. Not grouping: the runs as they are and no groups.
 */
export function groupRuns(runs: readonly RunSummary[], grouping: TableGrouping | undefined): { runs: RunSummary[]; groups: TableRowGroup[] } {
  if (grouping !== 'experiment') return { runs: [...runs], groups: [] };
  const byKey = new Map<string, RunSummary[]>();
  for (const run of runs) {
    const key = groupKey(run, grouping);
    const group = byKey.get(key);
    if (group) group.push(run);
    else byKey.set(key, [run]);
  }
  return { runs: [...byKey.values()].flat(), groups: [...byKey].map(([key, members]) => ({ key, count: members.length })) };
}
