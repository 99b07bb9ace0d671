// One column while a file streams by: counts of each kind of value (number, boolean, date, other
// text, missing), numeric statistics, category counts and a distinct-count sketch; at the end the
// column's type is decided from what it held and its profile is built.
import { HyperLogLog } from './hll';
import { NumericAccumulator } from './numeric';
import { hashNumber, hashString } from './random';
import { COUNTED_CATEGORIES, STORED_CATEGORIES, type CategoryCount, type CategoryStats, type ColumnProfile, type ColumnType } from './types';
import { MISSING, parseBoolean, parseDate, parseNumber } from './values';

/** Share of non-missing values a type needs to be the column's type; the rest are `invalid`. */
export const TYPE_SHARE = 0.95;
/** Distinct numbers counted exactly per column (enough for Evidently's "n_unique ≤ 5" rule and bar charts). */
const COUNTED_NUMBERS = 1_000;

/** Accumulates one column. */
export class ColumnAccumulator {
  missing = 0;
  private bools = 0;
  private dates = 0;
  private texts = 0;
  private badUtf8 = 0;
  readonly numbers = new NumericAccumulator();
  private dateStats: NumericAccumulator | undefined;
  private readonly hll = new HyperLogLog();
  private cats: Map<string, number> | undefined = new Map();
  private catOther = 0;
  private nums: Map<number, number> | undefined = new Map();

  /** Adds a finite number. */
  addNumber(x: number): void {
    this.numbers.add(x);
    this.hll.add(hashNumber(x));
    const nums = this.nums;
    if (nums === undefined) return;
    nums.set(x, (nums.get(x) ?? 0) + 1);
    if (nums.size > COUNTED_NUMBERS) this.nums = undefined;
  }

  /** Adds a text value: missing marker, number, boolean, date or other text. */
  addText(s: string): void {
    if (MISSING.has(s)) { this.missing++; return; }
    const x = parseNumber(s);
    if (Number.isFinite(x)) { this.addNumber(x); return; }
    const b = parseBoolean(s);
    if (b !== undefined) { this.addBoolean(b); return; }
    const d = parseDate(s);
    if (Number.isFinite(d)) {
      this.dates++;
      (this.dateStats ??= new NumericAccumulator()).add(d);
      this.addCategory(s);
      return;
    }
    if (s.includes('\ufffd')) this.badUtf8++;
    this.texts++;
    this.addCategory(s);
  }

  /** Adds a boolean. */
  addBoolean(b: boolean): void {
    this.bools++;
    this.addCategory(b ? 'true' : 'false');
  }

  private addCategory(s: string): void {
    this.hll.add(hashString(s));
    const cats = this.cats;
    if (cats === undefined) { this.catOther++; return; }
    const c = cats.get(s);
    if (c !== undefined) cats.set(s, c + 1);
    else if (cats.size < COUNTED_CATEGORIES) cats.set(s, 1);
    else this.catOther++;
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
      hll: this.hll.toBase64(),
    };
  }

  private distinctCategories(): number {
    return (this.cats?.size ?? 0) + (this.nums?.size ?? 0);
  }

  private categoriesCapped(): boolean {
    return this.cats === undefined || this.catOther > 0 || (this.nums === undefined && this.numbers.n > 0);
  }

  /** Category counts: numbers as their shortest decimal text beside the text categories. */
  private categoryStats(type: ColumnType): CategoryStats {
    const all: CategoryCount[] = [];
    if (type !== 'numeric') for (const [value, count] of this.cats ?? []) all.push({ value, count });
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
