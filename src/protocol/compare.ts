// The Compare Runs webview's wire protocol: a snapshot after the page says it is ready, then only
// increments (points a live run appended, a run whose record changed, runs that went away). Every
// message from the page is checked by isCompareFromWebview before the host acts on it.
import { hasType, isArrayOf, isBoolean, isNumber, isOneOf, isRecord, isString, isStringArray } from './guards';
import { isReproducesBadge, type ReproducesBadge } from './reproduction';

/** What the x axis of the curves shows. */
export type XAxisMode = 'step' | 'time' | 'relative';
export const X_AXIS_MODES: readonly XAxisMode[] = ['step', 'time', 'relative'];
/** Which direction of a metric is better. */
export type Goal = 'min' | 'max';
/** A param value as recorded. */
export type WireParam = string | number | boolean | null;
/** A metric value: JSON has no NaN or Infinity, so those travel as strings. */
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** One metric of one run, from the run's summary. */
export interface RunMetricStats {
  readonly metric: string;
  readonly last: WireNumber;
  /** The best finite value by the metric's goal; null when the goal is unknown or no value was finite. */
  readonly best: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly count: number;
}

/** The code a run used: its commit, and the snapshot holding its uncommitted changes. */
export interface CompareCode {
  /** Full SHA of HEAD; null outside a repository. */
  readonly commit: string | null;
  readonly branch: string | null;
  readonly dirty: boolean;
  /** The snapshot commit of a dirty working tree (what the run really ran), else null. */
  readonly snapshot: string | null;
}

/** A dataset a run read or an output it wrote, by its content hash. */
export interface CompareDataRef {
  readonly kind: 'dataset' | 'output';
  /** The path or glob as declared in runlens.yaml. */
  readonly spec: string;
  readonly hash: string;
}

/** One compared run. */
export interface CompareRun {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly experiment: string | null;
  /** A CSS hex colour, assigned by position in the comparison. */
  readonly color: string;
  /** Start time in ms since the epoch (relative-time axis origin); null while queued. */
  readonly startedAt: number | null;
  readonly params: Readonly<Record<string, WireParam>>;
  readonly stats: readonly RunMetricStats[];
  /** null: no code was recorded (not a git repository, or not started by runlens run). */
  readonly code: CompareCode | null;
  readonly data: readonly CompareDataRef[];
  /** Set on a reproduction: the run it reproduces and its verdict (shown as a badge). */
  readonly reproduces?: ReproducesBadge;
}

/** A metric of the comparison and which way is better. */
export interface MetricInfo {
  readonly name: string;
  /** null: neither runlens.yaml nor the metric's name says. */
  readonly goal: Goal | null;
  /** The primary metric of the runs' experiment. */
  readonly primary: boolean;
}

/**
 * One run's curve of one metric, downsampled by the host (min/max buckets). Columns are
 * little-endian Float32 arrays in base64: compact (2 MB holds 200 runs × 5 metrics) and exact
 * enough for a chart. `time` is seconds after `t0` (ms since the epoch).
 */
export interface WireSeries {
  readonly runId: string;
  readonly metric: string;
  /** Points in the whole series before downsampling. */
  readonly total: number;
  readonly t0: number;
  readonly step: string;
  readonly time: string;
  readonly value: string;
  /** Per-bucket extremes; null when the series was not downsampled (each point is its own bucket). */
  readonly min: string | null;
  readonly max: string | null;
}

/** Points a live run appended to one metric since the last message (not downsampled). */
export interface AppendedPoints {
  readonly metric: string;
  readonly step: readonly (number | null)[];
  /** ms since the epoch. */
  readonly time: readonly number[];
  readonly value: readonly WireNumber[];
}

/** Host → webview: everything the page draws. */
export interface CompareSnapshot {
  readonly type: 'snapshot';
  /** The workspace folder (fsPath) the runs belong to; kept in the page's state for a reload. */
  readonly folder: string;
  readonly runs: readonly CompareRun[];
  readonly baseline: string | null;
  readonly metrics: readonly MetricInfo[];
  /** Every param name, sorted; `differing` lists those whose values are not equal in every run. */
  readonly params: readonly string[];
  readonly differing: readonly string[];
  readonly series: readonly WireSeries[];
  /** Most points any series was downsampled to (fewer when many runs share a chart). */
  readonly maxPoints: number;
  /** The runs look like a sweep: show parallel coordinates and the param/metric scatter. */
  readonly sweep: boolean;
  /** Things the user should know (a run that no longer exists, an unreadable series). */
  readonly notes: readonly string[];
}

