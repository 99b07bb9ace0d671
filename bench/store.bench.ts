// Store benchmarks: listing 10,000 runs x 1,000 points (beside merely listing the run directories)
// and reading a 1,000,000-point series downsampled to 1,000 points (beside parsing the raw jsonl).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore } from '../src/core/store/store';
import { inTempWorkspace, lossAccSummaries, recordRun, sharedLossAccMetrics, writeFinishedRuns } from './fixtures';
import { report, timeMedian } from './report';

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

/** Runs both store benchmarks in a temp workspace, removed afterwards. */
export async function bench(): Promise<void> {
  await inTempWorkspace('list', benchList);
  await inTempWorkspace('series', benchSeries);
}
