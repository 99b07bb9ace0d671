// Store benchmarks: listing 10,000 runs x 1,000 points (beside merely listing the run directories),
// `runlens ls` as a process at 10,000 and 100,000 runs (time and peak RSS), and reading a
// 1,000,000-point series downsampled to 1,000 points (beside parsing the raw jsonl).
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatMetricRecord } from '../src/core/metrics/record';
import { newManifest, nonFiniteReplacer } from '../src/core/store/manifest';
import { newRunId } from '../src/core/store/ids';
import { ensureStore, StoreLayout } from '../src/core/store/layout';
import { nameFile } from '../src/core/store/names';
import { RunStore } from '../src/core/store/store';
import { report, timeMedian } from './report';
import { generateStore, LISTINGS, measureCli } from './store-scale';

const RUNS = 10_000;
const POINTS = 1_000;

/**
 * Generates a valid store of RUNS finished runs of POINTS points each, by a fast path writing the
 * files directly: every run gets its manifest (with the summaries ingest would compute), name
 * reservation, heartbeat and a metrics.jsonl (one file hard-linked into every run to save disk).
 */
async function generate(workspace: string): Promise<void> {
  const layout = new StoreLayout(join(workspace, '.runlens'));
  await ensureStore(layout);
  const shared = join(workspace, 'metrics.jsonl');
  let jsonl = '';
  for (let s = 0; s < POINTS; s++) jsonl += formatMetricRecord({ time: 1.7e12 + s * 1000, step: s, values: { loss: 1 / (s + 1), acc: s / POINTS } });
  writeFileSync(shared, jsonl);
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < RUNS; i++) {
    const id = newRunId(t0 + i * 60_000);
    const dir = layout.runDir(id);
    mkdirSync(dir);
    const name = `bench-run-${i + 1}`;
    const m = newManifest({ experiment: 'train', command: ['python', 'train.py', '--lr', '0.01'], shell: false, cwd: workspace,
      params: { lr: 0.01, epochs: 10, batch: 32, model: 'resnet' }, env: {}, tags: i % 10 ? [] : ['best'] }, id, name, new Date(t0 + i * 60_000));
    Object.assign(m, { status: 'finished', startedAt: m.createdAt, endedAt: m.createdAt, exitCode: 0, versions: { node: process.version, python: '3.11.2' },
      metrics: {
        loss: { count: POINTS, last: 1 / POINTS, lastStep: POINTS - 1, min: 1 / POINTS, max: 1, nonFinite: 0 },
        acc: { count: POINTS, last: (POINTS - 1) / POINTS, lastStep: POINTS - 1, min: 0, max: (POINTS - 1) / POINTS, nonFinite: 0 },
      } });
    writeFileSync(join(dir, 'run.json'), `${JSON.stringify(m, nonFiniteReplacer, 2)}\n`);
    writeFileSync(join(dir, 'heartbeat'), '');
    writeFileSync(nameFile(layout, name), id);
    linkSync(shared, join(dir, 'metrics.jsonl'));
  }
}

async function benchList(workspace: string): Promise<void> {
  const started = Date.now();
  await generate(workspace);
  console.log(`  generated ${RUNS} runs x ${POINTS} points in ${Date.now() - started} ms`);
  const runsDir = join(workspace, '.runlens', 'runs');
  const cold = Date.now();
  const first = await RunStore.open(workspace).listRuns();
  if (first.length !== RUNS) throw new Error(`listed ${first.length} runs, expected ${RUNS}`);
  console.log(`  first listing (builds index.json from ${RUNS} manifests): ${Date.now() - cold} ms`);
  const readdirOnly = await timeMedian(5, () => readdirSync(runsDir).length);
  console.log(`  readdir of runs/ alone (names only, no stat): ${readdirOnly.toFixed(1)} ms`);
  // "Merely listing the run directories", as `ls -l .runlens/runs` does: every entry and its stat.
  const baseline = await timeMedian(5, () => readdirSync(runsDir).map((d) => statSync(join(runsDir, d)).mtimeMs).length);
  const list = await timeMedian(5, async () => (await RunStore.open(workspace).listRuns()).length);
  const asJson = await timeMedian(5, async () => JSON.stringify(await RunStore.open(workspace).listRuns()).length);
  console.log(`  listRuns + JSON.stringify of all manifests (what ls --json prints): ${asJson.toFixed(1)} ms`);
  report({ name: `listRuns over ${RUNS} runs x ${POINTS} points`, value: list, unit: 'ms',
    baseline: { name: 'listing the run directories (readdir + stat each)', value: baseline },
    target: '<= 300 ms and <= 3x baseline', pass: list <= 300 && list <= 3 * baseline });
}

