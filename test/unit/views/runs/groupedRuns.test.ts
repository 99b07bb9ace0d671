// The Runs view's model at scale: paging per group (newest first, "Show more…"), filtering over
// the whole store before paging, and each change naming only the groups or rows to redraw.
import * as assert from 'node:assert/strict';
import { type RunManifest, type RunStatus } from '../../../../src/core/model';
import { parseFilter } from '../../../../src/core/query/parse';
import { matchesFilter } from '../../../../src/core/query/evaluate';
import { newRunId } from '../../../../src/core/store/ids';
import { newManifest } from '../../../../src/core/store/manifest';
import { type GroupedRun, GroupedRuns, type GroupingOptions } from '../../../../src/views/runs/groupedRuns';

const T0 = Date.UTC(2025, 0, 1);

/** Run number `i` (later numbers are newer) of `experiment`, with acc = `acc`. */
function run(i: number, experiment: string | null, acc: number, status: RunStatus = 'finished'): RunManifest {
  const id = newRunId(T0 + i * 1000);
  const m = newManifest({ experiment, command: ['python', 'train.py'], shell: false, cwd: '/w', params: {}, env: {} }, id, `run-${i}`, new Date(T0 + i * 1000));
  return { ...m, status, metrics: { acc: { count: 1, last: acc, lastStep: 0, min: acc, max: acc, nonFinite: 0 } } };
}

const withAcc = (r: RunManifest, acc: number): RunManifest => ({ ...r, metrics: { acc: { count: 2, last: acc, lastStep: 1, min: acc, max: acc, nonFinite: 0 } } });

function options(over: Partial<GroupingOptions> = {}): GroupingOptions {
  return { groupBy: 'experiment', sort: { by: 'newest' }, matches: () => true, pageSize: 10, ...over };
}

const names = (runs: readonly RunManifest[]): string[] => runs.map((r) => r.name);

