// A uniform random sample of up to `size` values from a stream (Li's Algorithm L: it draws random
// numbers only when it replaces an item, so a long stream costs a counter compare per value).
// While a column has at most `size` values the sample *is* the column, which the KS test needs.
import { seededRandom, type Random } from './random';

/** The default sample size: every value of a column of up to 1,000 values. */
export const SAMPLE_SIZE = 1000;

/** A reservoir sample of numbers. */
export class Reservoir {
  readonly values: number[] = [];
  private seen = 0;
  private next = 0;
  private w = 1;
  private readonly random: Random;

  constructor(readonly size = SAMPLE_SIZE, seed = 0x5a3e) {
    this.random = seededRandom(seed);
  }

  /** Values offered so far. */
  get count(): number {
    return this.seen;
  }

  /** Offers one value. */
  add(x: number): void {
    const i = this.seen++;
    if (i < this.size) {
      this.values.push(x);
      if (i === this.size - 1) this.skip();
      return;
    }
    if (i < this.next) return;
    this.values[Math.floor(this.random() * this.size)] = x;
    this.skip();
  }

  /** Offers a[0, m) in order: a run of values all before the next replacement costs one compare. */
  addMany(a: Float64Array, m: number): void {
    if (this.seen >= this.size && this.seen + m <= this.next) { this.seen += m; return; }
    for (let i = 0; i < m; i++) this.add(a[i] as number);
  }

  private skip(): void {
    this.w *= Math.exp(Math.log(this.random()) / this.size);
    this.next = this.seen + Math.floor(Math.log(this.random()) / Math.log(1 - this.w));
  }

  /** Restores a stored sample that stood for `seen` values. */
  static restore(values: readonly number[], seen: number, size = SAMPLE_SIZE): Reservoir {
    const r = new Reservoir(size);
    r.values.push(...values);
    r.seen = seen;
    if (seen >= size) r.skip();
    return r;
  }
}

/**
 * A sample of the union of two samples standing for `na` and `nb` values: exact when both are exact
 * and fit together; otherwise each slot drawn from side a with probability na / (na + nb).
 */
export function mergeSamples(a: readonly number[], na: number, b: readonly number[], nb: number, size = SAMPLE_SIZE, seed = 0x3e6e): number[] {
  if (na + nb <= size && a.length === na && b.length === nb) return [...a, ...b];
  const random = seededRandom(seed);
  const out: number[] = [];
  let ia = 0;
  let ib = 0;
  while (out.length < size && (ia < a.length || ib < b.length)) {
    const fromA = ib >= b.length || (ia < a.length && random() < na / (na + nb));
    out.push(fromA ? (a[ia++] as number) : (b[ib++] as number));
  }
  return out;
}
