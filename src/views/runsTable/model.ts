// The host's side of the Runs Table: every run in a slot, every cell as an index into one interned
// string table. It builds the columnar snapshot once, then only increments (rows whose cells
// changed, new columns, removed slots, strings the page lacks) and row orders for queries.
import { type MetricSummary, type ParamValue } from '../../core/model';
import { type RunSummary } from '../../core/store/summary';
import {
  type RowUpdate, type TableAggregate, type TableColumn, type TableColumnMessage, type TableLayout, type TableOrderMessage,
  type TableQuery, type TableRowsMessage, type TableSnapshot,
} from '../../protocol/runsTable';
import { packCells, packOrder } from './codec';
import { type CellSource, cellSource, columnsOf, dataColumn, metricColumn, paramColumn, type TableContext, tableContext } from './columns';
import { applyQuery, bestSlot, groupRuns } from './query';

/** A column with more distinct values than this (a metric) stops memoising their texts. */
const MEMO_LIMIT = 1024;

/** The table's model of one folder's runs. */
export class RunsTableModel {
  private strings: string[] = [''];
  private index = new Map<string, number>([['', 0]]);
  /** How many strings the page has. */
  private sentStrings = 0;
  private columns: TableColumn[] = [];
  /** How each column's cells are made. */
  private sources: CellSource[] = [];
  private columnIndex = new Map<string, number>();
  /** Per column, the string index of each slot's cell. */
  private cells: number[][] = [];
  /** Per metric column with a goal, each slot's value (NaN for none): its best row without reading runs. */
  private values: (number[] | undefined)[] = [];
  private runs: (RunSummary | undefined)[] = [];
  private slots = new Map<string, number>();
  private context: TableContext;
  private aggregates: Record<string, TableAggregate> = {};
  /** The slots the last query showed, in order (CSV export writes these). */
  private shownSlots: number[] = [];

  constructor(private readonly declared: TableContext['declared'], private readonly now: () => number = Date.now) {
    this.context = tableContext([], declared);
  }

  /** Resets the model to `runs` and returns the whole table for the page. */
  snapshot(folder: string, runs: readonly RunSummary[], query: TableQuery, layout: TableLayout | null): TableSnapshot {
    this.strings = [''];
    this.index = new Map([['', 0]]);
    this.sentStrings = 0;
    this.aggregates = { ...(layout?.aggregates ?? {}) };
    this.runs = [...runs];
    this.slots = new Map(runs.map((r, i) => [r.id, i]));
    this.context = tableContext(runs, this.declared);
    this.columns = columnsOf(runs, this.context, this.aggregates);
    this.columnIndex = new Map(this.columns.map((c, i) => [c.key, i]));
    this.sources = this.columns.map(cellSource);
    this.fillAll();
    const strings = this.takeStrings();
    return {
      type: 'snapshot', folder, strings, columns: [...this.columns], runIds: runs.map((r) => r.id),
      cells: this.cells.map((c) => packCells(c)), query, layout, ...this.orderOf(query),
    };
  }

  /** The runs of `ids` changed (`get` says how they are now; undefined: gone). Undefined when nothing the page shows changed. */
  update(ids: Iterable<string>, get: (id: string) => RunSummary | undefined): TableRowsMessage | undefined {
    const stringBase = this.strings.length;
    const columnsBefore = this.columns.length;
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
    this.sentStrings = this.strings.length;
    return { type: 'rows', stringBase, strings: this.strings.slice(stringBase), columnsAdded: this.columns.slice(columnsBefore), rows, removed };
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
    const stringBase = this.strings.length;
    this.fillColumn(index);
    return { type: 'column', stringBase, strings: this.takeStrings(stringBase), index, column, cells: packCells(this.cells[index] ?? []) };
  }

  /** The rows `query` shows, in order, with each metric column's best row. */
  order(query: TableQuery): TableOrderMessage {
    return { type: 'order', ...this.orderOf(query) };
  }

