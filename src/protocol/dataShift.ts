// Messages between the extension host and the Data Shift webview (docs/data-shift.md#in-vs-code):
// the host sends a drift report with numbers already formatted and each column's distributions on
// common bins; the page asks for an order of the column table (sorted and filtered by the host,
// with core's rules), a refresh, or an export.
import { hasType, isArrayOf, isBoolean, isNumber, isOneOf, isRecord, isString } from './guards';

/** What the column table can be sorted by (core's DriftSortKey). */
export type DataShiftSortKey = 'name' | 'type' | 'test' | 'statistic' | 'pValue' | 'threshold' | 'verdict' | 'effect' | 'psi' | 'samples';
const SORT_KEYS: readonly DataShiftSortKey[] = ['name', 'type', 'test', 'statistic', 'pValue', 'threshold', 'verdict', 'effect', 'psi', 'samples'];

/** Which verdicts the table keeps (core's DriftVerdictFilter). */
export type DataShiftVerdictFilter = 'all' | 'drifted' | 'stable' | 'untested';
const VERDICT_FILTERS: readonly DataShiftVerdictFilter[] = ['all', 'drifted', 'stable', 'untested'];

/** A sort and filter of the column table. */
export interface DataShiftQuery {
  readonly sort: DataShiftSortKey;
  readonly descending: boolean;
  readonly text: string;
  readonly verdict: DataShiftVerdictFilter;
}

/** One side of the comparison. */
export interface DataShiftSide {
  readonly label: string;
  readonly sha256: string;
  readonly rows: number;
  readonly columns: number;
}

/** Shares of each side over common bins: numbers over equal-width bins, categories over their values. */
export interface DataShiftChart {
  readonly kind: 'histogram' | 'bars';
  /** One per bin: "0.5 – 1" for a histogram's bin, the value for a category. */
  readonly labels: readonly string[];
  /** Share of each side's values in each bin (0..1). */
  readonly reference: readonly number[];
  readonly current: readonly number[];
}

/** The verdict on one column, as the table shows it. */
export interface DataShiftColumn {
  readonly name: string;
  readonly type: string;
  /** "KS", "Wasserstein / std", "chi-squared", "Jensen–Shannon", "none". */
  readonly test: string;
  readonly statistic: string;
  /** The p-value of a test; absent for a distance. */
  readonly pValue?: string;
  /** "p < 0.05" or "≥ 0.1". */
  readonly threshold: string;
  readonly verdict: 'drifted' | 'stable' | 'untested';
  readonly nReference: number;
  readonly nCurrent: number;
  readonly effect: { readonly name: string; readonly value: string };
  readonly psi: string;
  readonly missing: { readonly reference: string; readonly current: string };
  /** False when computed from sketches (within the documented tolerance). */
  readonly exact: boolean;
  readonly note?: string;
  readonly chart?: DataShiftChart;
}

/** One file of a monitored folder judged on its own against the reference (a monitor over several files). */
export interface DataShiftFile {
  readonly path: string;
  readonly shifted: boolean;
  /** "shifted: 2 of 5 columns drifted (shifted from 50 %)". */
  readonly summary: string;
  readonly rows: number;
  /** Its drifted columns, each with its test, statistic, sample sizes and effect size. */
  readonly drifted: readonly Pick<DataShiftColumn, 'name' | 'test' | 'statistic' | 'pValue' | 'nReference' | 'nCurrent' | 'effect'>[];
}

/** The whole report as the page shows it. */
export interface DataShiftPayload {
  readonly title: string;
  readonly reference: DataShiftSide;
  readonly current: DataShiftSide;
  readonly shifted: boolean;
  /** "4 of 12 columns drifted (shifted at 50 %)". */
  readonly summary: string;
  readonly drifted: number;
  readonly total: number;
  readonly columns: readonly DataShiftColumn[];
  readonly schema: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly typeChanged: readonly { readonly name: string; readonly reference: string; readonly current: string }[];
  };
  /** Files of either side that could not be read, and why. */
  readonly problems: readonly string[];
  /** When the current side is several files: each one's own verdict (the report above is on them merged). */
  readonly files?: readonly DataShiftFile[];
  /** When it was checked, as the page shows it. */
  readonly checkedAt: string;
}

/** Host -> page. `order` lists indices into `columns` as the query sorts and filters them. */
export type ToDataShift =
  | { readonly type: 'loading'; readonly title: string }
  | { readonly type: 'report'; readonly report: DataShiftPayload; readonly query: DataShiftQuery; readonly order: readonly number[] }
  | { readonly type: 'order'; readonly query: DataShiftQuery; readonly order: readonly number[] }
  | { readonly type: 'error'; readonly message: string };

/** Page -> host. */
export type FromDataShift =
  | { readonly type: 'ready' }
  | { readonly type: 'refresh' }
  | { readonly type: 'query'; readonly query: DataShiftQuery }
  | { readonly type: 'export'; readonly format: 'json' | 'csv' };

/** Guards a query. */
export function isDataShiftQuery(q: unknown): q is DataShiftQuery {
  return isRecord(q) && isOneOf(q.sort, SORT_KEYS) && isBoolean(q.descending) && isString(q.text) && isOneOf(q.verdict, VERDICT_FILTERS);
}

/** Guards what the page sends. */
export function isFromDataShift(m: unknown): m is FromDataShift {
  if (!hasType(m, ['ready', 'refresh', 'query', 'export'])) return false;
  if (m.type === 'query') return isDataShiftQuery(m.query);
  if (m.type === 'export') return isOneOf(m.format, ['json', 'csv'] as const);
  return true;
}

function isOrder(v: unknown): v is number[] {
  return isArrayOf(v, isNumber);
}

function isPayload(r: unknown): r is DataShiftPayload {
  return isRecord(r) && isString(r.title) && isBoolean(r.shifted) && isString(r.summary) && Array.isArray(r.columns)
    && isRecord(r.reference) && isRecord(r.current) && isRecord(r.schema) && Array.isArray(r.problems)
    && (r.files === undefined || isArrayOf(r.files, isFile));
}

function isFile(f: unknown): f is DataShiftFile {
  return isRecord(f) && isString(f.path) && isBoolean(f.shifted) && isString(f.summary) && isNumber(f.rows)
    && isArrayOf(f.drifted, isDriftedColumn);
}

function isDriftedColumn(c: unknown): c is DataShiftFile['drifted'][number] {
  return isRecord(c) && isString(c.name) && isString(c.test) && isString(c.statistic) && (c.pValue === undefined || isString(c.pValue))
    && isNumber(c.nReference) && isNumber(c.nCurrent) && isRecord(c.effect) && isString(c.effect.name) && isString(c.effect.value);
}

/** Guards what the host sends (the page checks before rendering). */
export function isToDataShift(m: unknown): m is ToDataShift {
  if (!hasType(m, ['loading', 'report', 'order', 'error'])) return false;
  switch (m.type) {
    case 'loading': return isString(m.title);
    case 'error': return isString(m.message);
    case 'order': return isDataShiftQuery(m.query) && isOrder(m.order);
    case 'report': return isPayload(m.report) && isDataShiftQuery(m.query) && isOrder(m.order);
  }
}
