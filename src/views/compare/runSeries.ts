// Reads several metrics of one run for the Compare view: a finished run whose binary series are
// up to date (the usual case) costs one state.json read and one file read per metric; anything
// else (a live run, series behind metrics.jsonl) goes through readRunSeries, the general reader.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TERMINAL_STATUSES, type RunManifest } from '../../core/model';
import { downsample, type Series } from '../../core/series/downsample';
import { readRunSeries } from '../../core/series/read';
import { loadState, readPoints } from '../../core/series/state';

/** Series of `metrics` of the run in `runDir`, each downsampled to its `maxPoints`, in order. */
export async function readRunMetrics(runDir: string, run: RunManifest, wanted: readonly { metric: string; maxPoints: number }[]): Promise<Series[]> {
  const terminal = TERMINAL_STATUSES.includes(run.status);
  const general = (): Promise<Series[]> => Promise.all(wanted.map((w) => readRunSeries(runDir, w.metric, { maxPoints: w.maxPoints, terminal })));
  if (!terminal) return general();
  const [state, size] = await Promise.all([loadState(runDir), stat(join(runDir, 'metrics.jsonl')).then((s) => s.size, () => 0)]);
  if (!state || state.offset < size) return general(); // needs a catch-up: the general reader does it once
  const out: Series[] = [];
  for (const w of wanted) {
    const entry = state.metrics.find((e) => e.name === w.metric);
    if (!entry) {
      out.push(downsample(w.metric, new Float64Array(0), w.maxPoints));
      continue;
    }
    const points = await readPoints(runDir, entry);
    out.push(points ? downsample(w.metric, points, w.maxPoints) : await readRunSeries(runDir, w.metric, { maxPoints: w.maxPoints, terminal }));
  }
  return out;
}
