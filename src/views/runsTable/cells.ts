// The Runs Table's cells on the host: one interned string table and, per column, each slot's string
// index, filled column by column when first needed (a snapshot fills the columns the page shows
// first; the rest wait until the page scrolls to them, sorts a CSV export or copies them).
import { type MetricSummary, type ParamValue } from '../../core/model';
import { type RunSummary } from '../../core/store/summary';
import { type TableColumn, type WireCells } from '../../protocol/runsTable';
import { packCells } from './codec';
import { type CellSource, type TableContext } from './columns';

/** A column with more distinct values than this (a metric) stops memoising their texts. */
const MEMO_LIMIT = 1024;
/** From this many param and metric columns at once, walking each run's entries beats a lookup per cell. */
const WALK_FROM = 128;

/** What filling a column reads: the columns, how their cells are made, the runs by slot. */
export interface FillSource {
  readonly columns: readonly TableColumn[];
  readonly sources: readonly CellSource[];
  readonly runs: readonly (RunSummary | undefined)[];
  readonly context: TableContext;
  readonly now: number;
}

/** The interned strings and the cells of the columns filled so far. */
export class TableCells {
  strings: string[] = [''];
  private index = new Map<string, number>([['', 0]]);
  /** How many strings the page has (every message sends the ones after these). */
  private sent = 0;
  /** Per column, the string index of each slot's cell; undefined until the column is filled. */
  readonly codes: (number[] | undefined)[] = [];
  /** Per filled metric column with a goal, each slot's value (NaN for none): its best row without reading runs. */
  readonly values: (number[] | undefined)[] = [];

  /** Whether column `i` has its cells. */
  filled(i: number): boolean {
    return this.codes[i] !== undefined;
  }

  /** Adds a filled column of `slots` empty cells (a column a new run brought: only that run has a value). */
  addEmpty(slots: number, goal: boolean): void {
    this.codes.push(new Array<number>(slots).fill(0));
    this.values.push(goal ? new Array<number>(slots).fill(NaN) : undefined);
  }

  /** Adds a column not filled yet. */
  addUnfilled(): void {
    this.codes.push(undefined);
    this.values.push(undefined);
  }

  /** The strings the page lacks, from where it is (each message sends them and the page appends them). */
  take(): { stringBase: number; strings: string[] } {
    const stringBase = this.sent;
    this.sent = this.strings.length;
    return { stringBase, strings: this.strings.slice(stringBase) };
  }

  /** The index of `text` in the table, adding it. */
  intern(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(text);
      this.index.set(text, i);
    }
    return i;
  }

  /**
   * The cells for the wire of the filled columns, or with `head` of the columns of `indices` in
   * the slots of `head` only (the first rows of a big table: those columns stay unfilled); null
   * for the other columns.
   */
  packed(indices: readonly number[], head: readonly number[] | undefined, from: FillSource): (WireCells | null)[] {
    const wanted = new Set(indices);
    return this.codes.map((c, i) => (head ? (wanted.has(i) ? packCells(this.codesAt(i, head, from)) : null) : c ? packCells(c) : null));
  }

  /** The string indices of column `i`'s cells in `slots` only, interned; the column stays unfilled. */
  private codesAt(i: number, slots: readonly number[], from: FillSource): number[] {
    const source = from.sources[i];
    if (!source) return slots.map(() => 0);
    return slots.map((slot) => {
      const run = from.runs[slot];
      return run ? this.intern(source.text(run, from.context, from.now)) : 0;
    });
  }

  /** The text of a cell ('' in a column not filled). */
  text(i: number, slot: number): string {
    return this.strings[this.codes[i]?.[slot] ?? 0] ?? '';
  }

  /**
   * Fills the columns of `indices` not filled yet. Many param and metric columns at once are filled
   * run by run over each run's own entries: a run of 1,000 params is a hash table, and walking it
   * once costs a third of looking each column's name up in it. A few go column by column.
   */
  fill(indices: Iterable<number>, from: FillSource): void {
    const wanted = [...new Set(indices)].filter((i) => !this.filled(i) && from.columns[i] !== undefined);
    const walked = wanted.filter((i) => from.sources[i]?.entry);
    if (walked.length < WALK_FROM) {
      for (const i of wanted) this.fillColumn(i, from);
      return;
    }
    for (const i of wanted) if (!from.sources[i]?.entry) this.fillColumn(i, from);
    const n = from.runs.length;
    const byName = { params: new Map<string, number>(), metrics: new Map<string, number>() };
    const memos: (Map<unknown, number> | undefined)[] = [];
    for (const i of walked) {
      const entry = from.sources[i]?.entry;
      if (!entry) continue;
      byName[entry.in].set(entry.name, i);
      this.codes[i] = new Array<number>(n).fill(0); // '' where a run lacks the entry
      this.values[i] = from.columns[i]?.goal ? new Array<number>(n).fill(NaN) : undefined;
      memos[i] = new Map();
    }
    for (let slot = 0; slot < n; slot++) {
      const run = from.runs[slot];
      if (!run) continue;
      this.fillEntries(run.params, byName.params, slot, memos, from.sources);
      this.fillEntries(run.metrics, byName.metrics, slot, memos, from.sources);
    }
  }

  /** One run's cells of the columns `byName` maps its entries to (each distinct value formatted once per column). */
  private fillEntries(entries: Readonly<Record<string, ParamValue | MetricSummary>>, byName: ReadonlyMap<string, number>, slot: number,
    memos: (Map<unknown, number> | undefined)[], sources: readonly CellSource[]): void {
    for (const name in entries) {
      const i = byName.get(name);
      const source = i === undefined ? undefined : sources[i];
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
      (this.codes[i] as number[])[slot] = code;
    }
  }

  /**
   * Every slot's cell of column `i` (again, when it is filled: a metric's summary changed), and its
   * numbers when it has a goal. A param's or metric's distinct values are formatted once each.
   */
  fillColumn(i: number, from: FillSource): void {
    const source = from.sources[i] as CellSource;
    const { value, format } = source;
    const n = from.runs.length;
    const codes = new Array<number>(n).fill(0);
    const numbers = from.columns[i]?.goal ? new Array<number>(n).fill(NaN) : undefined;
    let memo: Map<unknown, number> | undefined = new Map();
    for (let slot = 0; slot < n; slot++) {
      const run = from.runs[slot];
      if (!run) continue;
      if (!value || !format) {
        codes[slot] = this.intern(source.text(run, from.context, from.now));
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
    this.codes[i] = codes;
    this.values[i] = numbers;
  }
  /**
   * Whether column `i` says different things in the `shown` slots. A column not filled yet is not
   * filled for this: its raw values are compared, and two that differ are formatted to see if their
   * texts do (a column without raw values, a data column, is filled).
   */
  differs(i: number, shown: readonly number[], from: FillSource): boolean {
    const column = this.codes[i];
    if (column) {
      const first = column[shown[0] ?? 0];
      return shown.some((s) => column[s] !== first);
    }
    const { value, format } = from.sources[i] ?? {};
    if (!value || !format) {
      this.fillColumn(i, from);
      return this.differs(i, shown, from);
    }
    const firstRun = from.runs[shown[0] ?? 0];
    const firstValue = firstRun && value(firstRun);
    const firstText = format(firstValue);
    return shown.some((s) => {
      const run = from.runs[s];
      const v = run && value(run);
      return v !== firstValue && format(v) !== firstText;
    });
  }
}

/** A cell's value as a number for finding the best one (NaN: none). */
export function numberOf(v: unknown): number {
  return typeof v === 'number' ? v : NaN;
}
