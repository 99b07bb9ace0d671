// Downsampling a series for charts: min/max buckets over the points in logging order, so every
// extreme stays visible and non-finite values (NaN, ±Infinity) are shown rather than dropped.

/** A metric series as returned to front ends (columnar, ready for a chart). */
export interface Series {
  readonly metric: string;
  /** Number of points in the whole series (before downsampling). */
  readonly total: number;
  /** Step of each point (NaN when the writer gave none); for a bucket, its last point's. */
  readonly steps: Float64Array;
  /** Wall-clock time in ms; for a bucket, its last point's. */
  readonly times: Float64Array;
  /** Value; for a bucket, its last point's (may be NaN or ±Infinity). */
  readonly values: Float64Array;
  /** Per bucket min and max when downsampled (else same as values). NaN is skipped, ±Infinity
   * counts as an extreme; a bucket of only NaN has NaN min and max. */
  readonly mins: Float64Array;
  readonly maxs: Float64Array;
  /** How many NaN values each bucket holds, so a NaN hidden inside a bucket still shows. */
  readonly nanCounts: Uint32Array;
  readonly downsampled: boolean;
  /** Problems met while reading (a damaged stored file that was worked around), for the user. */
  readonly warnings?: readonly string[];
}

/**
 * Builds a Series from interleaved (step, time, value) points, reduced to at most `maxPoints`
 * buckets of consecutive points. One pass, no allocation per point.
 */
export function downsample(metric: string, points: Float64Array, maxPoints: number = Infinity): Series {
  const total = Math.floor(points.length / 3);
  if (!(maxPoints >= 1)) throw new RangeError(`maxPoints must be at least 1, got ${maxPoints}`);
  const buckets = Math.min(total, Math.floor(maxPoints));
  const steps = new Float64Array(buckets);
  const times = new Float64Array(buckets);
  const values = new Float64Array(buckets);
  const nanCounts = new Uint32Array(buckets);
  if (buckets === total) {
    for (let i = 0; i < total; i++) {
      steps[i] = points[i * 3] as number;
      times[i] = points[i * 3 + 1] as number;
      const v = points[i * 3 + 2] as number;
      values[i] = v;
      if (Number.isNaN(v)) nanCounts[i] = 1;
    }
    return { metric, total, steps, times, values, mins: values, maxs: values, nanCounts, downsampled: false };
  }
  const mins = new Float64Array(buckets);
  const maxs = new Float64Array(buckets);
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * total) / buckets);
    const end = Math.floor(((b + 1) * total) / buckets);
    let lo = Infinity;
    let hi = -Infinity;
    let nans = 0;
    for (let i = start; i < end; i++) {
      const v = points[i * 3 + 2] as number;
      if (v !== v) nans++; // NaN
      else {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    const last = (end - 1) * 3;
    steps[b] = points[last] as number;
    times[b] = points[last + 1] as number;
    values[b] = points[last + 2] as number;
    mins[b] = nans === end - start ? NaN : lo;
    maxs[b] = nans === end - start ? NaN : hi;
    nanCounts[b] = nans;
  }
  return { metric, total, steps, times, values, mins, maxs, nanCounts, downsampled: true };
}
