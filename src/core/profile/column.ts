// One column while a file streams by: counts of each kind of value (number, boolean, date, other
// text, missing), numeric statistics, category counts and a distinct-count sketch; at the end the
// column's type is decided from what it held and its profile is built.
import { FieldCache, type CachedField } from './fieldCache';
import { HyperLogLog } from './hll';
import { NumericAccumulator } from './numeric';
import { hashString } from './random';
import { COUNTED_CATEGORIES, STORED_CATEGORIES, type CategoryCount, type CategoryStats, type ColumnProfile, type ColumnType } from './types';
import { MISSING, parseBoolean, parseDate, parseNumber } from './values';

/** Share of non-missing values a type needs to be the column's type; the rest are `invalid`. */
export const TYPE_SHARE = 0.95;
/** Fewest values for a column of unique, monotone integers to count as an ID (a row number, a key). */
export const ID_MIN_VALUES = 20;
/** Distinct numbers counted exactly per column (enough for Evidently's "n_unique ≤ 5" rule and bar charts). */
const COUNTED_NUMBERS = 1_000;

/** A category's count, boxed so a cached field can count it without a map lookup. */
interface Tally {
  count: number;
}

/** What the field cache keeps per value: how it reads, and its category's tally once it has one. */
interface CachedValue {
  readonly field: CachedField;
  tally: Tally | undefined;
}

/** Accumulates one column. */
export class ColumnAccumulator {
  missing = 0;
  private bools = 0;
  private dates = 0;
  private texts = 0;
  private badUtf8 = 0;
  private readonly hll = new HyperLogLog();
  /** Its numbers reach the HyperLogLog when a batch is folded in (flushed before the column is read). */
  readonly numbers = new NumericAccumulator(undefined, undefined, this.hll);
  private dateStats: NumericAccumulator | undefined;
  private readonly cats = new Map<string, Tally>();
  private catOther = 0;
  private nums: Map<number, number> | undefined = new Map();
  private readonly cache = new FieldCache<CachedValue>();
  /** Order of the integers so far: 2 none yet, 1 increasing, -1 decreasing, 0 neither (or not integers). */
  private order = 2;
  private last = Number.NaN;

  /** Adds a finite number. */
  addNumber(x: number): void {
    this.numbers.add(x);
    if (this.order !== 0) this.trackOrder(x);
    const nums = this.nums;
    if (nums === undefined) return;
    nums.set(x, (nums.get(x) ?? 0) + 1);
    if (nums.size > COUNTED_NUMBERS) this.nums = undefined;
  }

  /** Adds the finite numbers a[from, to) in order: what addNumber() per value does, a loop per concern. */
  addNumbers(a: Float64Array, from: number, to: number): void {
    this.numbers.addMany(a, from, to);
    for (let i = from; i < to && this.order !== 0; i++) this.trackOrder(a[i] as number);
    const nums = this.nums;
    if (nums === undefined) return;
    for (let i = from; i < to; i++) {
      const x = a[i] as number;
      nums.set(x, (nums.get(x) ?? 0) + 1);
      if (nums.size > COUNTED_NUMBERS) { this.nums = undefined; return; }
    }
  }

  /** Follows whether the numbers are strictly monotone integers (then unique: an ID, not a measurement). */
  private trackOrder(x: number): void {
    const last = this.last;
    this.last = x;
    if (!Number.isInteger(x)) { this.order = 0; return; }
    if (last !== last) return; // the first number (last is NaN)
    const dir = x > last ? 1 : x < last ? -1 : 0;
    this.order = dir === 0 || (this.order !== 2 && this.order !== dir) ? 0 : dir;
  }

  /** Adds a text value: missing marker, number, boolean, date or other text. */
  addText(s: string): void {
    this.apply(classify(s), true);
  }

  /**
   * Adds the text in bytes buf[start, end) (a CSV field): a value seen recently in this column is
   * found by its bytes, neither decoded nor classified again.
   */
  addBytes(buf: Buffer, start: number, end: number): void {
    const cache = this.cache;
    if (!cache.enabled) { this.apply(classify(buf.toString('utf8', start, end)), true); return; }
    const hit = cache.get(buf, start, end);
    if (hit !== undefined) {
      // Seen before: its category was hashed already (HyperLogLog is idempotent) and has its tally.
      const tally = hit.tally;
      if (tally === undefined) { hit.tally = this.apply(hit.field, false); return; }
      tally.count++;
      this.countKind(hit.field);
      return;
    }
    const entry: CachedValue = { field: classify(buf.toString('utf8', start, end)), tally: undefined };
    cache.store(buf, start, end, entry);
    entry.tally = this.apply(entry.field, true);
  }

  /** Counts a classified value (`first`: hash its category); returns its category's tally, if counted. */
  private apply(f: CachedField, first: boolean): Tally | undefined {
    if (f.kind === 'missing') { this.missing++; return undefined; }
    if (f.kind === 'number') { this.addNumber(f.value); return undefined; }
    this.countKind(f);
    return this.addCategory(f.text, first);
  }

  /** Counts a boolean, date or text value by its kind (its category is counted apart). */
  private countKind(f: CachedField): void {
    switch (f.kind) {
      case 'boolean': this.bools++; break;
      case 'date':
        this.dates++;
        (this.dateStats ??= new NumericAccumulator()).add(f.value);
        break;
      case 'text':
        if (f.badUtf8) this.badUtf8++;
        this.texts++;
        break;
      case 'missing': case 'number': break; // counted by apply(), never here
    }
  }

