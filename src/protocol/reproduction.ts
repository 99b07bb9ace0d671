// How a run fared in reproduction, as the webviews show it: Run Detail's verdict section (each
// metric compared, the tolerance, the outputs' hashes, the deviations) and Compare's badge on a
// reproduction. Values are preformatted text; a guard checks every message on receipt.
import { isArrayOf, isBoolean, isNumber, isOneOf, isRecord, isString, isStringArray } from './guards';

/** One metric, original against reproduction. */
export interface VerdictMetricRow {
  readonly name: string;
  /** Final, min and max of each side, preformatted ("–" when not logged). */
  readonly original: string;
  readonly reproduced: string;
  /** "exact", "abs 0.001", "rel 1e-6"... */
  readonly tolerance: string;
  readonly same: boolean;
  /** Why it differs, e.g. "final 0.231 vs 0.244"; '' when the same. */
  readonly detail: string;
}

/** One output by hash (full hashes; the page shortens them). */
export interface VerdictOutputRow {
  readonly spec: string;
  readonly original: string | null;
  readonly reproduced: string | null;
  /** Null: not compared (a side recorded no hash). */
  readonly same: boolean | null;
}

/** A run in a reproduction pair: its id and name. */
export interface RunRef {
  readonly id: string;
  readonly name: string;
}

/**
 * The verdict as shown for `role`: on a reproduction (its own verdict, or null while it has none
 * yet) or on an original (the verdict of its newest judged reproduction).
 */
export interface ReproductionInfo {
  readonly role: 'reproduction' | 'original';
  readonly original: RunRef;
  readonly reproduction: RunRef;
  readonly verdict: 'reproduced' | 'diverged' | null;
  /** "reproduced: 3 metric(s) identical, outputs identical", or why there is no verdict yet. */
  readonly headline: string;
  /** How many judged reproductions the original has (1 on a reproduction). */
  readonly count: number;
  readonly metrics: readonly VerdictMetricRow[];
  readonly outputs: readonly VerdictOutputRow[];
  /** "same hashes as the original", "DIFFERENT from the original", or null (nothing to compare). */
  readonly datasets: string | null;
  readonly deviations: readonly string[];
  readonly reasons: readonly string[];
}

/** Host → Run Detail: the verdict section (null: the run has nothing to do with reproduction). */
export interface ReproductionMessage {
  readonly type: 'reproduction';
  readonly info: ReproductionInfo | null;
}

/** Compare's badge on a reproduction: which run it reproduces and how it came out (null: not judged yet). */
export interface ReproducesBadge {
  readonly originalId: string;
  readonly originalName: string;
  readonly verdict: 'reproduced' | 'diverged' | null;
}

/** Checks a ReproducesBadge. */
export function isReproducesBadge(v: unknown): v is ReproducesBadge {
  return isRecord(v) && isString(v.originalId) && isString(v.originalName)
    && (v.verdict === null || isOneOf(v.verdict, ['reproduced', 'diverged'] as const));
}

const isNullableString = (v: unknown): v is string | null => v === null || isString(v);
const isRunRef = (v: unknown): v is RunRef => isRecord(v) && isString(v.id) && isString(v.name);

const isMetricRow = (v: unknown): v is VerdictMetricRow => isRecord(v) && isString(v.name) && isString(v.original)
  && isString(v.reproduced) && isString(v.tolerance) && isBoolean(v.same) && isString(v.detail);

const isOutputRow = (v: unknown): v is VerdictOutputRow => isRecord(v) && isString(v.spec) && isNullableString(v.original)
  && isNullableString(v.reproduced) && (v.same === null || isBoolean(v.same));

/** Checks a ReproductionInfo from the host. */
export function isReproductionInfo(v: unknown): v is ReproductionInfo {
  return isRecord(v) && isOneOf(v.role, ['reproduction', 'original'] as const) && isRunRef(v.original) && isRunRef(v.reproduction)
    && (v.verdict === null || isOneOf(v.verdict, ['reproduced', 'diverged'] as const)) && isString(v.headline) && isNumber(v.count)
    && isArrayOf(v.metrics, isMetricRow) && isArrayOf(v.outputs, isOutputRow) && isNullableString(v.datasets)
    && isStringArray(v.deviations) && isStringArray(v.reasons);
}

/** Checks a ReproductionMessage. */
export function isReproductionMessage(m: unknown): m is ReproductionMessage {
  return isRecord(m) && m.type === 'reproduction' && (m.info === null || isReproductionInfo(m.info));
}
