// The Run Detail webview's wire protocol: what the host sends (a snapshot after `ready`, then
// incremental updates: points and log lines are appended, never resent whole) and what the page may
// ask for. Every message is checked by its guard on receipt; run data travels as plain strings.
import { hasType, isArrayOf, isBoolean, isNumber, isOneOf, isRecord, isString, isStringArray } from './guards';
import { isReproductionMessage, type ReproductionMessage } from './reproduction';

/** Run actions the page may request; the host maps each to its own command (never an id from the page). */
export const RUN_ACTIONS = [
  'star', 'unstar', 'tag', 'rename', 'note', 'openLog', 'openFolder', 'copyId', 'copyCommit',
  'stop', 'rerun', 'delete', 'compare', 'reproduce',
] as const;
/** One of {@link RUN_ACTIONS}. */
export type RunAction = (typeof RUN_ACTIONS)[number];

/** One labelled value (a param, an env override, a version): both sides are text. */
export interface Entry {
  readonly key: string;
  readonly value: string;
}

/** One metric's summary row; numbers are preformatted by the host (NaN and ±Infinity included). */
export interface MetricRow {
  readonly name: string;
  readonly count: number;
  readonly last: string;
  readonly min: string;
  readonly max: string;
  /** The best value by the metric's goal (declared for the primary, else from its name, as Compare judges it); null without a goal. */
  readonly best: string | null;
  readonly primary: boolean;
  readonly nonFinite: number;
}

/** The header and every text section of the page: what the run manifest says, as text. */
export interface RunInfo {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly live: boolean;
  readonly experiment: string | null;
  readonly command: string;
  readonly cwd: string;
  /** ISO time the run started (or was created); the page shows it in the user's local time. */
  readonly started: string;
  /** The same as a relative time ("5 m ago"), formatted by the host. */
  readonly startedAgo: string;
  readonly duration: string;
  readonly error: string | null;
  readonly starred: boolean;
  readonly tags: readonly string[];
  readonly note: string;
  readonly reproducedFrom: string | null;
  readonly params: readonly Entry[];
  readonly env: readonly Entry[];
  readonly environment: readonly Entry[];
  readonly goal: string | null;
  readonly metrics: readonly MetricRow[];
  readonly badMetricLines: number;
}

/** A dataset or output of the run. */
export interface DataRow {
  readonly spec: string;
  readonly hash: string;
  readonly files: number;
  readonly size: string;
  /** "missing", "2 unreadable files"...: empty when all is well. */
  readonly problem: string;
}

/** Datasets and outputs, or why there are none. */
export interface DataInfo {
  readonly datasets: readonly DataRow[];
  readonly outputs: readonly DataRow[];
  readonly warnings: readonly string[];
  /** Set when nothing is shown: why (no record, hashing off). */
  readonly message: string | null;
}

/** A file the run's snapshot changed relative to its commit. */
export interface ChangedFile {
  readonly path: string;
  readonly kind: 'modified' | 'untracked';
  /** False when the diff cannot be opened (no snapshot, file left out of it). */
  readonly diffable: boolean;
}

/** The run's code link, or why there is none. */
export interface GitInfo {
  readonly commit: string | null;
  readonly branch: string | null;
  readonly dirty: boolean;
  readonly remote: string | null;
  readonly snapshot: string | null;
  readonly changed: readonly ChangedFile[];
  /** Why parts are missing (no git, no repository, no code link), one sentence each. */
  readonly notes: readonly string[];
}

/** A chart's points: steps (NaN as null: no step) and values (non-finite as null: a gap). */
export interface SeriesData {
  readonly metric: string;
  readonly total: number;
  readonly steps: readonly (number | null)[];
  readonly values: readonly (number | null)[];
  readonly downsampled: boolean;
}

/** The whole page, sent after `ready` (and when the panel switches to another run). */
export interface SnapshotMessage {
  readonly type: 'snapshot';
  readonly folder: string;
  readonly pinned: boolean;
  readonly run: RunInfo;
  readonly git: GitInfo;
  readonly data: DataInfo;
  readonly series: readonly SeriesData[];
  readonly log: readonly string[];
  /** A note above the log (e.g. "the first 3.2 MB are not shown"), or ''. */
  readonly logNote: string;
}

/** The manifest changed (status, summaries, name...): the header and text sections are redrawn. */
export interface RunChangedMessage {
  readonly type: 'runChanged';
  readonly run: RunInfo;
  readonly data: DataInfo;
}

/** New points of a live run, per metric (appended to the charts). */
export interface AppendPointsMessage {
  readonly type: 'appendPoints';
  readonly series: readonly SeriesData[];
}

/** New log lines of a live run (the page keeps a bounded tail). */
export interface AppendLogMessage {
  readonly type: 'appendLog';
  readonly lines: readonly string[];
}

/** The run was deleted (or its folder closed) while the panel was open. */
export interface RunGoneMessage {
  readonly type: 'runGone';
  readonly message: string;
}

/** Host → webview. */
export type ToRunDetail = SnapshotMessage | RunChangedMessage | AppendPointsMessage | AppendLogMessage | RunGoneMessage | ReproductionMessage;

