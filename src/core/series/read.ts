// Reading one metric's series: the binary points state.json vouches for, plus whatever
// metrics.jsonl gained since the last ingest (parsed in memory), so a reader is never behind the
// source of truth even when the supervisor died before ingesting.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { ingestRun } from './ingest';
import { parseLines, readLines } from './jsonl';
import { downsample, type Series } from './downsample';
import { emptyState, loadState, readPoints, seriesDir, type SeriesState } from './state';
import { isValidTimeMs } from '../metrics/record';

/** Options of {@link readRunSeries}. */
export interface ReadSeriesOptions {
  /** Downsample to at most this many points (min/max buckets); all points when absent. */
  readonly maxPoints?: number;
  /** The run is over: stale series are caught up on disk (once), and a final partial line counts. */
  readonly terminal: boolean;
}

/** Reads the series of `metric` of the run in `runDir`. An unknown metric gives an empty series. */
export async function readRunSeries(runDir: string, metric: string, options: ReadSeriesOptions): Promise<Series> {
  const metricsPath = join(runDir, 'metrics.jsonl');
  let state = await loadState(runDir);
  if (options.terminal && (state === undefined || state.offset < (await fileSize(metricsPath)))) {
    // A finished run's series never change again: persist the catch-up so the next read is fast.
    // Not possible on a full or read-only disk: the tail below is then parsed in memory instead.
    state = (await ingestRun(runDir, { final: true }).catch(() => undefined))?.state ?? (await loadState(runDir));
  }
  let base: Float64Array | undefined;
  const warnings: string[] = [];
  const entry = state?.metrics.find((e) => e.name === metric);
  if (state && entry) base = await readPoints(runDir, entry);
  if (state && entry && !base) state = undefined; // files shorter than the state claims: ignore them
  if (base && !timesValid(base)) {
    // A damaged series file: metrics.jsonl is the source of truth, read it instead (and let the
    // next catch-up rebuild the files of a finished run). The read itself never fails for it.
    warnings.push(`the stored series of "${metric}" is damaged (a point with an impossible time); it was read from metrics.jsonl instead`);
    base = undefined;
    state = undefined;
    if (options.terminal) await fsp.rm(join(seriesDir(runDir), 'state.json'), { force: true }).catch(() => undefined); // only a cache: a state left in place is found damaged and ignored again
  }
  const from: SeriesState = state ?? emptyState();
  const tail = await tailPoints(metricsPath, from.offset, metric, options.terminal);
  const points = concat(base ?? new Float64Array(0), tail);
  const series = downsample(metric, points, options.maxPoints);
  return warnings.length > 0 ? { ...series, warnings } : series;
}

/** True when every interleaved (step, time, value) point has a time a record may carry. */
function timesValid(points: Float64Array): boolean {
  for (let i = 1; i < points.length; i += 3) if (!isValidTimeMs(points[i] as number)) return false;
  return true;
}

/** Points of `metric` in metrics.jsonl from byte `offset` on, parsed in memory. */
async function tailPoints(path: string, offset: number, metric: string, includePartial: boolean): Promise<Float64Array> {
  const chunk = await readLines(path, offset, includePartial);
  if (chunk.lines.length === 0) return new Float64Array(0);
  const out: number[] = [];
  for (const r of parseLines(chunk.lines, Date.now()).records) {
    if (Object.hasOwn(r.values, metric)) out.push(r.step ?? NaN, r.time, r.values[metric] as number);
  }
  return Float64Array.from(out);
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await fsp.stat(path)).size;
  } catch {
    // No metrics.jsonl (yet) has no bytes to read.
    return 0;
  }
}
