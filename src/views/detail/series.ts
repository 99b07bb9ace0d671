// A run's metric series for the detail view: every metric read in one pass over the binary series
// and the un-ingested end of metrics.jsonl, returned with the byte offset the reading stopped at,
// so live updates continue from exactly there (no point shown twice, none missed).
import { promises as fsp } from 'node:fs';
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

/** Where the reader gets its data; a test wraps one to change the run between two reads. */
export interface SeriesSources {
  readonly loadState: typeof loadState;
  readonly readPoints: typeof readPoints;
  readonly readLines: typeof readLines;
}

const DISK: SeriesSources = { loadState, readPoints, readLines };

/** Reads of a run being replaced meanwhile before the reader gives up on its binary series. */
const CONSISTENT_TRIES = 3;

/**
 * Reads `metrics` (and any other metric the series hold) of the run in `runDir`, downsampled to `maxPoints`. A finished run's trailing
 * partial line counts (nothing will complete it); a live run's is left for the next tail.
 *
 * The binary series and metrics.jsonl are read one after the other, so a run replaced in between (a
 * pulled run updated by its author is renamed into place whole) would mix the old series with the
 * new file's tail. metrics.jsonl's identity, size and mtime are compared before and after: only
 * appends may happen meanwhile, else the read is done again, and at last from metrics.jsonl alone.
 */
export async function readDetailSeries(runDir: string, metrics: readonly string[], options: { maxPoints?: number; terminal: boolean; sources?: SeriesSources }): Promise<DetailSeries> {
  const path = join(runDir, 'metrics.jsonl');
  for (let attempt = 1; ; attempt++) {
    const before = await stampOf(path);
    const read = await readOnce(runDir, metrics, options, attempt < CONSISTENT_TRIES);
    if (attempt >= CONSISTENT_TRIES || onlyAppended(before, await stampOf(path))) return read;
  }
}

async function readOnce(runDir: string, metrics: readonly string[], options: { maxPoints?: number; terminal: boolean; sources?: SeriesSources }, useSeries: boolean): Promise<DetailSeries> {
  const src = options.sources ?? DISK;
  const state = useSeries ? await src.loadState(runDir) : undefined;
  const base = new Map<string, Float64Array>();
  let from = 0;
  if (state) {
    let usable = true;
    for (const entry of state.metrics) {
      const pts = await src.readPoints(runDir, entry);
      // Files shorter than the state claims: ignore the binary series and re-read the source.
      if (!pts) { usable = false; break; }
      base.set(entry.name, pts);
    }
    if (usable) from = state.offset;
    else base.clear();
  }
  const chunk = await src.readLines(join(runDir, 'metrics.jsonl'), from, options.terminal);
  const tail = pointsByMetric(parseLines(chunk.lines, Date.now()).records);
  // The manifest's summaries may lag the series: a metric first logged a moment ago is shown too.
  const names = [...new Set([...metrics, ...base.keys(), ...tail.keys()])];
  const series = names.map((m) => downsample(m, concat(base.get(m), tail.get(m)), options.maxPoints ?? DETAIL_MAX_POINTS));
  return { series, offset: chunk.end };
}

/** What tells one metrics.jsonl from another (or from itself rewritten); undefined when there is none. */
interface Stamp {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

async function stampOf(path: string): Promise<Stamp | undefined> {
  const st = await fsp.stat(path).catch(() => undefined); // no metrics.jsonl (yet): nothing to compare, as before and after alike
  return st && { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
}

/** True when `after` is `before` or `before` appended to: same file, longer, or untouched. */
function onlyAppended(before: Stamp | undefined, after: Stamp | undefined): boolean {
  if (!before || !after) return before === after;
  if (before.ino !== after.ino) return false;
  return after.size > before.size || (after.size === before.size && after.mtimeMs === before.mtimeMs);
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
