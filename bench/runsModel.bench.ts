// The Runs view's model (src/views/runs/groupedRuns.ts) over 100,000 runs held in memory: grouping
// and sorting them (first paint, a new filter), and taking in one new run or one live value (what
// each store change costs the extension host), beside merely sorting the runs by id.
import { type RunManifest } from '../src/core/model';
import { compileFilter } from '../src/core/query/evaluate';
import { newRunId } from '../src/core/store/ids';
import { newManifest } from '../src/core/store/manifest';
import { GroupedRuns, type GroupingOptions } from '../src/views/runs/groupedRuns';
import { report, timeMedian } from './report';

const RUNS = 100_000;
const EXPERIMENTS = ['train', 'finetune', 'eval', 'sweep-lr', 'ablation'];

function manifests(): RunManifest[] {
  const t0 = Date.UTC(2024, 0, 1);
  return Array.from({ length: RUNS }, (_, i) => {
    const at = t0 + i * 60_000;
    const m = newManifest({ experiment: EXPERIMENTS[i % EXPERIMENTS.length] ?? null, command: ['python', 'train.py'], shell: false, cwd: '/w',
      params: { lr: [0.001, 0.01, 0.1][i % 3] ?? 0.01 }, env: {}, tags: i % 10 ? [] : ['baseline'] }, newRunId(at), `run-${i + 1}`, new Date(at));
    const acc = (i % 97) / 100;
    return { ...m, status: 'finished', metrics: { acc: { count: 20, last: acc, lastStep: 19, min: 0, max: acc, nonFinite: 0 } } };
  });
}

/** Builds the model, then times a rebuild, a filtered rebuild, a new run and a live value. */
export async function bench(): Promise<void> {
  const runs = manifests();
  const all: GroupingOptions = { groupBy: 'experiment', sort: { by: 'newest' }, matches: () => true };
  const baseline = await timeMedian(5, () => [...runs].sort((a, b) => (a.id < b.id ? 1 : -1)).length);
  const build = await timeMedian(5, () => new GroupedRuns(all, runs).size);
  report({ name: `Runs view model: group and sort ${RUNS.toLocaleString('en-US')} runs (first paint, Clear Filter)`, value: build, unit: 'ms',
    baseline: { name: 'sorting them by id alone', value: baseline }, target: '<= 300 ms', pass: build <= 300 });
  const filter = compileFilter('tag:baseline and acc > 0.5');
  const filtered = await timeMedian(5, () => new GroupedRuns({ ...all, matches: filter }, runs).size);
  report({ name: `Runs view model: the same with a filter (tag:baseline and acc > 0.5)`, value: filtered, unit: 'ms', target: '<= 300 ms', pass: filtered <= 300 });
  const unfiltered = new GroupedRuns(all, runs);
  const narrowed = await timeMedian(5, () => unfiltered.narrowed(filter).size);
  report({ name: 'Runs view model: the same filter narrowing the unfiltered grouping the view keeps (a new filter; Clear Filter reuses that grouping)', value: narrowed, unit: 'ms',
    baseline: { name: 'grouping the runs with the filter afresh', value: filtered }, target: '<= 300 ms', pass: narrowed <= 300 });
  const model = new GroupedRuns(all, runs);
  let k = 0;
  const add = await timeMedian(21, () => {
    const m = { ...(runs[RUNS - 1] as RunManifest), id: newRunId(Date.UTC(2030, 0, 1) + k++ * 1000) };
    return model.apply([{ id: m.id, after: m }]).changedGroups.size;
  });
  report({ name: 'Runs view model: take in one new run (the redraw it asks for: its group)', value: add, unit: 'ms', target: '<= 5 ms', pass: add <= 5 });
  const live = runs[RUNS - 2] as RunManifest;
  let v = 0;
  const value = await timeMedian(21, () => model.apply([{ id: live.id, after: { ...live, metrics: { acc: { count: 21 + v, last: (v++ % 10) / 10, lastStep: 20, min: 0, max: 1, nonFinite: 0 } } } }]).rows.size);
  report({ name: 'Runs view model: take in a live run\'s new value (the redraw it asks for: its row)', value, unit: 'ms', target: '<= 5 ms', pass: value <= 5 });
}
