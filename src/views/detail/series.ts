// A run's metric series for the detail view: every metric read in one pass over the binary series
// and the un-ingested end of metrics.jsonl, returned with the byte offset the reading stopped at,
// so live updates continue from exactly there (no point shown twice, none missed).
import { join } from 'node:path';
import { type MetricRecord } from '../../core/metrics/record';
import { downsample, type Series } from '../../core/series/downsample';
import { parseLines, readLines } from '../../core/series/jsonl';
import { loadState, readPoints } from '../../core/series/state';

/** The series of a run and where metrics.jsonl was read up to. */
export interface DetailSeries {
  readonly series: Series[];
  /** Byte offset in metrics.jsonl just past the last complete line read: tail from here. */
  readonly offset: number;
}

/** Charts need no more points than pixels: each series is bucketed down to this. */
export const DETAIL_MAX_POINTS = 1000;

/**
 * Reads `metrics` (and any other metric the series hold) of the run in `runDir`, downsampled to `maxPoints`. A finished run's trailing
 * partial line counts (nothing will complete it); a live run's is left for the next tail.
 */
export async function readDetailSeries(runDir: string, metrics: readonly string[], options: { maxPoints?: number; terminal: boolean }): Promise<DetailSeries> {
  const state = await loadState(runDir);
  const base = new Map<string, Float64Array>();
  let from = 0;
  if (state) {
    let usable = true;
    for (const entry of state.metrics) {
      const pts = await readPoints(runDir, entry);
      // Files shorter than the state claims: ignore the binary series and re-read the source.
      if (!pts) { usable = false; break; }
      base.set(entry.name, pts);
    }
    if (usable) from = state.offset;
    else base.clear();
  }
  const chunk = await readLines(join(runDir, 'metrics.jsonl'), from, options.terminal);
  const tail = pointsByMetric(parseLines(chunk.lines, Date.now()).records);
  // The manifest's summaries may lag the series: a metric first logged a moment ago is shown too.
  const names = [...new Set([...metrics, ...base.keys(), ...tail.keys()])];
  const series = names.map((m) => downsample(m, concat(base.get(m), tail.get(m)), options.maxPoints ?? DETAIL_MAX_POINTS));
  return { series, offset: chunk.end };
}

/** Interleaved (step, time, value) points per metric from metric records, in logging order (as ingest stores them). */
export function pointsByMetric(records: readonly MetricRecord[]): Map<string, Float64Array> {
  const acc = new Map<string, number[]>();
  for (const r of records) {
    for (const [name, value] of Object.entries(r.values)) {
      let list = acc.get(name);
      if (!list) acc.set(name, (list = []));
      list.push(r.step ?? NaN, r.time, value);
    }
  }
  return new Map([...acc].map(([k, v]) => [k, Float64Array.from(v)]));
}

function concat(a: Float64Array | undefined, b: Float64Array | undefined): Float64Array {
  if (!a || a.length === 0) return b ?? new Float64Array(0);
  if (!b || b.length === 0) return a;
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
