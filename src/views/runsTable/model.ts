// The host's side of the Runs Table: every run in a slot, every cell as an index into one interned
// string table. It builds the columnar snapshot once (with the cells of the columns the page shows
// first), then only increments, further columns the page asks for, and row orders for queries.
import { catalogOf, type RunCatalog } from '../../core/store/catalog';
import { type RunSummary } from '../../core/store/summary';
import {
  type RowUpdate, type TableAggregate, type TableCellsMessage, type TableColumn, type TableColumnMessage, type TableLayout,
  type TableOrderMessage, type TableQuery, type TableRowsMessage, type TableSnapshot,
} from '../../protocol/runsTable';
import { type FillSource, numberOf, TableCells } from './cells';
import { packCells, packOrder } from './codec';
import {
  type CellSource, cellSource, columnsOf, dataColumn, metricColumn, paramColumn, slotsContextChanged, type TableContext, tableContext,
} from './columns';
import { firstColumns } from './firstColumns';
import { bestSlot, groupRuns, sortKeysOf } from './query';
import { QueryCache } from './queryCache';

/** The table's model of one folder's runs. */
export class RunsTableModel {
  private cells = new TableCells();
  private columns: TableColumn[] = [];
  /** How each column's cells are made. */
  private sources: CellSource[] = [];
  private columnIndex = new Map<string, number>();
  private runs: (RunSummary | undefined)[] = [];
  private slots = new Map<string, number>();
  private context: TableContext;
  private aggregates: Record<string, TableAggregate> = {};
  /** Filter results and sort keys kept between queries until a run changes. */
  private readonly queries = new QueryCache(() => this.runs);
  /** The slots the last query showed, in order (CSV export writes these). */
  private shownSlots: number[] = [];
  /** What the last order said, as one string (an order that says the same is not sent again). */
  private lastOrder = '';
  /** Whether the page shows only differing columns: then every column's `differing` counts, not only those sent. */
  private allDiffering = false;
  /** Columns whose cells the last snapshot sent for its first rows only: the rest follows (nextColumns). */
  private following: number[] = [];

  constructor(private readonly declared: TableContext['declared'], private readonly now: () => number = Date.now) {
    this.context = tableContext([], declared);
  }

  /**
   * Resets the model to `runs` and returns the table for the page: every column, the cells of those
   * it shows first (firstColumns.ts); the page asks for the others with {@link cellsOf}. The columns
   * come from `catalog` (the store's, kept beside its index: no run is walked for them) when given,
   * which must name every param, metric and dataset of `runs`; else from a walk over `runs`.
   * With `headRows` (and more runs than that), only the first rows' cells of those columns (`head`):
   * the page draws its first screen from them, and {@link nextColumns} gives the rest after.
   */
  snapshot(folder: string, runs: readonly RunSummary[], query: TableQuery, layout: TableLayout | null, catalog?: RunCatalog, headRows?: number): TableSnapshot {
    this.cells = new TableCells();
    this.queries.clear();
    this.aggregates = { ...(layout?.aggregates ?? {}) };
    this.allDiffering = layout?.onlyDiffering ?? false;
    this.runs = [...runs];
    this.slots = new Map(runs.map((r, i) => [r.id, i]));
    this.context = tableContext(runs, this.declared);
    this.columns = columnsOf(catalog ?? catalogOf(runs), this.context, this.aggregates);
    this.columnIndex = new Map(this.columns.map((c, i) => [c.key, i]));
    this.sources = this.columns.map(cellSource);
    for (let i = 0; i < this.columns.length; i++) this.cells.addUnfilled();
    const first = firstColumns(this.columns, layout, query);
    const headOnly = headRows !== undefined && runs.length > headRows;
    this.following = headOnly ? first : [];
    if (!headOnly) this.cells.fill(first, this.fillSource());
    const order = this.orderOf(query);
    const head = headOnly ? this.shownSlots.slice(0, headRows) : undefined;
    const cells = this.cells.packed(first, head, this.fillSource());
    return {
      type: 'snapshot', folder, strings: this.cells.take().strings, columns: [...this.columns], runIds: runs.map((r) => r.id),
      cells, query, layout, ...order, ...(head ? { head: packOrder(head) } : {}),
    };
  }

