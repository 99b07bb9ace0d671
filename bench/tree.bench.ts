// Runs view benchmark: the core path the tree's root takes with 5,000 runs in the store (list the
// runs, group them, build the first group's rows with sparklines for its newest SPARKLINE_ROWS),
// beside merely listing the run directories; plus filter + sort over those runs, and the memory
// the extension host spends holding their manifests. The provider itself imports vscode; the
// figure from a real workbench (open container -> first row) is not measured yet.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type RunManifest } from '../src/core/model';
import { formatAgo, formatMetric } from '../src/core/present/format';
import { sparkline } from '../src/views/present/sparkline';
import { compileFilter } from '../src/core/query/evaluate';
import { sortRuns } from '../src/core/query/sort';
import { readRunSeries } from '../src/core/series/read';
import { RunStore } from '../src/core/store/store';
import { inTempWorkspace, lossAccSummaries, sharedLossAccMetrics, writeFinishedRuns } from './fixtures';
import { report, timeMedian } from './report';

export const RUNS = 5_000;
const POINTS = 100;
/** As in src/extension/runs/runsTree.ts. */
const SPARKLINE_ROWS = 200;
const SPARK_WIDTH = 12;
const EXPERIMENTS = ['train', 'finetune', 'eval', 'sweep-lr', 'ablation'];

/** A store of RUNS finished runs over `experiments`, written directly (bench/fixtures.ts); also bench/languageServer's. */
export async function generate(workspace: string, experiments: readonly string[] = EXPERIMENTS): Promise<void> {
  await writeFinishedRuns(workspace, RUNS, (i) => ({
    name: `tree-run-${i + 1}`, experiment: experiments[i % experiments.length] ?? null, status: i % 13 ? 'finished' : 'failed',
    params: { lr: [0.001, 0.01, 0.1][i % 3] ?? 0.01, epochs: 10, model: i % 2 ? 'resnet' : 'vit' }, tags: i % 10 ? [] : ['baseline'],
    metrics: lossAccSummaries(POINTS, (i % 97) / 100),
  }), sharedLossAccMetrics(workspace, POINTS));
}

/** What the tree does to show its root and the first group's rows; returns the row texts. */
async function treeRoot(workspace: string): Promise<string[]> {
  const store = RunStore.open(workspace);
  const runs = (await store.listRuns()).sort((a, b) => (a.id < b.id ? 1 : -1));
  const keys = [...new Set(runs.map((r) => r.experiment ?? '(ad-hoc commands)'))];
  const first = runs.filter((r) => (r.experiment ?? '(ad-hoc commands)') === keys[0]);
  const now = Date.now();
  const sparks = await Promise.all(first.slice(0, SPARKLINE_ROWS).map(async (r) =>
    sparkline((await readRunSeries(store.runDir(r.id), 'acc', { maxPoints: SPARK_WIDTH, terminal: true })).values, SPARK_WIDTH)));
  return first.map((r, i) => `${r.name} ${formatMetric(r.metrics.acc?.last ?? NaN)} ${sparks[i] ?? ''} · ${formatAgo(r.startedAt, now)}`);
}

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function memoryOfManifests(workspace: string): Promise<void> {
  gc();
  const before = process.memoryUsage();
  let held: RunManifest[] | undefined = await RunStore.open(workspace).listRuns();
  gc();
  const after = process.memoryUsage();
  const heapMb = (after.heapUsed - before.heapUsed) / 2 ** 20;
  const rssMb = (after.rss - before.rss) / 2 ** 20;
  const signed = (mb: number): string => `${mb >= 0 ? '+' : ''}${mb.toFixed(1)} MB`;
  console.log(`  holding ${held.length} manifests: heap ${signed(heapMb)}, rss ${signed(rssMb)} (rss now ${(after.rss / 2 ** 20).toFixed(0)} MB; rss is noisy, heap is the figure)`);
  held = undefined;
  report({ name: `extension host heap holding ${RUNS} run manifests`, value: heapMb, unit: 'MB', target: '<= 50 MB', pass: heapMb <= 50 });
}

/** Builds the store, then measures the tree's root, filter + sort and memory. */
export async function bench(): Promise<void> {
  await inTempWorkspace('tree', async (workspace) => {
    const t0 = Date.now();
    await generate(workspace);
    console.log(`  generated ${RUNS} runs x ${POINTS} points in ${Date.now() - t0} ms`);
    const cold = Date.now();
    const rows = await treeRoot(workspace);
    console.log(`  first open (builds index.json, catches up ${SPARKLINE_ROWS} series): ${Date.now() - cold} ms; first group has ${rows.length} rows, e.g. "${rows[0] ?? ''}"`);
    const runsDir = join(workspace, '.runlens', 'runs');
    const baseline = await timeMedian(5, () => readdirSync(runsDir).map((d) => statSync(join(runsDir, d)).mtimeMs).length);
    const root = await timeMedian(5, () => treeRoot(workspace));
    const listOnly = await timeMedian(5, async () => (await RunStore.open(workspace).listRuns()).length);
    console.log(`  of which RunStore.listRuns alone: ${listOnly.toFixed(1)} ms (the rest: grouping, ${SPARKLINE_ROWS} sparkline reads, row text)`);
    report({ name: `Runs view root + first group's rows over ${RUNS} runs`, value: root, unit: 'ms',
      baseline: { name: 'listing the run directories (readdir + stat each)', value: baseline }, target: '<= 200 ms', pass: root <= 200 });
    const runs = await RunStore.open(workspace).listRuns();
    const filter = compileFilter('acc > 0.5 and lr < 0.05 or tag:baseline');
    let shown = 0;
    const filterSort = await timeMedian(9, () => (shown = sortRuns(runs.filter(filter), { by: 'metric', metric: 'acc', direction: 'desc' }).length));
    report({ name: `filter "acc > 0.5 and lr < 0.05 or tag:baseline" + sort by acc over ${RUNS} runs (${shown} shown)`, value: filterSort, unit: 'ms',
      target: '<= 20 ms', pass: filterSort <= 20 });
    await memoryOfManifests(workspace);
  });
}
