// What the Runs Table's model keeps between queries until a run changes: the slots a filter keeps,
// the sort keys of each param and metric column by slot, the ranks of the run ids. A sort after a
// filter, the other direction of a sort, a filter after a sort: none reads 10,000 runs again. The
// filter and sort are core's (compileFilter, sortColumn, sortPositions), applied as applyQuery does.
import { columnAccessor, type ColumnContext, type ColumnSortKey } from '../../core/query/columns';
import { idRanks, sortColumn, type SortColumn, sortPositions } from '../../core/query/sortKeys';
import { type RunSummary } from '../../core/store/summary';
import { type TableQuery } from '../../protocol/runsTable';
import { queryFilter } from './query';

/** Filters kept at once (the table's current one and those before it, e.g. cleared and back). */
const FILTERS_KEPT = 4;
/** Columns whose sort keys are kept at once (90 kB each at 10,000 runs). */
const COLUMNS_KEPT = 16;

/** The slots a query's filter and quick filters keep, in slot order, and why its filter was not applied. */
export interface KeptSlots {
  readonly slots: readonly number[];
  readonly filterError: string | null;
}

/** Query work on the runs of a model's slots, kept until {@link QueryCache.clear}. */
export class QueryCache {
  private readonly kept = new Map<string, KeptSlots>();
  private readonly columns = new Map<string, SortColumn>();
  private ties: Float64Array | undefined;

  /** `runs` gives the model's runs by slot (undefined: a slot whose run is gone). */
  constructor(private readonly runs: () => readonly (RunSummary | undefined)[]) {}

  /** Forgets everything: a run changed, came or went. */
  clear(): void {
    this.kept.clear();
    this.columns.clear();
    this.ties = undefined;
  }

  /**
   * The slots of the runs `query` keeps and the slots in its order (sort keys, then newest first):
   * applyQuery's result by slot. `context` is read by the columns whose values depend on it
   * (duration, reproduction), which are therefore read again each time.
   */
  order(query: TableQuery, keys: readonly ColumnSortKey[], context: ColumnContext): { slots: number[]; filterError: string | null } {
    const kept = this.keep(query);
    const by = keys.map((k) => ({ column: this.sortColumn(k, context), direction: k.direction }));
    this.ties ??= idRanks(this.runs().map((r) => r?.id ?? ''));
    return { slots: sortPositions(kept.slots, by, this.ties), filterError: kept.filterError };
  }

  private keep(query: TableQuery): KeptSlots {
    const key = JSON.stringify([query.filter.trim(), query.quick]);
    const known = this.kept.get(key);
    if (known) return known;
    const { test, filterError } = queryFilter(query);
    const slots: number[] = [];
    this.runs().forEach((run, slot) => {
      if (run && test(run)) slots.push(slot);
    });
    const result = { slots, filterError };
    if (this.kept.size >= FILTERS_KEPT) this.kept.delete(this.kept.keys().next().value as string);
    this.kept.set(key, result);
    return result;
  }

  private sortColumn(key: ColumnSortKey, context: ColumnContext): SortColumn {
    // A param's or metric's value is the run's own; a built-in may read the clock or other runs.
    const lasting = key.column.startsWith('param:') || key.column.startsWith('metric:');
    const id = `${key.column}\n${key.aggregate ?? 'last'}`;
    const known = lasting ? this.columns.get(id) : undefined;
    if (known) return known;
    const read = columnAccessor(key.column, key.aggregate, context);
    const column = sortColumn(this.runs().map((run) => (run ? read(run) : undefined)));
    if (lasting) {
      if (this.columns.size >= COLUMNS_KEPT) this.columns.delete(this.columns.keys().next().value as string);
      this.columns.set(id, column);
    }
    return column;
  }
}
