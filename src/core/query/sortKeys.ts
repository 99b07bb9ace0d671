// The column sort's keys precomputed: each run's value in a column turned once into a class
// (number, text, missing) and a number (the value, or the text's rank by the collator), so sorting
// 10,000 runs compares typed arrays instead of values, and a front end that sorts the same runs
// again (the Runs Table's asc/desc) can keep the keys. The order is sortRunsByColumns's rule.
import { type ColumnValue } from './columns';

/** A present number or boolean, a present text, a missing (or null or non-finite) value. */
const NUMBER = 0;
const TEXT = 1;
const MISSING = 2;

/** One column's values as sort keys, by position. */
export interface SortColumn {
  /** NUMBER, TEXT or MISSING per position. */
  readonly kind: Uint8Array;
  /** The number (booleans as 0/1), or the text's rank among the column's texts (equal texts, by the collator, equal ranks). */
  readonly key: Float64Array;
}

/** Orders texts as the column sort does: numeric-aware, case- and accent-insensitive. */
export const textCollator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The sort keys of `values` (one per position). Each distinct text is ranked once, not compared per comparison. */
export function sortColumn(values: ArrayLike<ColumnValue>): SortColumn {
  const n = values.length;
  const kind = new Uint8Array(n).fill(MISSING);
  const key = new Float64Array(n);
  const texts = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === undefined || v === null) continue;
    if (typeof v === 'number' || typeof v === 'boolean') {
      const x = Number(v);
      if (!Number.isFinite(x)) continue;
      kind[i] = NUMBER;
      key[i] = x;
      continue;
    }
    kind[i] = TEXT;
    const text = String(v);
    const at = texts.get(text);
    if (at) at.push(i);
    else texts.set(text, [i]);
  }
  const sorted = [...texts.keys()].sort(textCollator.compare);
  let rank = 0;
  sorted.forEach((text, k) => {
    if (k > 0 && textCollator.compare(sorted[k - 1] as string, text) !== 0) rank++;
    for (const i of texts.get(text) ?? []) key[i] = rank;
  });
  return { kind, key };
}

/** One key of a sort over precomputed columns. */
export interface SortBy {
  readonly column: SortColumn;
  readonly direction: 'asc' | 'desc';
}

/**
 * `positions` sorted by `keys` (the first key first; later keys break ties), then by `tie` (a
 * number per position, larger first: newest first when it ranks run ids). Missing values last
 * whatever the direction; numbers before texts ascending, after them descending.
 */
export function sortPositions(positions: readonly number[], keys: readonly SortBy[], tie: ArrayLike<number>): number[] {
  const kinds = keys.map((k) => k.column.kind);
  const values = keys.map((k) => k.column.key);
  const signs = keys.map((k) => (k.direction === 'asc' ? 1 : -1));
  const out = [...positions];
  out.sort((a, b) => {
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[k] as Uint8Array;
      const ka = kind[a] as number;
      const kb = kind[b] as number;
      if (ka === MISSING || kb === MISSING) {
        if (ka !== kb) return ka === MISSING ? 1 : -1;
        continue;
      }
      const sign = signs[k] as number;
      if (ka !== kb) return (ka - kb) * sign;
      const value = values[k] as Float64Array;
      const c = ((value[a] as number) - (value[b] as number)) * sign;
      if (c !== 0) return c;
    }
    return (tie[b] as number) - (tie[a] as number);
  });
  return out;
}

/** The rank of each id among `ids` (byte order, as run ids sort by creation): the tie of {@link sortPositions}. */
export function idRanks(ids: readonly string[]): Float64Array {
  const order = ids.map((_, i) => i).sort((a, b) => {
    const ia = ids[a] as string;
    const ib = ids[b] as string;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  const ranks = new Float64Array(ids.length);
  let rank = 0;
  order.forEach((i, k) => {
    if (k > 0 && ids[order[k - 1] as number] !== ids[i]) rank++;
    ranks[i] = rank;
  });
  return ranks;
}
