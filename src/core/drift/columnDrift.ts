// Drift of one column between two profiles. The test follows Evidently's default choice: numbers
// with more than `fewUnique` distinct values get KS (both sides ≤ smallSample, on the exact values
// the profile keeps) or the Wasserstein distance over the reference's std; categories get
// chi-squared (small) or Jensen–Shannon. PSI is reported for every column.
import { cdfOf, KllSketch, quantileOf } from '../profile/kll';
import { type ColumnProfile, type NumericStats } from '../profile/types';
import { chiSquared, fromSample, jensenShannon, ksExactPValue, ksStatistic, psi, wasserstein, type Distribution } from './tests';
import { type ColumnDrift, type DriftOptions, type DriftTest } from './types';

/** Evidently's floor on the reference std when normalising the Wasserstein distance. */
const MIN_STD = 0.001;

function itemsOf(n: NumericStats): Distribution {
  return KllSketch.fromState(n.kll).items();
}

/** True when the sample holds every value of the column. */
function exactSample(n: NumericStats): boolean {
  return n.sample.length === n.count;
}

/** Category counts of both sides over the union of their categories (plus "other" when either has one). */
export function alignedCounts(ref: ColumnProfile, cur: ColumnProfile): { ref: number[]; cur: number[]; exact: boolean } {
  const r = new Map((ref.categories?.top ?? []).map((c) => [c.value, c.count]));
  const c = new Map((cur.categories?.top ?? []).map((x) => [x.value, x.count]));
  const keys = [...new Set([...r.keys(), ...c.keys()])];
  const rv = keys.map((k) => r.get(k) ?? 0);
  const cv = keys.map((k) => c.get(k) ?? 0);
  const ro = ref.categories?.otherCount ?? 0;
  const co = cur.categories?.otherCount ?? 0;
  if (ro > 0 || co > 0) { rv.push(ro); cv.push(co); }
  return { ref: rv, cur: cv, exact: ro === 0 && co === 0 };
}

/** PSI of numbers over ten bins at the reference's deciles. */
export function numericPsi(ref: Distribution, cur: Distribution): number {
  const edges = [...new Set([1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => quantileOf(ref, d / 10)))];
  const shares = (dist: Distribution): number[] => {
    const cdf = [0, ...edges.map((e) => cdfOf(dist, e)), 1];
    return cdf.slice(1).map((v, i) => v - (cdf[i] as number));
  };
  return psi(shares(ref), shares(cur));
}

function missingShare(c: ColumnProfile): number {
  const all = c.count + c.missing;
  return all === 0 ? 0 : c.missing / all;
}

/** The test `options` prescribe for a column of reference `ref`. */
export function chooseTest(ref: ColumnProfile, cur: ColumnProfile, options: DriftOptions): DriftTest {
  const forced = options.columns?.[ref.name]?.test;
  if (forced) return forced;
  if (ref.idLike === true) return 'none';
  const small = ref.count <= options.smallSample && cur.count <= options.smallSample;
  const numeric = (ref.type === 'numeric' || ref.type === 'datetime') && ref.numeric && cur.numeric;
  const fewValues = ref.distinctExact && ref.distinct <= options.fewUnique && ref.categories !== undefined;
  if (numeric && !fewValues) return small && exactSample(ref.numeric) && exactSample(cur.numeric) ? 'ks' : 'wasserstein';
  if (ref.type === 'text' || ref.type === 'empty' || !ref.categories || !cur.categories) return 'none';
  return small ? 'chi-squared' : 'jensen-shannon';
}

/** The verdict on a column present on both sides with the same type. */
export function columnDrift(ref: ColumnProfile, cur: ColumnProfile, options: DriftOptions): ColumnDrift {
  const test = chooseTest(ref, cur, options);
  const forced = options.columns?.[ref.name]?.threshold;
  const base = {
    name: ref.name, type: ref.type, test, nReference: ref.count, nCurrent: cur.count,
    missingShare: { reference: missingShare(ref), current: missingShare(cur) },
  };
  const counts = alignedCounts(ref, cur);
  const psiOfCounts = (): number => psi(counts.ref, counts.cur);
  if ((test === 'ks' || test === 'wasserstein') && ref.numeric && cur.numeric) {
    const rd = itemsOf(ref.numeric);
    const cd = itemsOf(cur.numeric);
    if (test === 'ks') {
      // Exact when both samples hold every value (always, unless a config forces KS on more).
      const a = fromSample(ref.numeric.sample);
      const b = fromSample(cur.numeric.sample);
      const d = ksStatistic(a, b);
      const p = ksExactPValue(d, a.total, b.total);
      const threshold = forced ?? options.pValue;
      return { ...base, statistic: d, pValue: p, threshold, drifted: p < threshold, effectSize: { name: 'KS D', value: d }, psi: numericPsi(a, b), exact: exactSample(ref.numeric) && exactSample(cur.numeric) };
    }
    const psiValue = numericPsi(rd, cd);
    const w = wasserstein(rd, cd) / Math.max(ref.numeric.std, MIN_STD);
    const threshold = forced ?? options.wasserstein;
    const exact = rd.total === ref.numeric.count && cd.total === cur.numeric.count && rd.values.length === rd.total && cd.values.length === cd.total;
    return { ...base, statistic: w, threshold, drifted: w >= threshold, effectSize: { name: 'Wasserstein / std', value: w }, psi: psiValue, exact };
  }
  if (test === 'chi-squared') {
    const t = chiSquared(counts.ref, counts.cur);
    const threshold = forced ?? options.pValue;
    return { ...base, statistic: t.statistic, pValue: t.pValue, threshold, drifted: t.pValue < threshold, effectSize: { name: "Cramér's V", value: t.cramersV }, psi: psiOfCounts(), exact: counts.exact };
  }
  if (test === 'jensen-shannon') {
    const js = jensenShannon(counts.ref, counts.cur);
    const threshold = forced ?? options.jensenShannon;
    return { ...base, statistic: js, threshold, drifted: js >= threshold, effectSize: { name: 'Jensen–Shannon distance', value: js }, psi: psiOfCounts(), exact: counts.exact };
  }
  return {
    ...base, test: 'none', statistic: 0, threshold: 0, drifted: false, effectSize: { name: 'none', value: 0 }, psi: 0, exact: true,
    note: options.columns?.[ref.name]?.test === 'none' ? 'left out by the configuration'
      : ref.idLike === true ? 'ID-like (unique, monotone integers: a row number or key): no distribution test; columns: {NAME: {test: ...}} forces one'
      : ref.type === 'text' ? 'free text (mostly distinct values): no distribution test' : 'no values to compare',
  };
}