  /** Adds a string that is text by its schema (a Parquet string): never read as a number or date. */
  addString(s: string): void {
    if (s.includes('\ufffd')) this.badUtf8++;
    this.texts++;
    this.addCategory(s, true);
  }

  /** Adds a datetime given by its schema: epoch milliseconds, and its ISO text as the category. */
  addDate(ms: number, text: string): void {
    this.dates++;
    (this.dateStats ??= new NumericAccumulator()).add(ms);
    this.addCategory(text, true);
  }

  /** Adds a boolean. */
  addBoolean(b: boolean): void {
    this.bools++;
    this.addCategory(b ? 'true' : 'false', true);
  }

  private addCategory(s: string, hash: boolean): Tally | undefined {
    if (hash) this.hll.add(hashString(s));
    const cats = this.cats;
    const t = cats.get(s);
    if (t !== undefined) { t.count++; return t; }
    if (cats.size >= COUNTED_CATEGORIES) { this.catOther++; return undefined; }
    const tally = { count: 1 };
    cats.set(s, tally);
    return tally;
  }

  /** Values seen, missing ones included. */
  get values(): number {
    return this.missing + this.numbers.n + this.bools + this.dates + this.texts;
  }

  /** Values whose bytes were not valid UTF-8. */
  get invalidUtf8(): number {
    return this.badUtf8;
  }

  /** The column's profile. */
  finish(name: string): ColumnProfile {
    this.numbers.flush();
    const nonMissing = this.numbers.n + this.bools + this.dates + this.texts;
    const type = decideType(nonMissing, this.numbers.n, this.bools, this.dates, this.categoriesCapped(), this.distinctCategories());
    const typed = type === 'numeric' ? this.numbers.n : type === 'boolean' ? this.bools : type === 'datetime' ? this.dates : nonMissing;
    const categories = this.categoryStats(type);
    const exact = !categories.capped && (type !== 'numeric' || this.nums !== undefined);
    const distinct = exact ? (type === 'numeric' ? (this.nums as Map<number, number>).size : this.distinctCategories()) : this.hll.estimate();
    const numeric = type === 'numeric' ? this.numbers.toStats() : type === 'datetime' ? this.dateStats?.toStats() : undefined;
    return {
      name, type, count: nonMissing, missing: this.missing, distinct, distinctExact: exact, invalid: nonMissing - typed,
      ...(numeric ? { numeric } : {}),
      ...(type === 'numeric' && this.nums === undefined ? {} : { categories }),
      ...(type === 'numeric' && typed === nonMissing && typed >= ID_MIN_VALUES && (this.order === 1 || this.order === -1) ? { idLike: true } : {}),
      hll: this.hll.toBase64(),
    };
  }

  private distinctCategories(): number {
    return this.cats.size + (this.nums?.size ?? 0);
  }

  private categoriesCapped(): boolean {
    return this.catOther > 0 || (this.nums === undefined && this.numbers.n > 0);
  }

  /** Category counts: numbers as their shortest decimal text beside the text categories. */
  private categoryStats(type: ColumnType): CategoryStats {
    const all: CategoryCount[] = [];
    if (type !== 'numeric') for (const [value, t] of this.cats) all.push({ value, count: t.count });
    if (type === 'numeric' || type === 'categorical' || type === 'text') {
      for (const [v, count] of this.nums ?? []) all.push({ value: String(v), count });
    }
    all.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    const top = all.slice(0, STORED_CATEGORIES);
    const kept = top.reduce((s, c) => s + c.count, 0);
    const listed = all.reduce((s, c) => s + c.count, 0);
    const droppedNums = type === 'numeric' || this.nums !== undefined ? 0 : this.numbers.n;
    return { top, otherCount: listed - kept + this.catOther + (type === 'categorical' || type === 'text' ? droppedNums : 0), capped: this.categoriesCapped() };
  }
}

/** How a text value reads (one place for every reader): missing, number, boolean, ISO date or text. */
export function classify(s: string): CachedField {
  if (MISSING.has(s)) return { text: s, kind: 'missing', value: Number.NaN, badUtf8: false };
  const x = parseNumber(s);
  if (Number.isFinite(x)) return { text: s, kind: 'number', value: x, badUtf8: false };
  const b = parseBoolean(s);
  if (b !== undefined) return { text: b ? 'true' : 'false', kind: 'boolean', value: b ? 1 : 0, badUtf8: false };
  const d = parseDate(s);
  if (Number.isFinite(d)) return { text: s, kind: 'date', value: d, badUtf8: false };
  return { text: s, kind: 'text', value: Number.NaN, badUtf8: s.includes('\ufffd') };
}

/** The type of a column from the counts of its kinds of values. */
export function decideType(nonMissing: number, numbers: number, bools: number, dates: number, capped: boolean, distinct: number): ColumnType {
  if (nonMissing === 0) return 'empty';
  if (numbers >= TYPE_SHARE * nonMissing) return 'numeric';
  if (bools >= TYPE_SHARE * nonMissing) return 'boolean';
  if (dates >= TYPE_SHARE * nonMissing) return 'datetime';
  // Mostly unique strings are free text (ids, sentences), not categories worth a distribution test.
  if (capped || (distinct > 50 && distinct > 0.5 * nonMissing)) return 'text';
  return 'categorical';
}
