// The statistics drift uses, each matching its scipy counterpart (golden values in
// test/fixtures/drift): two-sample Kolmogorov–Smirnov with the exact p-value, the chi-squared test of
// homogeneity, Wasserstein-1 between weighted samples, Jensen–Shannon distance, and PSI.
import { type WeightedItems } from '../profile/kll';
import { chiSquaredSurvival } from './special';

/** Sorted values with cumulative weights (a KLL sketch's items, or a raw sample with weight 1 each). */
export type Distribution = WeightedItems;

/** Unit weights over a sample, sorted. */
export function fromSample(sample: readonly number[]): Distribution {
  const values = Float64Array.from(sample).sort();
  return { values, cumulative: Float64Array.from(values, (_v, i) => i + 1), total: values.length };
}

/**
 * Walks the distinct values of both distributions in ascending order, calling `visit` with each value
 * and the two CDFs just after it: the one merge both KS and Wasserstein are computed from.
 */
function forEachCdfStep(a: Distribution, b: Distribution, visit: (x: number, fa: number, fb: number) => void): void {
  let i = 0;
  let j = 0;
  const na = a.values.length;
  const nb = b.values.length;
  while (i < na || j < nb) {
    const x = Math.min(i < na ? (a.values[i] as number) : Infinity, j < nb ? (b.values[j] as number) : Infinity);
    while (i < na && a.values[i] === x) i++;
    while (j < nb && b.values[j] === x) j++;
    visit(x, i === 0 ? 0 : (a.cumulative[i - 1] as number) / a.total, j === 0 ? 0 : (b.cumulative[j - 1] as number) / b.total);
  }
}

/** The largest gap between the two empirical CDFs (the KS statistic D). */
export function ksStatistic(a: Distribution, b: Distribution): number {
  let d = 0;
  forEachCdfStep(a, b, (_x, fa, fb) => {
    d = Math.max(d, Math.abs(fa - fb));
  });
  return d;
}

/**
 * The exact two-sided p-value P(D ≥ d) of the two-sample KS test for sample sizes m and n (no ties
 * assumed, as scipy's method="exact"): the share of the C(m+n, m) equally likely interleavings whose
 * lattice path leaves the band |i/m − j/n| < d. Dynamic programming over probabilities (O(m·n)):
 * the mass of paths still inside moves one step at a time, and the mass of each step that leaves the
 * band is summed, so a tiny p-value keeps its precision (no 1 − almost-1).
 */
export function ksExactPValue(d: number, m: number, n: number): number {
  if (m === 0 || n === 0) return 1;
  // D is a multiple of 1/lcm(m, n), so D·m·n is an integer: compare integers, no rounding.
  const h = Math.round(d * m * n);
  if (h <= 0) return 1;
  const inside = (i: number, j: number): boolean => Math.abs(i * n - j * m) < h;
  let out = 0;
  let row = new Float64Array(n + 1);
  row[0] = 1;
  for (let i = 0; i <= m; i++) {
    const next = new Float64Array(n + 1);
    for (let j = 0; j <= n; j++) {
      // Arrivals from the left within this row (from (i, j - 1)).
      if (j > 0) {
        const from = row[j - 1] as number;
        if (from > 0) {
          const p = from * ((n - j + 1) / (m + n - i - j + 1));
          if (inside(i, j)) row[j] = (row[j] as number) + p;
          else out += p;
        }
      }
    }
    if (i === m) break;
    for (let j = 0; j <= n; j++) {
      const from = row[j] as number;
      if (from === 0) continue;
      const p = from * ((m - i) / (m + n - i - j));
      if (inside(i + 1, j)) next[j] = p;
      else out += p;
    }
    row = next;
  }
  return Math.min(1, Math.max(0, out));
}

/** Wasserstein-1 distance: the area between the two CDFs (scipy.stats.wasserstein_distance). */
export function wasserstein(a: Distribution, b: Distribution): number {
  // Between two consecutive values the CDFs stay at what they were after the first of them.
  let area = 0;
  let prev = Number.NaN;
  let gap = 0;
  forEachCdfStep(a, b, (x, fa, fb) => {
    if (!Number.isNaN(prev)) area += gap * (x - prev);
    gap = Math.abs(fa - fb);
    prev = x;
  });
  return area;
}

/** Chi-squared test of homogeneity of two count vectors over the same categories (no Yates correction). */
export function chiSquared(ref: readonly number[], cur: readonly number[]): { statistic: number; dof: number; pValue: number; cramersV: number } {
  const keep = ref.map((r, k) => r + (cur[k] ?? 0) > 0);
  const r = ref.filter((_x, k) => keep[k]);
  const c = cur.filter((_x, k) => keep[k]);
  const nr = r.reduce((s, x) => s + x, 0);
  const nc = c.reduce((s, x) => s + x, 0);
  const total = nr + nc;
  if (r.length < 2 || nr === 0 || nc === 0) return { statistic: 0, dof: 0, pValue: 1, cramersV: 0 };
  let stat = 0;
  r.forEach((x, k) => {
    const col = x + (c[k] as number);
    const er = (nr * col) / total;
    const ec = (nc * col) / total;
    stat += (x - er) ** 2 / er + ((c[k] as number) - ec) ** 2 / ec;
  });
  const dof = r.length - 1;
  return { statistic: stat, dof, pValue: chiSquaredSurvival(stat, dof), cramersV: Math.sqrt(stat / total) };
}

/** Jensen–Shannon distance (natural log; scipy.spatial.distance.jensenshannon) of two count vectors. */
export function jensenShannon(ref: readonly number[], cur: readonly number[]): number {
  const sr = ref.reduce((s, x) => s + x, 0);
  const sc = cur.reduce((s, x) => s + x, 0);
  if (sr === 0 || sc === 0) return sr === sc ? 0 : 1;
  let js = 0;
  ref.forEach((x, k) => {
    const p = x / sr;
    const q = (cur[k] ?? 0) / sc;
    const m = (p + q) / 2;
    if (p > 0) js += p * Math.log(p / m);
    if (q > 0) js += q * Math.log(q / m);
  });
  return Math.sqrt(Math.max(0, js / 2));
}

/** Share used in place of an empty bin, so PSI stays finite (Evidently's convention). */
export const PSI_EMPTY_SHARE = 0.0001;

/** Population stability index Σ (cur − ref)·ln(cur / ref) over bins given as count vectors. */
export function psi(ref: readonly number[], cur: readonly number[]): number {
  const sr = ref.reduce((s, x) => s + x, 0);
  const sc = cur.reduce((s, x) => s + x, 0);
  if (sr === 0 || sc === 0) return 0;
  let total = 0;
  ref.forEach((x, k) => {
    const p = x / sr || PSI_EMPTY_SHARE;
    const q = (cur[k] ?? 0) / sc || PSI_EMPTY_SHARE;
    total += (q - p) * Math.log(q / p);
  });
  return total;
}