/** Webview → host. */
export type FromRunDetail =
  | { readonly type: 'ready' }
  | { readonly type: 'runAction'; readonly action: RunAction }
  | { readonly type: 'openDiff'; readonly path: string }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'pin' };

/** What the page keeps across hiding and reloads (getState/setState); the serializer reads it too. */
export interface RunDetailState {
  readonly folder: string;
  readonly id: string;
  readonly pinned: boolean;
  readonly scrollY: number;
  readonly collapsed: readonly string[];
}

/** How many log lines the page keeps (older ones scroll away). */
export const LOG_TAIL_LINES = 500;

/** Checks a message from the webview. */
export function isFromRunDetail(m: unknown): m is FromRunDetail {
  if (!hasType(m, ['ready', 'runAction', 'openDiff', 'copy', 'pin'])) return false;
  switch (m.type) {
    case 'runAction': return isOneOf(m.action, RUN_ACTIONS);
    case 'openDiff': return isString(m.path) && m.path.length > 0 && m.path.length < 4096;
    case 'copy': return isString(m.text) && m.text.length < 4096;
    case 'ready': case 'pin': return true;
  }
}

const isNullableString = (v: unknown): v is string | null => v === null || isString(v);
const isNullableNumber = (v: unknown): v is number | null => v === null || isNumber(v);
const isEntry = (v: unknown): v is Entry => isRecord(v) && isString(v.key) && isString(v.value);

function isMetricRow(v: unknown): v is MetricRow {
  return isRecord(v) && isString(v.name) && isNumber(v.count) && isString(v.last) && isString(v.min) && isString(v.max)
    && isNullableString(v.best) && isBoolean(v.primary) && isNumber(v.nonFinite);
}

function isRunInfo(v: unknown): v is RunInfo {
  return isRecord(v) && isString(v.id) && isString(v.name) && isString(v.status) && isBoolean(v.live)
    && isNullableString(v.experiment) && isString(v.command) && isString(v.cwd) && isString(v.started) && isString(v.startedAgo) && isString(v.duration)
    && isNullableString(v.error) && isBoolean(v.starred) && isStringArray(v.tags) && isString(v.note)
    && isNullableString(v.reproducedFrom) && isArrayOf(v.params, isEntry) && isArrayOf(v.env, isEntry)
    && isArrayOf(v.environment, isEntry) && isNullableString(v.goal) && isArrayOf(v.metrics, isMetricRow) && isNumber(v.badMetricLines);
}

const isDataRow = (v: unknown): v is DataRow =>
  isRecord(v) && isString(v.spec) && isString(v.hash) && isNumber(v.files) && isString(v.size) && isString(v.problem);

function isDataInfo(v: unknown): v is DataInfo {
  return isRecord(v) && isArrayOf(v.datasets, isDataRow) && isArrayOf(v.outputs, isDataRow) && isStringArray(v.warnings) && isNullableString(v.message);
}

const isChangedFile = (v: unknown): v is ChangedFile =>
  isRecord(v) && isString(v.path) && isOneOf(v.kind, ['modified', 'untracked'] as const) && isBoolean(v.diffable);

function isGitInfo(v: unknown): v is GitInfo {
  return isRecord(v) && isNullableString(v.commit) && isNullableString(v.branch) && isBoolean(v.dirty) && isNullableString(v.remote)
    && isNullableString(v.snapshot) && isArrayOf(v.changed, isChangedFile) && isStringArray(v.notes);
}

function isSeriesData(v: unknown): v is SeriesData {
  return isRecord(v) && isString(v.metric) && isNumber(v.total) && isArrayOf(v.steps, isNullableNumber)
    && isArrayOf(v.values, isNullableNumber) && v.steps.length === v.values.length && isBoolean(v.downsampled);
}

/** Checks a message from the host (the page trusts nothing it has not looked at). */
export function isToRunDetail(m: unknown): m is ToRunDetail {
  if (!hasType(m, ['snapshot', 'runChanged', 'appendPoints', 'appendLog', 'runGone', 'reproduction'])) return false;
  switch (m.type) {
    case 'snapshot':
      return isString(m.folder) && isBoolean(m.pinned) && isRunInfo(m.run) && isGitInfo(m.git) && isDataInfo(m.data)
        && isArrayOf(m.series, isSeriesData) && isStringArray(m.log) && isString(m.logNote);
    case 'runChanged': return isRunInfo(m.run) && isDataInfo(m.data);
    case 'appendPoints': return isArrayOf(m.series, isSeriesData);
    case 'appendLog': return isStringArray(m.lines);
    case 'runGone': return isString(m.message);
    case 'reproduction': return isReproductionMessage(m);
  }
}

/** Checks state restored by the page or handed to the serializer (it may come from an older version). */
export function isRunDetailState(s: unknown): s is RunDetailState {
  return isRecord(s) && isString(s.folder) && isString(s.id) && isBoolean(s.pinned) && isNumber(s.scrollY) && isStringArray(s.collapsed);
}
