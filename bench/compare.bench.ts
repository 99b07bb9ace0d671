// Compare view benchmark: building the snapshot (params, summaries, every curve downsampled) for
// 200 runs × 5 metrics × 10,000 steps, its time and its size as posted to the webview, beside
// merely reading those 1,000 series files. The webview's first render is measured by the e2e suite.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildComparePayload } from '../src/views/compare/payload';
import { readRunMetrics } from '../src/views/compare/runSeries';
import { type MetricSummary, type RunManifest } from '../src/core/model';
import { encodePoints, SERIES_FORMAT } from '../src/core/series/state';
import { RunStore } from '../src/core/store/store';
import { inTempWorkspace, writeFinishedRuns } from './fixtures';
import { report, timeMedian } from './report';

const RUNS = 200;
const STEPS = 10_000;
const METRICS = ['loss', 'val_loss', 'acc', 'lr_now', 'grad_norm'];

/** Each metric's STEPS points of run `r` (step, time, value triples) and their summary. */
function runSeries(r: number): { points: Float64Array; summary: MetricSummary }[] {
  const t0 = Date.UTC(2026, 0, 1);
  return METRICS.map((_, k) => {
    const points = new Float64Array(STEPS * 3);
    let min = Infinity;
    let max = -Infinity;
    for (let s = 0; s < STEPS; s++) {
      const v = k === 2 ? 1 - Math.exp(-s / 2000) * (1 + r / RUNS) : Math.exp(-s / 3000) * (1 + r / RUNS) + 0.01 * Math.sin(s + k);
      points[s * 3] = s;
      points[s * 3 + 1] = t0 + r * 60_000 + s * 100;
      points[s * 3 + 2] = v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return { points, summary: { count: STEPS, last: points[STEPS * 3 - 1] as number, lastStep: STEPS - 1, min, max, nonFinite: 0 } };
  });
}

/**
 * Writes RUNS finished runs whose binary series (what ingest produces) hold STEPS points of each
 * metric: one file per run and metric, so the bench reads 1,000 real files of 240 KB.
 */
async function generate(workspace: string): Promise<void> {
  let series: ReturnType<typeof runSeries> = [];
  await writeFinishedRuns(workspace, RUNS, (r) => {
    series = runSeries(r);
    return { name: `bench-${r + 1}`, experiment: 'train', metrics: Object.fromEntries(METRICS.map((m, k) => [m, series[k]!.summary])),
      params: { lr: 0.001 * (1 + (r % 10)), wd: [0, 1e-4, 1e-3, 1e-2][r % 4] ?? 0, batch: 32, model: 'resnet', seed: r } };
  }, (dir) => {
    mkdirSync(join(dir, 'series'));
    const entries = METRICS.map((name, k) => {
      writeFileSync(join(dir, 'series', `${k}.f64`), encodePoints(series[k]!.points));
      return { name, file: `${k}.f64`, count: STEPS, summary: series[k]!.summary };
    });
    writeFileSync(join(dir, 'series', 'state.json'), JSON.stringify({ format: SERIES_FORMAT, offset: 0, bad: 0, reportedBad: 0, nextFile: METRICS.length, metrics: entries }));
    writeFileSync(join(dir, 'metrics.jsonl'), '');
  });
}

/** Builds the payload for every run of the store and reports time and size. */
export async function bench(): Promise<void> {
  await inTempWorkspace('compare', async (workspace) => {
    const started = Date.now();
    await generate(workspace);
    console.log(`  generated ${RUNS} runs x ${METRICS.length} metrics x ${STEPS} steps in ${Date.now() - started} ms`);
    const store = RunStore.open(workspace);
    const runs: RunManifest[] = await store.listRuns();
    if (runs.length !== RUNS) throw new Error(`listed ${runs.length} runs`);
    const files = runs.flatMap((r) => METRICS.map((_, k) => join(store.runDir(r.id), 'series', `${k}.f64`)));
    const baseline = await timeMedian(5, () => files.reduce((n, f) => n + readFileSync(f).length, 0));
    let bytes = 0;
    const build = await timeMedian(5, async () => {
      const payload = await buildComparePayload({
        folder: workspace, runs, baseline: null, declared: { primary: 'val_loss', goal: 'min' },
        readRun: (run, wanted) => readRunMetrics(store.runDir(run.id), run, wanted),
      });
      if (payload.series.length !== RUNS * METRICS.length) throw new Error(`${payload.series.length} series in the payload`);
      // What crosses to the webview: postMessage serializes the message as JSON.
      bytes = Buffer.byteLength(JSON.stringify(payload));
    });
    report({ name: `compare payload, ${RUNS} runs x ${STEPS} steps x ${METRICS.length} metrics`, value: build, unit: 'ms',
      baseline: { name: `reading the ${files.length} series files`, value: baseline }, target: '<= 300 ms', pass: build <= 300 });
    report({ name: 'compare payload size (JSON posted to the webview)', value: bytes / 2 ** 20, unit: 'MiB', target: '<= 2 MB', pass: bytes <= 2_000_000 });
  });
}
