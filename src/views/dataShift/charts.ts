// The distributions the Data Shift view overlays per column: both sides' shares over common bins
// (numbers over equal-width bins spanning both sides' ranges, from the KLL sketches' CDFs; categories
// over the most frequent values of either side, the rest as "other"), so the two bar sets line up.
// A datetime column's bins (epoch milliseconds in its profile) are labelled as ISO dates.
import { formatEpochDate, formatMetric } from '../../core/present/format';
import { cdfOf, KllSketch } from '../../core/profile/kll';
import { type ColumnProfile } from '../../core/profile/types';
import { type DataShiftChart } from '../../protocol/dataShift';

/** Bins of a numeric column's overlaid histogram. */
export const SHIFT_BINS = 20;
/** Categories drawn per column; the rest are summed as "other". */
export const SHIFT_CATEGORIES = 12;

/** The label of the categories beyond SHIFT_CATEGORIES (parenthesised: no data value reads so). */
export const OTHER_LABEL = '(other)';

/**
 * How a datetime bin edge reads: core's ISO form of epoch milliseconds. Edges fall at fractions of
 * the range, so they are rounded to the second when bins are a second wide or more (a label does not
 * need the milliseconds a bin cannot resolve).
 */
function dateEdge(range: number): (ms: number) => string {
  const step = range / SHIFT_BINS >= 1000 ? 1000 : 1;
  return (ms) => formatEpochDate(Math.round(ms / step) * step) || formatMetric(ms);
}

function numericChart(ref: ColumnProfile, cur: ColumnProfile): DataShiftChart | undefined {
  const a = ref.numeric;
  const b = cur.numeric;
  if (!a || !b || a.count === 0 || b.count === 0) return undefined;
  const lo = Math.min(a.min, b.min);
  const hi = Math.max(a.max, b.max);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return undefined;
  const bins = hi > lo ? SHIFT_BINS : 1;
  const edges = Array.from({ length: bins + 1 }, (_v, i) => (i === bins ? hi : lo + ((hi - lo) * i) / bins));
  const shares = (kll: typeof a.kll): number[] => {
    const items = KllSketch.fromState(kll).items();
    const cdf = edges.map((e, i) => (i === 0 ? 0 : i === bins ? 1 : cdfOf(items, e)));
    return cdf.slice(1).map((v, i) => Math.max(0, v - (cdf[i] as number)));
  };
  const label = ref.type === 'datetime' && cur.type === 'datetime' ? dateEdge(hi - lo) : formatMetric;
  const labels = edges.slice(1).map((e, i) => `${label(edges[i] as number)} – ${label(e)}`);
  return { kind: 'histogram', labels, reference: shares(a.kll), current: shares(b.kll) };
}

function categoryChart(ref: ColumnProfile, cur: ColumnProfile): DataShiftChart | undefined {
  const r = ref.categories;
  const c = cur.categories;
  if (!r || !c) return undefined;
  const total = (x: typeof r): number => x.top.reduce((s, t) => s + t.count, 0) + x.otherCount;
  const rt = total(r);
  const ct = total(c);
  if (rt === 0 && ct === 0) return undefined;
  const rs = new Map(r.top.map((t) => [t.value, rt === 0 ? 0 : t.count / rt]));
  const cs = new Map(c.top.map((t) => [t.value, ct === 0 ? 0 : t.count / ct]));
  const keys = [...new Set([...rs.keys(), ...cs.keys()])]
    .sort((x, y) => Math.max(rs.get(y) ?? 0, cs.get(y) ?? 0) - Math.max(rs.get(x) ?? 0, cs.get(x) ?? 0) || x.localeCompare(y));
  const shown = keys.slice(0, SHIFT_CATEGORIES);
  const reference = shown.map((k) => rs.get(k) ?? 0);
  const current = shown.map((k) => cs.get(k) ?? 0);
  const rest = (xs: number[]): number => Math.max(0, 1 - xs.reduce((s, v) => s + v, 0));
  const labels = [...shown];
  if (keys.length > shown.length || r.otherCount > 0 || c.otherCount > 0) {
    labels.push(OTHER_LABEL);
    reference.push(rt === 0 ? 0 : rest(reference));
    current.push(ct === 0 ? 0 : rest(current));
  }
  return { kind: 'bars', labels, reference, current };
}

/**
 * The chart of one column present on both sides: a histogram when the column was tested as numbers
 * (or both sides have numeric statistics and no categories), else bars of its categories.
 */
export function columnChart(ref: ColumnProfile, cur: ColumnProfile, test: string): DataShiftChart | undefined {
  if (test === 'ks' || test === 'wasserstein') return numericChart(ref, cur);
  if (test === 'chi-squared' || test === 'jensen-shannon') return categoryChart(ref, cur);
  if (ref.type === 'text' || ref.type === 'empty') return undefined; // mostly distinct values: bars say nothing
  return numericChart(ref, cur) ?? categoryChart(ref, cur);
}
