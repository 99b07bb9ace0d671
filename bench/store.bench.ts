// Store benchmarks: listing 10,000 runs x 1,000 points (beside merely listing the run directories),
// `runlens ls` as a process at 10,000 and 100,000 runs (time and peak RSS), and reading a
// 1,000,000-point series downsampled to 1,000 points (beside parsing the raw jsonl).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore } from '../src/core/store/store';
import { inTempWorkspace, lossAccSummaries, recordRun, sharedLossAccMetrics, writeFinishedRuns } from './fixtures';
import { report, timeMedian } from './report';
import { generateStore, LISTINGS, measureCli } from './store-scale';

const RUNS = 10_000;
const POINTS = 1_000;

/** A store of RUNS finished runs of POINTS points each, written directly (bench/fixtures.ts). */
async function generate(workspace: string): Promise<void> {
  await writeFinishedRuns(workspace, RUNS, (i) => ({
    name: `bench-run-${i + 1}`, experiment: 'train', command: ['python', 'train.py', '--lr', '0.01'],
    params: { lr: 0.01, epochs: 10, batch: 32, model: 'resnet' }, tags: i % 10 ? [] : ['best'],
    versions: { node: process.version, python: '3.11.2' }, metrics: lossAccSummaries(POINTS),
  }), sharedLossAccMetrics(workspace, POINTS));
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
  const records = Array.from({ length: n }, (_, s) => ({ time: 1.7e12 + s, step: s, values: { loss: Math.sin(s / 5000) + (s === 500_000 ? 100 : 0) } }));
  let ingestStart = 0;
  const id = await recordRun(store, workspace, records, () => { ingestStart = Date.now(); });
  console.log(`  ingest of ${n} jsonl lines into the binary series: ${Date.now() - ingestStart} ms`);
  const metricsFile = join(store.runDir(id), 'metrics.jsonl');
  const baseline = await timeMedian(3, () => {
    let count = 0;
    for (const line of readFileSync(metricsFile, 'utf8').split('\n')) if (line) { JSON.parse(line); count++; }
    return count;
  });
  let max = 0;
  const read = await timeMedian(7, async () => {
    const s = await store.readSeries(id, 'loss', { maxPoints: 1000 });
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

/** `runlens ls` processes on a store of `runs` finished runs: ≤ 1 s and ≤ 200 MB at 100,000. */
function benchScale(workspace: string, runs: number): Promise<void> {
  const started = Date.now();
  generateStore(workspace, runs);
  console.log(`  generated ${runs} runs in ${Date.now() - started} ms`);
  for (const l of LISTINGS) {
    const c = measureCli(workspace, l.args);
    console.log(`  ${runs} runs, ${l.label}: ${c.ms.toFixed(0)} ms, ${c.rssMb.toFixed(0)} MB RSS, ${(c.stdoutBytes / 2 ** 20).toFixed(1)} MiB printed`);
  }
  const steady = measureCli(workspace, ['ls', '--json']);
  report({ name: `runlens ls --json over ${runs} runs (whole process)`, value: steady.ms, unit: 'ms',
    baseline: { name: 'format-1 index.json (issue 13)', value: OLD_INDEX_LS_JSON[runs] ?? NaN }, target: '<= 1000 ms', pass: steady.ms <= 1000 });
  report({ name: `runlens ls --json over ${runs} runs, peak RSS`, value: steady.rssMb, unit: 'MB', target: '<= 200 MB', pass: steady.rssMb <= 200 });
  return Promise.resolve();
}

/** Runs the store benchmarks in temp workspaces, removed afterwards. */
export async function bench(): Promise<void> {
  await inTempWorkspace('list', benchList);
  for (const runs of [10_000, 100_000]) await inTempWorkspace('scale', (ws) => benchScale(ws, runs));
  await inTempWorkspace('series', benchSeries);
}
