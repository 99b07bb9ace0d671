// The derived binary series of one run (`series/` in a run dir): per-metric files of Float64
// triples (step, time ms, value) plus `state.json`, which says how much of metrics.jsonl they hold.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { type MetricSummary, type ParamValue } from '../model';
import { toMetricValue } from '../metrics/record';
import { writeFileAtomic } from '../fs/atomic';
import { nonFiniteReplacer } from '../store/manifest';

/** Bytes per point: three little-endian Float64 (step or NaN when absent, time in ms, value). */
export const POINT_BYTES = 24;
/** Version of the series files; a mismatch makes readers rebuild them from metrics.jsonl. */
export const SERIES_FORMAT = 1;

/** One metric's file and how many points of it are valid. */
export interface SeriesEntry {
  readonly name: string;
  /** File name inside `series/`: an ordinal (`3.f64`), never derived from the metric name. */
  file: string;
  count: number;
  summary: MetricSummary;
}

/** Contents of `series/state.json`. */
export interface SeriesState {
  format: number;
  /** Bytes of metrics.jsonl already folded into the series files (always at a line boundary). */
  offset: number;
  /** Lines of metrics.jsonl that could not be parsed. */
  bad: number;
  /** Bad lines reported by the supervisor from other sources (stdout capture, regex). */
  reportedBad: number;
  nextFile: number;
  /** An array, not an object keyed by name: metric names are arbitrary (even `__proto__`). */
  metrics: SeriesEntry[];
  /** Params lines (`runlens.log_params`) folded so far, as [name, value] in first-seen order. */
  params: [string, ParamValue][];
}

/** Directory of the series of the run in `runDir`. */
export function seriesDir(runDir: string): string {
  return join(runDir, 'series');
}

/** An empty state: nothing folded in yet. */
export function emptyState(): SeriesState {
  return { format: SERIES_FORMAT, offset: 0, bad: 0, reportedBad: 0, nextFile: 0, metrics: [], params: [] };
}

/** Reads state.json; undefined when missing, corrupt or of another series format (=> rebuild). */
export async function loadState(runDir: string): Promise<SeriesState | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fsp.readFile(join(seriesDir(runDir), 'state.json'), 'utf8'));
  } catch {
    // Missing or damaged state: the series is rebuilt from metrics.jsonl.
    return undefined;
  }
  const s = raw as Partial<SeriesState> | null;
  if (!s || s.format !== SERIES_FORMAT || typeof s.offset !== 'number' || !Array.isArray(s.metrics)) {
    return undefined;
  }
  if (s.params !== undefined && (!Array.isArray(s.params) || !s.params.every((p) => Array.isArray(p) && typeof p[0] === 'string'))) {
    return undefined;
  }
  for (const entry of s.metrics) {
    if (typeof entry?.name !== 'string' || typeof entry.count !== 'number' || typeof entry.summary !== 'object') return undefined;
    const last = entry.summary.last as unknown;
    if (typeof last === 'string') (entry.summary as { last: number }).last = toMetricValue(last) ?? NaN;
    if (!/^\d+\.f64$/.test(entry.file)) return undefined; // a file name must never point elsewhere
  }
  return { ...emptyState(), ...s };
}

/** Replaces state.json atomically. Not fsynced: the series are derived and rebuilt if lost. */
export async function saveState(runDir: string, state: SeriesState): Promise<void> {
  await writeFileAtomic(join(seriesDir(runDir), 'state.json'), JSON.stringify(state, nonFiniteReplacer), { durable: false });
}

/** Folds one value into a running summary (null when the metric had none yet). */
export function foldSummary(s: MetricSummary | undefined, step: number | null, value: number): MetricSummary {
  const finite = Number.isFinite(value);
  if (!s) {
    return { count: 1, last: value, lastStep: step, min: finite ? value : null, max: finite ? value : null, nonFinite: finite ? 0 : 1 };
  }
  return {
    count: s.count + 1,
    last: value,
    lastStep: step,
    min: finite ? (s.min === null ? value : Math.min(s.min, value)) : s.min,
    max: finite ? (s.max === null ? value : Math.max(s.max, value)) : s.max,
    nonFinite: s.nonFinite + (finite ? 0 : 1),
  };
}

/**
 * Reads the first `count` points of a series file into one interleaved array, or undefined when
 * the file is shorter than the state says (lost data: the caller rebuilds).
 */
export async function readPoints(runDir: string, entry: SeriesEntry): Promise<Float64Array | undefined> {
  const bytes = entry.count * POINT_BYTES;
  const out = new Float64Array(entry.count * 3);
  if (bytes === 0) return out;
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(join(seriesDir(runDir), entry.file), 'r');
  } catch {
    // A series file that is gone: the caller reads metrics.jsonl instead.
    return undefined;
  }
  try {
    const view = new Uint8Array(out.buffer);
    let read = 0;
    while (read < bytes) {
      const { bytesRead } = await fh.read(view, read, bytes - read, read);
      if (bytesRead === 0) return undefined;
      read += bytesRead;
    }
  } finally {
    await fh.close();
  }
  if (!littleEndian()) swapBytes(new Uint8Array(out.buffer));
  return out;
}

/** Encodes points as the little-endian bytes of a series file. */
export function encodePoints(points: Float64Array): Buffer {
  const buf = Buffer.from(points.buffer, points.byteOffset, points.byteLength);
  if (littleEndian()) return buf;
  const copy = Buffer.from(buf);
  swapBytes(copy);
  return copy;
}

function littleEndian(): boolean {
  return new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;
}

function swapBytes(bytes: Uint8Array): void {
  for (let i = 0; i + 8 <= bytes.length; i += 8) bytes.subarray(i, i + 8).reverse();
}