/** Host → webview: a live run logged more points. */
export interface AppendPointsMessage {
  readonly type: 'appendPoints';
  readonly runId: string;
  readonly points: readonly AppendedPoints[];
}

/** Host → webview: a run's record changed (status, name, metric summaries); `metrics` is the full list again. */
export interface RunChangedMessage {
  readonly type: 'runChanged';
  readonly run: CompareRun;
  readonly metrics: readonly MetricInfo[];
}

/** Host → webview: runs were deleted (or moved to the trash). */
export interface RunsRemovedMessage {
  readonly type: 'runsRemoved';
  readonly ids: readonly string[];
}

/** Every message the host sends to the Compare webview. */
export type CompareToWebview = CompareSnapshot | AppendPointsMessage | RunChangedMessage | RunsRemovedMessage;

/** What the page keeps across hiding and reloads (and the panel serializer restores). */
/** A summary column of the metrics table. */
export type SummaryColumn = 'last' | 'best' | 'min' | 'max';
export const SUMMARY_COLUMNS: readonly SummaryColumn[] = ['last', 'best', 'min', 'max'];

/** The metrics table's sort: by run name (metric null) or one metric's summary column. */
export interface MetricsSort {
  readonly metric: string | null;
  readonly column: SummaryColumn | 'name';
  readonly direction: 'asc' | 'desc';
}

export interface CompareViewState {
  readonly folder: string;
  readonly ids: readonly string[];
  readonly baseline: string | null;
  readonly xAxis: XAxisMode;
  /** 0 (none) to 0.99, TensorBoard's exponential moving average weight. */
  readonly smoothing: number;
  readonly logScale: boolean;
  readonly onlyDiff: boolean;
  readonly scatterParam: string | null;
  readonly scatterMetric: string | null;
  /** The metrics table's summary columns per metric, in this order; absent (older state): all four. */
  readonly summaryColumns?: readonly SummaryColumn[];
  /** The metrics table's sort; absent or null: the order the runs were compared in. */
  readonly metricsSort?: MetricsSort | null;
}

/** Webview → host messages. */
export type CompareFromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'setRuns'; readonly ids: readonly string[] }
  | { readonly type: 'setBaseline'; readonly id: string }
  | { readonly type: 'pickRunsToAdd' }
  | { readonly type: 'exportCsv'; readonly table: 'params' | 'metrics'; readonly csv: string }
  | { readonly type: 'exportPng'; readonly metric: string; readonly dataUrl: string }
  | { readonly type: 'rendered'; readonly tablesMs: number; readonly firstChartMs: number; readonly runs: number }
  | { readonly type: 'viewState'; readonly state: CompareViewState };

const FROM_TYPES = ['ready', 'setRuns', 'setBaseline', 'pickRunsToAdd', 'exportCsv', 'exportPng', 'rendered', 'viewState'] as const;

/** Checks restored or posted view state (it may come from an older version of the page). */
export function isCompareViewState(v: unknown): v is CompareViewState {
  return isRecord(v) && isString(v.folder) && isStringArray(v.ids) && (v.baseline === null || isString(v.baseline))
    && isOneOf(v.xAxis, X_AXIS_MODES) && isNumber(v.smoothing) && v.smoothing >= 0 && v.smoothing < 1
    && isBoolean(v.logScale) && isBoolean(v.onlyDiff)
    && (v.scatterParam === null || isString(v.scatterParam)) && (v.scatterMetric === null || isString(v.scatterMetric))
    && (v.summaryColumns === undefined || isArrayOf(v.summaryColumns, (c): c is SummaryColumn => isOneOf(c, SUMMARY_COLUMNS)))
    && (v.metricsSort === undefined || v.metricsSort === null || isMetricsSort(v.metricsSort));
}

function isMetricsSort(v: unknown): v is MetricsSort {
  return isRecord(v) && (v.metric === null || isString(v.metric)) && (v.column === 'name' || isOneOf(v.column, SUMMARY_COLUMNS))
    && (v.direction === 'asc' || v.direction === 'desc');
}