  /**
   * The whole cells of the next columns a snapshot sent the first rows of, about `maxCells` cells
   * (one column at least), with their best slots; undefined once each one was sent.
   */
  nextColumns(maxCells: number): TableCellsMessage | undefined {
    const next = this.following.slice(0, Math.max(1, Math.floor(maxCells / Math.max(1, this.runs.length))));
    this.following = this.following.slice(next.length);
    return next.length === 0 ? undefined : this.cellsOf(next.map((i) => this.columns[i]?.key ?? ''));
  }

  /** The cells of the columns of `keys` (filled now if they were not), with their best slots among the rows shown last. */
  cellsOf(keys: readonly string[]): TableCellsMessage {
    const indices = keys.map((k) => this.columnIndex.get(k)).filter((i): i is number => i !== undefined);
    this.cells.fill(indices, this.fillSource());
    return {
      type: 'cells', ...this.cells.take(), indices, cells: indices.map((i) => packCells(this.cells.codes[i] ?? [])),
      best: indices.map((i) => bestSlot(this.cells.values[i], this.shownSlots, this.columns[i]?.goal ?? null)),
    };
  }

  /** The runs of `ids` changed (`get` says how they are now; undefined: gone). Undefined when nothing the page shows changed. */
  update(ids: Iterable<string>, get: (id: string) => RunSummary | undefined): TableRowsMessage | undefined {
    const columnsBefore = this.columns.length;
    this.queries.clear();
    const removed: number[] = [];
    const touched = new Set<number>();
    for (const id of ids) {
      const slot = this.slots.get(id);
      const run = get(id);
      if (!run) {
        if (slot !== undefined) {
          removed.push(slot);
          this.runs[slot] = undefined;
          this.slots.delete(id);
        }
        continue;
      }
      if (slot === undefined) {
        this.slots.set(id, this.runs.length);
        touched.add(this.runs.length);
        this.runs.push(run);
      } else {
        this.runs[slot] = run;
        touched.add(slot);
      }
      this.addColumnsOf(run);
    }
    for (const slot of this.contextChanges()) touched.add(slot);
    const rows = [...touched].flatMap((slot) => this.recompute(slot, columnsBefore));
    if (rows.length === 0 && removed.length === 0 && this.columns.length === columnsBefore) return undefined;
    return { type: 'rows', ...this.cells.take(), columnsAdded: this.columns.slice(columnsBefore), rows, removed };
  }

  /** A metric column shows another summary: its cells again, or undefined for an unknown column. */
  setAggregate(key: string, aggregate: TableAggregate): TableColumnMessage | undefined {
    const index = this.columnIndex.get(key);
    const old = index === undefined ? undefined : this.columns[index];
    if (index === undefined || !old?.aggregate) return undefined;
    this.aggregates[key] = aggregate;
    const column: TableColumn = { ...old, aggregate };
    this.columns[index] = column;
    this.sources[index] = cellSource(column);
    this.cells.fillColumn(index, this.fillSource());
    return { type: 'column', ...this.cells.take(), index, column, cells: packCells(this.cells.codes[index] ?? []) };
  }

  /**
   * The page shows only differing columns (or no longer): says whether the order must be sent again
   * because it now needs to say which of the columns not sent differ.
   */
  setOnlyDiffering(on: boolean): boolean {
    const more = on && !this.allDiffering;
    this.allDiffering = on;
    return more;
  }

  /** The rows `query` shows, in order, with each metric column's best row. */
  order(query: TableQuery): TableOrderMessage {
    return { type: 'order', ...this.orderOf(query) };
  }

  /**
   * The order of `query` after a change, or undefined when it is the one the page has (a live run's
   * new value that moves no row and no best mark): at 100,000 runs an order is half a megabyte.
   */
  orderChange(query: TableQuery): TableOrderMessage | undefined {
    const before = this.lastOrder;
    const order = this.order(query);
    return this.lastOrder === before ? undefined : order;
  }

  /** The columns and the rows the last query showed, as text (for CSV export). */
  visibleText(keys: readonly string[]): { columns: TableColumn[]; rows: string[][] } {
    const columns = this.indicesOf(keys);
    return { columns: columns.map((i) => this.columns[i] as TableColumn), rows: this.shownSlots.map((slot) => columns.map((i) => this.cells.text(i, slot))) };
  }

