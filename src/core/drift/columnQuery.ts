// Sorting and filtering the per-column verdicts of a drift report: the one implementation every
// front end uses (the Data Shift view's table asks the host, which calls these).
import { type ColumnDrift } from './types';

/** What the column table can be sorted by. */
export type DriftSortKey = 'name' | 'type' | 'test' | 'statistic' | 'pValue' | 'threshold' | 'verdict' | 'effect' | 'psi' | 'samples';

/** Every sort key (for guards and pickers). */
export const DRIFT_SORT_KEYS: readonly DriftSortKey[] = ['name', 'type', 'test', 'statistic', 'pValue', 'threshold', 'verdict', 'effect', 'psi', 'samples'];

/** Which verdicts a filter keeps. */
export type DriftVerdictFilter = 'all' | 'drifted' | 'stable' | 'untested';

/** Every verdict filter. */
export const DRIFT_VERDICT_FILTERS: readonly DriftVerdictFilter[] = ['all', 'drifted', 'stable', 'untested'];

/** A sort and a filter of the column table. */
export interface DriftColumnQuery {
  readonly sort: DriftSortKey;
  readonly descending: boolean;
  /** Kept when the column's name contains it (case-insensitive); empty keeps every column. */
  readonly text: string;
  readonly verdict: DriftVerdictFilter;
}

/** The order a report's table opens in: drifted columns first, the largest effect first among them. */
export const DEFAULT_DRIFT_QUERY: DriftColumnQuery = { sort: 'verdict', descending: true, text: '', verdict: 'all' };

/** The value a column sorts by: numbers and strings; undefined (no p-value, untested) sorts last either way. */
function sortValue(c: ColumnDrift, key: DriftSortKey): number | string | undefined {
  const tested = c.test !== 'none';
  switch (key) {
    case 'name': return c.name.toLowerCase();
    case 'type': return c.type;
    case 'test': return c.test;
    case 'statistic': return tested ? c.statistic : undefined;
    case 'pValue': return c.pValue;
    case 'threshold': return tested ? c.threshold : undefined;
    // Drifted above stable above untested; within a verdict, the larger effect first.
    case 'verdict': return (c.drifted ? 2 : tested ? 1 : 0) * 1e6 + Math.min(c.effectSize.value, 1e5);
    case 'effect': return tested ? c.effectSize.value : undefined;
    case 'psi': return tested ? c.psi : undefined;
    case 'samples': return Math.min(c.nReference, c.nCurrent);
  }
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/** True when `c` passes the query's filter. */
export function keepsColumn(c: ColumnDrift, q: Pick<DriftColumnQuery, 'text' | 'verdict'>): boolean {
  const text = q.text.trim().toLowerCase();
  if (text !== '' && !c.name.toLowerCase().includes(text)) return false;
  switch (q.verdict) {
    case 'all': return true;
    case 'drifted': return c.drifted;
    case 'stable': return !c.drifted && c.test !== 'none';
    case 'untested': return c.test === 'none';
  }
}

/** Indices into `columns` of the ones the query keeps, in its order (ties by name, then position). */
export function queryColumns(columns: readonly ColumnDrift[], q: DriftColumnQuery): number[] {
  const sign = q.descending ? -1 : 1;
  const keyed = columns.map((c, i) => ({ i, c, v: sortValue(c, q.sort) })).filter((x) => keepsColumn(x.c, q));
  keyed.sort((x, y) => {
    if (x.v === undefined || y.v === undefined) {
      if (x.v !== y.v) return x.v === undefined ? 1 : -1;
    } else {
      const d = compare(x.v, y.v);
      if (d !== 0 && !Number.isNaN(d)) return sign * d;
    }
    return x.c.name.localeCompare(y.c.name) || x.i - y.i;
  });
  return keyed.map((x) => x.i);
}
