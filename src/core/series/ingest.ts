// Folds new lines of a run's metrics.jsonl into its binary series and summaries. Idempotent and
// crash-safe: each series file is cut back to the length state.json vouches for before appending,
// so an ingest interrupted between appending and saving the state never duplicates points.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { type MetricRecord } from '../metrics/record';
import { type RunManifest } from '../model';
import { addLoggedParams, foldLoggedParams } from '../params/logged';
import { tryLock } from '../fs/lock';
import { readLines, parseLines } from './jsonl';
import { emptyState, encodePoints, foldSummary, loadState, POINT_BYTES, saveState, seriesDir, type SeriesState } from './state';

/** Result of one ingest. */
export interface IngestResult {
  readonly records: number;
  readonly bad: number;
  readonly state: SeriesState;
}

/** Options of {@link ingestRun}. */
export interface IngestOptions {
  /** The run is over: an unterminated last line is consumed too (parsed, or counted bad). */
  readonly final?: boolean;
  /** Bad lines the supervisor counted in other sources, persisted beside the file's own count. */
  readonly reportedBad?: number;
}

/** Path of the lock serialising ingests of one run across processes. */
export function ingestLockPath(runDir: string): string {
  return join(runDir, 'series.lock');
}

/** Bytes read per round, so catching up a huge file never holds it all in memory at once. */
const CHUNK_BYTES = 32 * 1024 * 1024;

/**
 * Ingests everything appended to `<runDir>/metrics.jsonl` since the last ingest (by anyone).
 * Returns undefined when another process is ingesting this run right now.
 */
export async function ingestRun(runDir: string, options: IngestOptions = {}): Promise<IngestResult | undefined> {
  const release = await tryLock(ingestLockPath(runDir));
  if (!release) return undefined;
  try {
    let state = (await loadState(runDir)) ?? (await resetSeries(runDir));
    if (!(await trimFiles(runDir, state))) state = await resetSeries(runDir);
    let records = 0;
    let bad = 0;
    for (;;) {
      const chunk = await readLines(join(runDir, 'metrics.jsonl'), state.offset, options.final === true, CHUNK_BYTES);
      if (chunk.end === state.offset) break;
      const parsed = parseLines(chunk.lines, Date.now());
      await appendRecords(runDir, state, parsed.records);
      records += parsed.records.length;
      bad += parsed.bad + chunk.overlong;
      state.bad += parsed.bad + chunk.overlong;
      state.offset = chunk.end;
    }
    state.reportedBad = Math.max(state.reportedBad, options.reportedBad ?? 0);
    await saveState(runDir, state);
    return { records, bad, state };
  } finally {
    await release();
  }
}

/** The manifest fields an ingest determines: metric summaries, the bad-line count, logged params folded in. */
export function ingestFields(m: RunManifest, result: IngestResult): Pick<RunManifest, 'metrics' | 'badMetricLines' | 'params' | 'loggedParams'> {
  const { state } = result;
  return {
    metrics: Object.fromEntries(state.metrics.map((e) => [e.name, e.summary])),
    badMetricLines: state.bad + state.reportedBad,
    ...foldLoggedParams(m, state.params),
  };
}

/** Removes every series file and starts over from byte 0 of metrics.jsonl. */
async function resetSeries(runDir: string): Promise<SeriesState> {
  await fsp.rm(seriesDir(runDir), { recursive: true, force: true });
  await fsp.mkdir(seriesDir(runDir), { recursive: true });
  return emptyState();
}

/** Cuts files longer than the state says (an interrupted ingest); false if one is shorter (lost data). */
async function trimFiles(runDir: string, state: SeriesState): Promise<boolean> {
  for (const entry of state.metrics) {
    const path = join(seriesDir(runDir), entry.file);
    const want = entry.count * POINT_BYTES;
    let size: number;
    try {
      size = (await fsp.stat(path)).size;
    } catch {
      // A series file that is gone is not complete: rebuilt from metrics.jsonl.
      return false;
    }
    if (size < want) return false;
    if (size > want) await fsp.truncate(path, want);
  }
  return true;
}

/** Appends records to the per-metric files (one write per metric) and updates the summaries. */
async function appendRecords(runDir: string, state: SeriesState, records: readonly MetricRecord[]): Promise<void> {
  const pending = new Map<string, number[]>();
  for (const r of records) {
    if (r.params) addLoggedParams(state.params, r.params);
    for (const [name, value] of Object.entries(r.values)) {
      let list = pending.get(name);
      if (!list) pending.set(name, (list = []));
      list.push(r.step ?? NaN, r.time, value);
    }
  }
  const byName = new Map(state.metrics.map((e) => [e.name, e]));
  for (const [name, list] of pending) {
    let entry = byName.get(name);
    if (!entry) {
      entry = { name, file: `${state.nextFile++}.f64`, count: 0, summary: foldSummary(undefined, null, NaN) };
      state.metrics.push(entry);
    }
    await fsp.appendFile(join(seriesDir(runDir), entry.file), encodePoints(Float64Array.from(list)));
    let summary = entry.count === 0 ? undefined : entry.summary;
    for (let i = 0; i < list.length; i += 3) {
      const step = list[i] as number;
      summary = foldSummary(summary, Number.isNaN(step) ? null : step, list[i + 2] as number);
    }
    if (summary) entry.summary = summary;
    entry.count += list.length / 3;
  }
}