  /** The texts of run `id`'s cells of the columns of `keys` (copying a cell or a row), undefined for a run not in the table. */
  rowText(id: string, keys: readonly string[]): string[] | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.indicesOf(keys).map((i) => this.cells.text(i, slot));
  }

  /** The run in a slot, by id. */
  run(id: string): RunSummary | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.runs[slot];
  }

  /** The indices of the columns of `keys` (unknown ones left out), filled. */
  private indicesOf(keys: readonly string[]): number[] {
    const indices = keys.map((k) => this.columnIndex.get(k)).filter((i): i is number => i !== undefined);
    this.cells.fill(indices, this.fillSource());
    return indices;
  }

  private orderOf(query: TableQuery): Omit<TableOrderMessage, 'type'> {
    const result = this.queries.order(query, sortKeysOf(query, new Map(this.columns.map((c) => [c.key, c]))), { now: this.now(), verdicts: this.context.verdicts });
    const grouped = query.group === 'experiment' ? groupRuns(result.slots.map((slot) => this.runs[slot] as RunSummary), query.group) : undefined;
    this.shownSlots = grouped ? grouped.runs.map((r) => this.slots.get(r.id) ?? 0) : result.slots;
    const live = this.slots.size;
    const best = this.columns.map((c, i) => bestSlot(this.cells.values[i], this.shownSlots, c.goal));
    // Which columns not sent differ costs a read of every run (a column the same in all is read to
    // the end): only when the page shows only differing columns, which is all it is used for.
    const from = this.fillSource();
    const differing = this.columns.filter((_, i) => (this.allDiffering || this.cells.filled(i)) && this.cells.differs(i, this.shownSlots, from)).map((c) => c.key);
    const order = { order: packOrder(this.shownSlots), shown: this.shownSlots.length, total: live, best, differing, filterError: result.filterError, groups: grouped?.groups ?? [] };
    this.lastOrder = [order.order, best.join(), differing.join('\n'), JSON.stringify(order.groups), order.filterError, order.total].join('|');
    return order;
  }

  private addColumnsOf(run: RunSummary): void {
    const add = (column: TableColumn): void => {
      if (this.columnIndex.has(column.key)) return;
      this.columnIndex.set(column.key, this.columns.length);
      this.columns.push(column);
      this.sources.push(cellSource(column));
      this.cells.addEmpty(this.runs.length, column.goal !== null);
    };
    for (const p of Object.keys(run.params)) add(paramColumn(p));
    for (const m of Object.keys(run.metrics)) add(metricColumn(m, [run.experiment ?? ''], this.context, this.aggregates[`metric:${m}`] ?? 'last'));
    for (const d of run.datasets) add(dataColumn(d.spec));
  }

  /** Slots whose data marker or reproduction state changed with the context (a newer run, a new verdict). */
  private contextChanges(): number[] {
    const before = this.context;
    this.context = tableContext(this.runs.filter((r): r is RunSummary => r !== undefined), this.declared);
    return slotsContextChanged(before, this.context, this.runs);
  }

  /** Recomputes a slot's cells; the update when any changed (or the row is new, or columns were added). */
  private recompute(slot: number, columnsBefore: number): RowUpdate[] {
    const run = this.runs[slot];
    if (!run) return [];
    const now = this.now();
    let changed = this.columns.length !== columnsBefore || (this.cells.codes[0]?.length ?? 0) <= slot;
    // Columns not filled yet stay so (0 for the page, which has no cells of theirs either), but for
    // those the page has the first rows of (their rest comes later) the row's cell goes now.
    const following = new Set(this.following);
    const cells = this.sources.map((source, i) => {
      const column = this.cells.codes[i];
      if (!column && following.has(i)) changed = true;
      if (!column) return following.has(i) ? this.cells.intern(source.text(run, this.context, now)) : 0;
      const code = this.cells.intern(source.text(run, this.context, now));
      const numbers = this.cells.values[i];
      if (numbers) numbers[slot] = numberOf(source.value?.(run));
      if (column[slot] !== code) changed = true;
      column[slot] = code;
      return code;
    });
    return changed ? [{ slot, id: run.id, cells }] : [];
  }

  private fillSource(): FillSource {
    return { columns: this.columns, sources: this.sources, runs: this.runs, context: this.context, now: this.now() };
  }
}