describe('GroupedRuns', () => {
  it('shows a page of each group, newest first, and one more page per "Show more"', () => {
    const runs = Array.from({ length: 25 }, (_, i) => run(i, 'train', 0.5));
    const model = new GroupedRuns(options(), runs);
    let page = model.page('train');
    assert.deepEqual(names(page.runs), Array.from({ length: 10 }, (_, i) => `run-${24 - i}`));
    assert.equal(page.more, 15);
    model.showMore('train');
    page = model.page('train');
    assert.equal(page.runs.length, 20);
    assert.equal(page.more, 5);
    model.showMore('train');
    assert.deepEqual([model.page('train').runs.length, model.page('train').more], [25, 0]);
  });

  it('filters the whole store first, then pages what passes', () => {
    // Only every third run passes, and the matching ones are spread over the whole store.
    const runs = Array.from({ length: 60 }, (_, i) => run(i, 'train', i % 3 === 0 ? 0.9 : 0.1));
    const filter = parseFilter('acc > 0.5');
    const model = new GroupedRuns(options({ matches: (r) => matchesFilter(filter, r) }), runs);
    assert.equal(model.size, 20);
    const page = model.page('train');
    assert.deepEqual(names(page.runs), ['run-57', 'run-54', 'run-51', 'run-48', 'run-45', 'run-42', 'run-39', 'run-36', 'run-33', 'run-30']);
    assert.equal(page.more, 10);
  });

  it('narrows an unfiltered grouping to a filter as a fresh filtered one would be, leaving the unfiltered one for Clear Filter', () => {
    const runs = Array.from({ length: 60 }, (_, i) => run(i, i % 2 ? 'train' : 'eval', i % 3 === 0 ? 0.9 : 0.1));
    const filter = parseFilter('acc > 0.5');
    const matches = (r: GroupedRun): boolean => matchesFilter(filter, r);
    const all = new GroupedRuns(options({ sort: { by: 'metric', metric: 'acc', direction: 'desc' } }), runs);
    all.showMore('train');
    const narrow = all.narrowed(matches);
    const fresh = new GroupedRuns(options({ sort: { by: 'metric', metric: 'acc', direction: 'desc' }, matches }), runs);
    const shape = (m: GroupedRuns<RunManifest>): unknown => m.keys().map((k) => [k, names(m.page(k).runs), m.page(k).more]);
    assert.equal(narrow.size, 20);
    assert.deepEqual(shape(narrow), shape(fresh));
    // A run that starts to pass the filter: the narrowed model takes it in by its own filter.
    const passing = withAcc(runs[1]!, 0.95);
    assert.deepEqual([...narrow.apply([{ id: passing.id, after: passing }]).changedGroups], ['train']);
    fresh.apply([{ id: passing.id, after: passing }]);
    all.apply([{ id: passing.id, after: passing }]);
    assert.deepEqual(shape(narrow), shape(fresh));
    // The unfiltered grouping is untouched by the filter: every run, its pages as they were.
    assert.equal(all.size, 60);
    assert.deepEqual([all.page('train').runs.length, all.page('eval').runs.length], [20, 10]);
    assert.equal(all.page('train').runs[0]?.id, passing.id);
    all.resetPages();
    assert.deepEqual([all.page('train').runs.length, all.page('train').more], [10, 20], 'shown again from its first page');
  });

  it('orders groups by their newest run; a new run redraws its group, and the groups only when their order changes', () => {
    const model = new GroupedRuns(options(), [run(1, 'eval', 0.5), run(2, 'train', 0.5)]);
    assert.deepEqual(model.keys(), ['train', 'eval']);
    const newTrain = run(3, 'train', 0.5);
    let delta = model.apply([{ id: newTrain.id, after: newTrain }]);
    assert.deepEqual([delta.groups, [...delta.changedGroups], [...delta.rows]], [false, ['train'], []]);
    assert.equal(model.page('train').runs[0]?.id, newTrain.id);
    const newEval = run(4, 'eval', 0.5);
    delta = model.apply([{ id: newEval.id, after: newEval }]);
    assert.deepEqual([delta.groups, [...delta.changedGroups]], [true, ['eval']]);
    assert.deepEqual(model.keys(), ['eval', 'train']);
    const adHoc = run(5, null, 0.5);
    delta = model.apply([{ id: adHoc.id, after: adHoc }]);
    assert.equal(delta.groups, true);
    assert.deepEqual(model.keys(), ['(ad-hoc commands)', 'eval', 'train']);
  });

  it('redraws only the row of a live run whose value changed in place, and nothing for a row beyond the page', () => {
    const runs = Array.from({ length: 15 }, (_, i) => run(i, 'train', 0.5, 'running'));
    const model = new GroupedRuns(options(), runs);
    const newest = runs[14] as RunManifest;
    let delta = model.apply([{ id: newest.id, after: withAcc(newest, 0.6) }]);
    assert.deepEqual([delta.groups, [...delta.changedGroups], [...delta.rows]], [false, [], [newest.id]]);
    assert.equal(model.page('train').runs[0]?.metrics.acc?.last, 0.6);
    const oldest = runs[0] as RunManifest;
    delta = model.apply([{ id: oldest.id, after: withAcc(oldest, 0.7) }]);
    assert.deepEqual([delta.groups, [...delta.changedGroups], [...delta.rows]], [false, [], []]);
  });

  it('redraws the group when a metric sort moves a row', () => {
    const runs = [run(1, 'train', 0.1), run(2, 'train', 0.2), run(3, 'train', 0.3)];
    const model = new GroupedRuns(options({ sort: { by: 'metric', metric: 'acc', direction: 'desc' } }), runs);
    assert.deepEqual(names(model.page('train').runs), ['run-3', 'run-2', 'run-1']);
    const delta = model.apply([{ id: runs[0]!.id, after: withAcc(runs[0]!, 0.9) }]);
    assert.deepEqual([...delta.changedGroups], ['train']);
    assert.deepEqual(names(model.page('train').runs), ['run-1', 'run-3', 'run-2']);
  });

  it('drops removed runs and runs that stop matching; an emptied group goes', () => {
    const a = run(1, 'eval', 0.5, 'running');
    const b = run(2, 'train', 0.5, 'running');
    const c = run(3, 'train', 0.5, 'running');
    const model = new GroupedRuns(options({ matches: (r) => r.status === 'running' }), [a, b, c]);
    let delta = model.apply([{ id: c.id, after: undefined }]);
    assert.deepEqual([delta.groups, [...delta.changedGroups]], [false, ['train']]);
    delta = model.apply([{ id: a.id, after: { ...a, status: 'finished' } }]);
    assert.deepEqual([delta.groups, [...delta.changedGroups]], [true, ['eval']]);
    assert.deepEqual(model.keys(), ['train']);
    assert.equal(model.size, 1);
  });

  it('moves a run to its new status group', () => {
    const a = run(1, 'train', 0.5, 'running');
    const b = run(2, 'train', 0.5, 'finished');
    const model = new GroupedRuns(options({ groupBy: 'status' }), [a, b]);
    assert.deepEqual(model.keys(), ['running', 'finished']);
    const delta = model.apply([{ id: a.id, after: { ...a, status: 'failed' } }]);
    assert.deepEqual([delta.groups, [...delta.changedGroups].sort()], [true, ['failed', 'running']]);
    assert.deepEqual(model.keys(), ['failed', 'finished']);
  });

  it('extends a group\'s page to reveal an older run', () => {
    const runs = Array.from({ length: 35 }, (_, i) => run(i, 'train', 0.5));
    const model = new GroupedRuns(options(), runs);
    assert.equal(model.reveal(runs[2]!.id), 'train');
    assert.ok(model.page('train').runs.some((r) => r.id === runs[2]!.id));
    assert.equal(model.page('train').runs.length, 40 - 5);
    assert.equal(model.reveal('no-such-run'), undefined);
  });
});