  /** The columns and the rows the last query showed, as text (for CSV export and copying). */
  visibleText(keys: readonly string[]): { columns: TableColumn[]; rows: string[][] } {
    const columns = keys.map((k) => this.columnIndex.get(k)).filter((i): i is number => i !== undefined);
    return {
      columns: columns.map((i) => this.columns[i] as TableColumn),
      rows: this.shownSlots.map((slot) => columns.map((i) => this.strings[this.cells[i]?.[slot] ?? 0] ?? '')),
    };
  }

  /** The run in a slot, by id. */
  run(id: string): RunSummary | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.runs[slot];
  }

  private orderOf(query: TableQuery): Omit<TableOrderMessage, 'type'> {
    const live = this.runs.filter((r): r is RunSummary => r !== undefined);
    const result = applyQuery(live, query, new Map(this.columns.map((c) => [c.key, c])), { now: this.now(), verdicts: this.context.verdicts });
    const grouped = groupRuns(result.runs, query.group);
    this.shownSlots = grouped.runs.map((r) => this.slots.get(r.id) ?? 0);
    const best = this.columns.map((c, i) => bestSlot(this.values[i], this.shownSlots, c.goal));
    const differing = this.columns.filter((_, i) => {
      const column = this.cells[i] ?? [];
      const first = column[this.shownSlots[0] ?? 0];
      return this.shownSlots.some((s) => column[s] !== first);
    }).map((c) => c.key);
    return { order: packOrder(this.shownSlots), shown: this.shownSlots.length, total: live.length, best, differing, filterError: result.filterError, groups: grouped.groups };
  }

  private addColumnsOf(run: RunSummary): void {
    const add = (column: TableColumn): void => {
      if (this.columnIndex.has(column.key)) return;
      this.columnIndex.set(column.key, this.columns.length);
      this.columns.push(column);
      this.sources.push(cellSource(column));
      this.cells.push(this.runs.map(() => 0));
      this.values.push(column.goal ? this.runs.map(() => NaN) : undefined);
    };
    for (const p of Object.keys(run.params)) add(paramColumn(p));
    for (const m of Object.keys(run.metrics)) add(metricColumn(m, run, this.context, this.aggregates[`metric:${m}`] ?? 'last'));
    for (const d of run.datasets) add(dataColumn(d.spec));
  }

  /** Slots whose data marker or reproduction state changed with the context (a newer run, a new verdict). */
  private contextChanges(): number[] {
    const before = this.context;
    this.context = tableContext(this.runs.filter((r): r is RunSummary => r !== undefined), this.declared);
    const experiments = new Set<string>();
    for (const exp of new Set([...before.latestData.keys(), ...this.context.latestData.keys()])) {
      const a = before.latestData.get(exp);
      const b = this.context.latestData.get(exp);
      if (!a || !b || a.size !== b.size || [...a].some(([spec, hash]) => b.get(spec) !== hash)) experiments.add(exp);
    }
    const originals = new Set([...before.verdicts.keys(), ...this.context.verdicts.keys()].filter((id) => before.verdicts.get(id) !== this.context.verdicts.get(id)));
    const out: number[] = [];
    this.runs.forEach((r, slot) => {
      if (r && (experiments.has(r.experiment ?? '') || originals.has(r.id))) out.push(slot);
    });
    return out;
  }

  /** Recomputes a slot's cells; the update when any changed (or the row is new, or columns were added). */
  private recompute(slot: number, columnsBefore: number): RowUpdate[] {
    const run = this.runs[slot];
    if (!run) return [];
    const now = this.now();
    let changed = this.columns.length !== columnsBefore || (this.cells[0]?.length ?? 0) <= slot;
    const cells = this.sources.map((source, i) => {
      const code = this.intern(source.text(run, this.context, now));
      const numbers = this.values[i];
      if (numbers) numbers[slot] = numberOf(source.value?.(run));
      const column = this.cells[i] as number[];
      if (column[slot] !== code) changed = true;
      column[slot] = code;
      return code;
    });
    return changed ? [{ slot, id: run.id, cells }] : [];
  }

  /**
   * Every column's cells. Param and metric columns are filled run by run over each run's own
   * entries: a run of 1,000 params is a hash table, and walking it once costs a third of looking
   * each column's name up in it (10,000 × 1,000 cells: seconds). Other columns go one by one.
   */
  private fillAll(): void {
    const n = this.runs.length;
    const byName = { params: new Map<string, number>(), metrics: new Map<string, number>() };
    const memos: (Map<unknown, number> | undefined)[] = [];
    this.cells = [];
    this.values = [];
    this.columns.forEach((column, i) => {
      const entry = this.sources[i]?.entry;
      if (!entry) return this.fillColumn(i);
      byName[entry.in].set(entry.name, i);
      this.cells[i] = new Array<number>(n).fill(0); // '' where a run lacks the entry
      this.values[i] = column.goal ? new Array<number>(n).fill(NaN) : undefined;
      memos[i] = new Map();
    });
    for (let slot = 0; slot < n; slot++) {
      const run = this.runs[slot];
      if (!run) continue;
      this.fillEntries(run.params, byName.params, slot, memos);
      this.fillEntries(run.metrics, byName.metrics, slot, memos);
    }
  }

  /** One run's cells of the columns `byName` maps its entries to (each distinct value formatted once per column). */
  private fillEntries(entries: Readonly<Record<string, ParamValue | MetricSummary>>, byName: ReadonlyMap<string, number>, slot: number, memos: (Map<unknown, number> | undefined)[]): void {
    for (const name in entries) {
      const i = byName.get(name);
      const source = i === undefined ? undefined : this.sources[i];
      // for-in yields own keys here: summaries come from JSON, and nothing adds enumerable keys to Object.prototype.
      if (i === undefined || !source?.entry || !source.format) continue;
      const v = source.entry.pick(entries[name] as ParamValue | MetricSummary);
      const numbers = this.values[i];
      if (numbers) numbers[slot] = numberOf(v);
      const memo = memos[i];
      let code = memo?.get(v);
      if (code === undefined) {
        code = this.intern(source.format(v));
        memo?.set(v, code);
        if (memo && memo.size > MEMO_LIMIT) memos[i] = undefined;
      }
      (this.cells[i] as number[])[slot] = code;
    }
  }

  /**
   * Every slot's cell of column `i`, and its numbers when it has a goal. A param's or metric's
   * distinct values are formatted once each (10,000 runs of a sweep share a few values of `lr`).
   */
  private fillColumn(i: number): void {
    const source = this.sources[i] as CellSource;
    const { value, format } = source;
    const now = this.now();
    const codes = new Array<number>(this.runs.length).fill(0);
    const numbers = this.columns[i]?.goal ? new Array<number>(this.runs.length).fill(NaN) : undefined;
    let memo: Map<unknown, number> | undefined = new Map();
    for (let slot = 0; slot < this.runs.length; slot++) {
      const run = this.runs[slot];
      if (!run) continue;
      if (!value || !format) {
        codes[slot] = this.intern(source.text(run, this.context, now));
        continue;
      }
      const v = value(run);
      if (numbers) numbers[slot] = numberOf(v);
      let code = memo?.get(v);
      if (code === undefined) {
        code = this.intern(format(v));
        memo?.set(v, code);
        if (memo && memo.size > MEMO_LIMIT) memo = undefined;
      }
      codes[slot] = code;
    }
    this.cells[i] = codes;
    this.values[i] = numbers;
  }

  private intern(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(text);
      this.index.set(text, i);
    }
    return i;
  }

  private takeStrings(from = this.sentStrings): string[] {
    const out = this.strings.slice(from);
    this.sentStrings = this.strings.length;
    return out;
  }
}

/** A cell's value as a number for finding the best one (NaN: none). */
function numberOf(v: unknown): number {
  return typeof v === 'number' ? v : NaN;
}