/** Runtime check of a message from the Compare webview. */
export function isCompareFromWebview(v: unknown): v is CompareFromWebview {
  if (!hasType(v, FROM_TYPES)) return false;
  switch (v.type) {
    case 'ready':
    case 'pickRunsToAdd':
      return true;
    case 'setRuns':
      return isStringArray(v.ids);
    case 'setBaseline':
      return isString(v.id);
    case 'exportCsv':
      return isOneOf(v.table, ['params', 'metrics'] as const) && isString(v.csv);
    case 'exportPng':
      return isString(v.metric) && isString(v.dataUrl) && v.dataUrl.startsWith('data:image/png;base64,');
    case 'rendered':
      return isNumber(v.tablesMs) && isNumber(v.firstChartMs) && isNumber(v.runs);
    case 'viewState':
      return isCompareViewState(v.state);
  }
}

const isWireNumber = (x: unknown): x is WireNumber => isNumber(x) || isOneOf(x, ['NaN', 'Infinity', '-Infinity'] as const);
const isNullableNumber = (x: unknown): x is number | null => x === null || isNumber(x);
const isNullableString = (x: unknown): x is string | null => x === null || isString(x);
const isCode = (v: unknown): v is CompareCode =>
  isRecord(v) && isNullableString(v.commit) && isNullableString(v.branch) && isBoolean(v.dirty) && isNullableString(v.snapshot);
const isDataRef = (v: unknown): v is CompareDataRef =>
  isRecord(v) && isOneOf(v.kind, ['dataset', 'output'] as const) && isString(v.spec) && isString(v.hash);

function isRun(v: unknown): v is CompareRun {
  return isRecord(v) && isString(v.id) && isString(v.name) && isString(v.status) && (v.experiment === null || isString(v.experiment))
    && isString(v.color) && isNullableNumber(v.startedAt) && isRecord(v.params) && isArrayOf(v.stats, isStats)
    && (v.code === null || isCode(v.code)) && isArrayOf(v.data, isDataRef)
    && (v.reproduces === undefined || isReproducesBadge(v.reproduces));
}

function isStats(v: unknown): v is RunMetricStats {
  return isRecord(v) && isString(v.metric) && isWireNumber(v.last) && isNullableNumber(v.best) && isNullableNumber(v.min)
    && isNullableNumber(v.max) && isNumber(v.count);
}

function isMetricInfo(v: unknown): v is MetricInfo {
  return isRecord(v) && isString(v.name) && (v.goal === null || isOneOf(v.goal, ['min', 'max'] as const)) && isBoolean(v.primary);
}

function isSeries(v: unknown): v is WireSeries {
  return isRecord(v) && isString(v.runId) && isString(v.metric) && isNumber(v.total) && isNumber(v.t0) && isString(v.step)
    && isString(v.time) && isString(v.value) && (v.min === null || isString(v.min)) && (v.max === null || isString(v.max));
}

function isAppended(v: unknown): v is AppendedPoints {
  return isRecord(v) && isString(v.metric) && isArrayOf(v.step, isNullableNumber) && isArrayOf(v.time, isNumber)
    && isArrayOf(v.value, isWireNumber) && v.step.length === v.time.length && v.time.length === v.value.length;
}

/** Runtime check of a message from the host (the page checks what it receives, too). */
export function isCompareToWebview(v: unknown): v is CompareToWebview {
  if (!hasType(v, ['snapshot', 'appendPoints', 'runChanged', 'runsRemoved'] as const)) return false;
  switch (v.type) {
    case 'snapshot':
      return isString(v.folder) && isArrayOf(v.runs, isRun) && (v.baseline === null || isString(v.baseline))
        && isArrayOf(v.metrics, isMetricInfo) && isStringArray(v.params) && isStringArray(v.differing)
        && isArrayOf(v.series, isSeries) && isNumber(v.maxPoints) && isBoolean(v.sweep) && isStringArray(v.notes);
    case 'appendPoints':
      return isString(v.runId) && isArrayOf(v.points, isAppended);
    case 'runChanged':
      return isRun(v.run) && isArrayOf(v.metrics, isMetricInfo);
    case 'runsRemoved':
      return isStringArray(v.ids);
  }
}

/** The number a WireNumber stands for. */
export function fromWireNumber(v: WireNumber): number {
  return typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity;
}

/** A number as JSON can carry it. */
export function toWireNumber(v: number): WireNumber {
  return Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}
