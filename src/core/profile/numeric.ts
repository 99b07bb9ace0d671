// Streaming statistics of the numbers of one column: count, min, max, mean and variance by Welford's
// update (merged by Chan et al.'s formula), quantiles from a KLL sketch, a reservoir sample, and the
// stored form with quantiles and a histogram read off the sketch.
import { type HyperLogLog } from './hll';
import { KllSketch, quantileOf, type WeightedItems } from './kll';
import { mergeSamples, Reservoir } from './reservoir';
import { HISTOGRAM_BINS, QUANTILE_LEVELS, type Histogram, type NumericStats } from './types';

/** Numbers held back and folded in together (see flush). */
const BATCH = 512;

/** Accumulates the numbers of one column. */
export class NumericAccumulator {
  /** Numbers added, the pending ones included. */
  n = 0;
  /** Mean, sum of squared deviations, min and max of the numbers flushed so far (see flush). */
  mean = 0;
  m2 = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  readonly kll: KllSketch;
  sample: Reservoir;
  private readonly pending = new Float64Array(BATCH);
  private held = 0;

  /** `hll`: a distinct-count sketch that hears every number (a column's), a batch at a time. */
  constructor(kll = new KllSketch(), sample = new Reservoir(), private readonly hll?: HyperLogLog) {
    this.kll = kll;
    this.sample = sample;
  }

  /** Adds one finite number (folded in with the next BATCH - 1: call flush() before reading). */
  add(x: number): void {
    this.n++;
    this.pending[this.held++] = x;
    if (this.held === BATCH) this.flush();
  }

  /** Adds the finite numbers a[from, to) in order (as add() per value: the same batches). */
  addMany(a: Float64Array, from: number, to: number): void {
    const pending = this.pending;
    let i = from;
    while (i < to) {
      const take = Math.min(BATCH - this.held, to - i);
      for (let o = this.held, end = i + take; i < end; i++, o++) pending[o] = a[i] as number;
      this.held += take;
      this.n += take;
      if (this.held === BATCH) this.flush();
    }
  }

  /**
   * Folds the pending numbers in: their own mean and sum of squares, merged by Chan et al.'s
   * formula (no division per value, unlike Welford's update), then the sketches in one loop each.
   */
  flush(): void {
    const m = this.held;
    if (m === 0) return;
    this.held = 0;
    const a = this.pending;
    let sum = 0;
    let min = this.min;
    let max = this.max;
    for (let i = 0; i < m; i++) {
      const x = a[i] as number;
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const mean = sum / m;
    let m2 = 0;
    for (let i = 0; i < m; i++) {
      const d = (a[i] as number) - mean;
      m2 += d * d;
    }
    const before = this.n - m;
    const d = mean - this.mean;
    this.m2 += m2 + (d * d * before * m) / this.n;
    this.mean += (d * m) / this.n;
    this.min = min;
    this.max = max;
    this.kll.addMany(a, m);
    this.sample.addMany(a, m);
    this.hll?.addNumbers(a, m);
  }

  /** The stored statistics. */
  toStats(): NumericStats {
    this.flush();
    const items = this.kll.items();
    const quantiles: Record<string, number> = {};
    for (const q of QUANTILE_LEVELS) quantiles[String(q)] = quantileOf(items, q);
    return {
      count: this.n, min: this.min, max: this.max, mean: this.mean,
      std: this.n > 0 ? Math.sqrt(this.m2 / this.n) : 0,
      quantiles, histogram: histogramOf(items, this.min, this.max, this.n),
      kll: this.kll.toState(), sample: [...this.sample.values],
    };
  }

  /** An accumulator standing for stored statistics (to merge them). */
  static fromStats(s: NumericStats): NumericAccumulator {
    const acc = new NumericAccumulator(KllSketch.fromState(s.kll), Reservoir.restore(s.sample, s.count));
    acc.n = s.count;
    acc.mean = s.mean;
    acc.m2 = s.std * s.std * s.count;
    acc.min = s.min;
    acc.max = s.max;
    return acc;
  }

  /** Folds `o` in (Chan et al.'s pairwise update of mean and sum of squares). */
  merge(o: NumericAccumulator): void {
    this.flush();
    o.flush();
    if (o.n === 0) return;
    const n = this.n + o.n;
    const d = o.mean - this.mean;
    const sample = mergeSamples(this.sample.values, this.n, o.sample.values, o.n);
    this.m2 += o.m2 + (d * d * this.n * o.n) / n;
    this.mean += (d * o.n) / n;
    this.n = n;
    this.min = Math.min(this.min, o.min);
    this.max = Math.max(this.max, o.max);
    this.kll.merge(o.kll);
    this.sample = Reservoir.restore(sample, n);
  }
}

/**
 * An equal-width histogram of weighted items over [min, max] with numpy's bin rule (each bin
 * half-open, the last closed); exact while the sketch holds every value. Counts are scaled to `n`.
 */
export function histogramOf(items: WeightedItems, min: number, max: number, n: number, bins = HISTOGRAM_BINS): Histogram {
  if (n === 0 || items.values.length === 0) return { edges: [], counts: [] };
  const lo = min;
  const hi = max > min ? max : min + 1;
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  const counts = new Array<number>(bins).fill(0);
  let prev = 0;
  for (let i = 0; i < items.values.length; i++) {
    const v = items.values[i] as number;
    const w = (items.cumulative[i] as number) - prev;
    prev = items.cumulative[i] as number;
    const b = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
    counts[b] = (counts[b] as number) + w;
  }
  const scale = n / items.total;
  return { edges, counts: counts.map((c) => Math.round(c * scale)) };
}
