// Runs Table benchmark (host side): the first columnar snapshot of 10,000 runs × 50 params and
// metrics (25 each, a sweep's values), its size on the wire, one live run's increment, and a
// sort + filter through core over the same runs; the snapshot of 10,000 runs × 1,000 columns
// (cells of the first columns only) and of 100,000 runs, and the cells of columns scrolled to. The page's figures (first render, sort and
// filter on its own clock, 10,000 × 1,000 columns) come from the e2e suite (test/e2e/runsTable).
import { type MetricSummary, type RunManifest } from '../src/core/model';
import { recordJson } from '../src/core/store/listing';
import { parseSummary, type RunSummary, summarize } from '../src/core/store/summary';
import { type TableQuery } from '../src/protocol/runsTable';
import { RunsTableModel } from '../src/views/runsTable/model';
import { report, timeMedian } from './report';

const RUNS = 10_000;
const PARAMS = 25;
const METRICS = 25;

/** A deterministic pseudo-random number in [0, 1) for (i, j). */
function noise(i: number, j: number): number {
  const x = Math.sin(i * 12.9898 + j * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

function summary(v: number): MetricSummary {
  return { count: 100, last: v, lastStep: 99, min: v * 0.9, max: v * 1.1, nonFinite: 0 };
}

/** 10,000 finished runs of a sweep: params from small grids, metrics as a run logs them. */
export function sweepRuns(runs = RUNS, params = PARAMS, metrics = METRICS): RunManifest[] {
  const t0 = Date.UTC(2024, 0, 1);
  return Array.from({ length: runs }, (_, i) => {
    const created = new Date(t0 + i * 60_000).toISOString();
    const p: Record<string, number | string> = {};
    for (let j = 0; j < params; j++) p[`p${j}`] = j % 5 === 0 ? `opt-${(i + j) % 4}` : [0.1, 0.01, 0.001, 0.0001, 0.5][(i * (j + 1)) % 5] ?? 0;
    const m: Record<string, MetricSummary> = {};
    for (let j = 0; j < metrics; j++) m[j % 2 ? `acc_${j}` : `loss_${j}`] = summary(noise(i, j) * (j % 3 ? 1 : 10));
    return {
      format: 1, id: `${String(20240101000000 + i)}-${String(i).padStart(6, '0')}`, name: `sweep-${i + 1}`, experiment: ['train', 'finetune'][i % 2] ?? null,
      command: ['python', 'train.py'], shell: false, cwd: '/ws', params: p, env: {}, status: i % 13 ? 'finished' : 'failed',
      createdAt: created, startedAt: created, endedAt: new Date(t0 + i * 60_000 + 45_000 + i).toISOString(), exitCode: 0, signal: null, error: null,
      process: null, versions: {}, metrics: m, badMetricLines: 0, tags: i % 10 ? [] : ['baseline'], starred: false, note: '',
      code: null, data: null, reproducedFrom: null,
    };
  });
}

/**
 * The runs' summaries as a listing reads them back from the store's index (a line of JSON each):
 * objects of one shape per sweep, which the engine reads far faster than objects built key by key.
 */
export function indexedSummaries(runs: readonly RunManifest[]): RunSummary[] {
  return runs.map((m) => parseSummary(JSON.parse(recordJson(summarize(m)))) as RunSummary);
}

const QUERY: TableQuery = { filter: '', quick: { statuses: [], starred: false, tags: [] }, sort: [] };

export async function bench(): Promise<void> {
  const runs = indexedSummaries(sweepRuns());
  const byId = new Map(runs.map((r) => [r.id, r]));
  const model = new RunsTableModel(() => undefined);
  let bytes = 0;
  const snapshotMs = await timeMedian(5, () => {
    bytes = Buffer.byteLength(JSON.stringify(model.snapshot('/ws', runs, QUERY, null)));
  });
  const mb = bytes / 2 ** 20;
  report({ name: `Runs Table first snapshot, ${RUNS} runs × ${PARAMS + METRICS} params/metrics`, value: snapshotMs, unit: 'ms', target: '<= 300 ms', pass: snapshotMs <= 300 });
  report({ name: `Runs Table first snapshot size, ${RUNS} runs × ${PARAMS + METRICS} params/metrics`, value: mb, unit: 'MB', target: '<= 2 MB', pass: mb <= 2 });

  let step = 0;
  let incrementBytes = 0;
  const liveId = runs[0]?.id ?? '';
  const incrementMs = await timeMedian(20, () => {
    const live = byId.get(liveId);
    if (!live) return;
    byId.set(liveId, { ...live, status: 'running', metrics: { ...live.metrics, loss_0: summary(1 / ++step) } });
    incrementBytes = Buffer.byteLength(JSON.stringify(model.update([liveId], (id) => byId.get(id))));
  });
  report({ name: `Runs Table increment for one live run's new value (${incrementBytes} bytes)`, value: incrementMs, unit: 'ms', target: '<= 50 ms', pass: incrementMs <= 50 });

  const query: TableQuery = { ...QUERY, filter: 'p1 < 0.05 and status:finished', sort: [{ column: 'metric:acc_1', direction: 'desc' }, { column: 'param:p0', direction: 'asc' }] };
  let shown = 0;
  const orderMs = await timeMedian(5, () => { shown = model.order(query).shown; });
  report({ name: `Runs Table filter + two-column sort over ${RUNS} runs (${shown} shown)`, value: orderMs, unit: 'ms', target: '<= 50 ms', pass: orderMs <= 50 });

  // 10,000 runs × 1,000 columns (900 params, 100 metrics): the snapshot carries the cells of the
  // columns the page shows first; the others follow as the page scrolls to them.
  const wide = indexedSummaries(sweepRuns(RUNS, 900, 100));
  const wideModel = new RunsTableModel(() => undefined);
  let wideBytes = 0;
  const wideMs = await timeMedian(2, () => {
    wideBytes = Buffer.byteLength(JSON.stringify(wideModel.snapshot('/ws', wide, QUERY, null)));
  });
  report({ name: `Runs Table first snapshot, ${RUNS} runs × 1000 params/metrics, cells of the first columns (${(wideBytes / 2 ** 20).toFixed(1)} MB)`, value: wideMs, unit: 'ms', target: 'info', pass: true });
  const scrolledMs = await timeMedian(3, () => {
    wideModel.cellsOf(Array.from({ length: 20 }, (_, j) => `param:p${500 + j}`));
  });
  report({ name: `Runs Table cells of 20 more columns of ${RUNS} runs × 1000 (the page scrolled sideways)`, value: scrolledMs, unit: 'ms', target: '<= 50 ms', pass: scrolledMs <= 50 });

  // 100,000 runs open in <= 3 s: listing them from the index (store.bench: ~0.9 s on a quiet machine),
  // this snapshot, and the page's first frame (runsTablePage.bench) share the three seconds.
  const many = indexedSummaries(sweepRuns(100_000, 5, 5));
  const manyModel = new RunsTableModel(() => undefined);
  let manyBytes = 0;
  const manyMs = await timeMedian(2, () => {
    manyBytes = Buffer.byteLength(JSON.stringify(manyModel.snapshot('/ws', many, QUERY, null)));
  });
  report({ name: `Runs Table first snapshot, 100000 runs × 10 params/metrics (${(manyBytes / 2 ** 20).toFixed(1)} MB)`, value: manyMs, unit: 'ms', target: '<= 1500 ms', pass: manyMs <= 1500 });
}