async function benchSeries(workspace: string): Promise<void> {
  const n = 1_000_000;
  const store = RunStore.open(workspace);
  const w = await store.createRun({ experiment: null, command: ['bench'], shell: false, cwd: workspace, params: {}, env: {} });
  const parts: string[] = [];
  for (let s = 0; s < n; s++) parts.push(formatMetricRecord({ time: 1.7e12 + s, step: s, values: { loss: Math.sin(s / 5000) + (s === 500_000 ? 100 : 0) } }));
  writeFileSync(w.metricsFile, parts.join(''));
  const ingestStart = Date.now();
  await w.finish({ status: 'finished', exitCode: 0, signal: null });
  console.log(`  ingest of ${n} jsonl lines into the binary series: ${Date.now() - ingestStart} ms`);
  const baseline = await timeMedian(3, () => {
    let count = 0;
    for (const line of readFileSync(w.metricsFile, 'utf8').split('\n')) if (line) { JSON.parse(line); count++; }
    return count;
  });
  let max = 0;
  const read = await timeMedian(7, async () => {
    const s = await store.readSeries(w.id, 'loss', { maxPoints: 1000 });
    max = Math.max(...s.maxs);
    return s.total;
  });
  if (max !== 100 + Math.sin(100)) throw new Error(`downsampled series lost its extreme: max ${max}`);
  report({ name: `readSeries ${n} points -> 1000 (min/max buckets)`, value: read, unit: 'ms',
    baseline: { name: 'reading + JSON-parsing metrics.jsonl', value: baseline }, target: '<= 100 ms', pass: read <= 100 });
}

/**
 * The format-1 index.json this index replaced, as measured in issue 13 (copies of one example run):
 * `runlens ls --json` after the first listing. Too slow and big (2 GB) to run beside it every time.
 */
const OLD_INDEX_LS_JSON: Record<number, number> = { 10_000: 80, 100_000: 11_800 };

/** `runlens ls` processes on stores of 10,000 and 100,000 finished runs: ≤ 1 s and ≤ 200 MB at 100,000. */
function benchScale(): void {
  for (const runs of [10_000, 100_000]) {
    const ws = mkdtempSync(join(tmpdir(), 'runlens-bench-scale-'));
    try {
      const started = Date.now();
      generateStore(ws, runs);
      console.log(`  generated ${runs} runs in ${Date.now() - started} ms`);
      for (const l of LISTINGS) {
        const c = measureCli(ws, l.args);
        console.log(`  ${runs} runs, ${l.label}: ${c.ms.toFixed(0)} ms, ${c.rssMb.toFixed(0)} MB RSS, ${(c.stdoutBytes / 2 ** 20).toFixed(1)} MiB printed`);
      }
      const steady = measureCli(ws, ['ls', '--json']);
      report({ name: `runlens ls --json over ${runs} runs (whole process)`, value: steady.ms, unit: 'ms',
        baseline: { name: 'format-1 index.json (issue 13)', value: OLD_INDEX_LS_JSON[runs] ?? NaN }, target: '<= 1000 ms', pass: steady.ms <= 1000 });
      report({ name: `runlens ls --json over ${runs} runs, peak RSS`, value: steady.rssMb, unit: 'MB', target: '<= 200 MB', pass: steady.rssMb <= 200 });
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }
}

/** Runs the store benchmarks in temp workspaces, removed afterwards. */
export async function bench(): Promise<void> {
  const listWs = mkdtempSync(join(tmpdir(), 'runlens-bench-list-'));
  const seriesWs = mkdtempSync(join(tmpdir(), 'runlens-bench-series-'));
  try {
    await benchList(listWs);
    benchScale();
    await benchSeries(seriesWs);
  } finally {
    rmSync(listWs, { recursive: true, force: true });
    rmSync(seriesWs, { recursive: true, force: true });
  }
}
