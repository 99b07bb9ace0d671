// Streaming statistics of the numbers of one column: count, min, max, mean and variance by Welford's
// update (merged by Chan et al.'s formula), quantiles from a KLL sketch, a reservoir sample, and the
// stored form with quantiles and a histogram read off the sketch.
import { KllSketch, quantileOf, type WeightedItems } from './kll';
import { mergeSamples, Reservoir } from './reservoir';
import { HISTOGRAM_BINS, QUANTILE_LEVELS, type Histogram, type NumericStats } from './types';

/** Accumulates the numbers of one column. */
export class NumericAccumulator {
  n = 0;
  mean = 0;
  m2 = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  readonly kll: KllSketch;
  sample: Reservoir;

  constructor(kll = new KllSketch(), sample = new Reservoir()) {
    this.kll = kll;
    this.sample = sample;
  }

  /** Adds one finite number. */
  add(x: number): void {
    const n = ++this.n;
    const d = x - this.mean;
    this.mean += d / n;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    this.kll.add(x);
    this.sample.add(x);
  }

  /** The stored statistics. */
  toStats(): NumericStats {
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
