// The metric record: one line of a run's `metrics.jsonl`, the file protocol every writer uses
// (the Python client, stdout capture, any language appending JSON lines). Parsing is strict about
// shape and lenient about non-finite numbers, which Python's json module writes as bare tokens.
import { type MetricValue, type ParamValue } from '../model';
import { own } from '../dict';

/** One logged record: several metrics at one step and time. */
export interface MetricRecord {
  /** Wall-clock time in milliseconds since the Unix epoch. */
  readonly time: number;
  readonly step: number | null;
  readonly values: Readonly<Record<string, MetricValue>>;
  /**
   * Set on a params line (`{"t":..,"params":{..}}`, written by `runlens.log_params`): the params
   * the script reported; `values` is then empty. Readers that only chart metrics skip it.
   */
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** True on a summary line (`{"t":..,"summary":{..}}`): final values, also in `values`. */
  readonly summary?: boolean;
}

/** Why a line was rejected; the line itself is never thrown away silently, it is counted. */
export interface BadLine {
  readonly error: string;
}

const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: NaN, nan: NaN, Infinity: Infinity, inf: Infinity, '+inf': Infinity, '-Infinity': -Infinity, '-inf': -Infinity,
};

/** Longest metric name accepted; longer names are almost always a parsing accident. */
export const MAX_METRIC_NAME = 200;

/** Replaces bare NaN/Infinity tokens outside strings with quoted ones so JSON.parse accepts them. */
function quoteBareNonFinite(line: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      out += c;
      if (c === '\\') out += line[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') { inString = true; out += c; continue; }
    const rest = line.slice(i, i + 9);
    const token = ['-Infinity', 'Infinity', 'NaN'].find((t) => rest.startsWith(t));
    if (token) { out += `"${token}"`; i += token.length - 1; continue; }
    out += c;
  }
  return out;
}

/** Converts a JSON value to a metric value, or undefined when it is not one. */
export function toMetricValue(v: unknown): MetricValue | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return own(NON_FINITE, v);
  return undefined;
}

/** Encodes a value for JSON: non-finite numbers become the strings the parser accepts. */
export function encodeMetricValue(v: MetricValue): number | string {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/**
 * Parses one line of the file protocol:
 * `{"t": <unix seconds>, "step": <int, optional>, "metrics": {"<name>": <number|"NaN"|"Infinity"|"-Infinity">}}`.
 * `fallbackTime` (ms) is used when the line has no `t`.
 */
export function parseMetricRecord(line: string, fallbackTime: number): MetricRecord | BadLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    // Not JSON as is: tried once more with bare NaN/Infinity quoted.
    try {
      raw = JSON.parse(quoteBareNonFinite(line));
    } catch (e) {
      return { error: `not JSON: ${(e as Error).message}` };
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: 'not a JSON object' };
  const obj = raw as Record<string, unknown>;
  if (obj.metrics === undefined && isObject(obj.params)) return parseParamsLine(obj, fallbackTime);
  const summary = obj.metrics === undefined && isObject(obj.summary);
  const metrics = summary ? obj.summary : obj.metrics;
  if (!isObject(metrics)) return { error: 'no "metrics" object' };
  let step: number | null = null;
  if (obj.step !== undefined && obj.step !== null) {
    if (typeof obj.step !== 'number' || !Number.isFinite(obj.step)) return { error: '"step" is not a finite number' };
    step = obj.step;
  }
  const time = parseTime(obj.t, fallbackTime);
  if (typeof time !== 'number') return time;
  // A null prototype keeps a metric named __proto__ (or constructor) an ordinary key.
  const values = Object.create(null) as Record<string, MetricValue>;
  let count = 0;
  for (const [name, v] of Object.entries(metrics)) {
    if (name.length === 0 || name.length > MAX_METRIC_NAME) return { error: `bad metric name length ${name.length}` };
    const value = toMetricValue(v);
    if (value === undefined) return { error: `metric "${name}" is not a number` };
    values[name] = value;
    count++;
  }
  if (count === 0) return { error: 'empty "metrics" object' };
  return summary ? { time, step, values, summary: true } : { time, step, values };
}

/** Latest accepted `t`: the last second of year 9999, so every recorded time has an ISO 8601 form. */
export const MAX_TIME_S = 253_402_300_799;

/** True for a time (ms) a record may carry: from 1970 to the end of year 9999. */
export function isValidTimeMs(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms < (MAX_TIME_S + 1) * 1000;
}

/** ISO 8601 form of a record's time (ms), or undefined for one no record may carry (a damaged file). */
export function recordTimeIso(ms: number): string | undefined {
  return isValidTimeMs(ms) ? new Date(ms).toISOString() : undefined;
}

/** The record's time in ms from its `t` (Unix seconds), `fallback` without one, or why it is refused. */
function parseTime(t: unknown, fallback: number): number | BadLine {
  if (t === undefined || t === null) return fallback;
  if (typeof t !== 'number' || !isValidTimeMs(t * 1000)) return { error: '"t" is not a Unix time in seconds between 1970 and 9999' };
  return t * 1000;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A params line: scalars kept, anything nested kept as its JSON text (params are flat). */
function parseParamsLine(obj: Record<string, unknown>, fallbackTime: number): MetricRecord | BadLine {
  const time = parseTime(obj.t, fallbackTime);
  if (typeof time !== 'number') return time;
  const params = Object.create(null) as Record<string, ParamValue>; // a name may be __proto__
  for (const [name, v] of Object.entries(obj.params as Record<string, unknown>)) {
    if (name.length === 0 || name.length > MAX_METRIC_NAME) return { error: `bad param name length ${name.length}` };
    params[name] = v === null || ['string', 'number', 'boolean'].includes(typeof v) ? (v as ParamValue) : JSON.stringify(v);
  }
  return { time, step: null, values: Object.create(null) as Record<string, MetricValue>, params };
}

/** True when `parseMetricRecord` rejected the line. */
export function isBadLine(r: MetricRecord | BadLine): r is BadLine {
  return 'error' in r;
}

/** Serialises a record as one line of the file protocol (with trailing newline). */
export function formatMetricRecord(r: MetricRecord): string {
  const metrics = Object.create(null) as Record<string, number | string>;
  for (const [k, v] of Object.entries(r.values)) metrics[k] = encodeMetricValue(v);
  return `${JSON.stringify({ t: r.time / 1000, step: r.step, metrics })}\n`;
}
