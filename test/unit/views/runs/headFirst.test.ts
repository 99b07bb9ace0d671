// Drawing the newest runs before the whole listing (views/runs/headFirst.ts): the first pages drawn
// from them are the whole listing's wherever a group has a full page among them, and completing the
// view names exactly the groups and "Show more…" rows that change.
import * as assert from 'node:assert/strict';
import { type RunManifest } from '../../../../src/core/model';
import { newRunId } from '../../../../src/core/store/ids';
import { newManifest } from '../../../../src/core/store/manifest';
import { GroupedRuns, type GroupingOptions } from '../../../../src/views/runs/groupedRuns';
import { completeHead, headFirstApplies, headShowsMore } from '../../../../src/views/runs/headFirst';

const T0 = Date.UTC(2025, 0, 1);

/** Run number `i` (later numbers are newer) of `experiment`. */
function run(i: number, experiment: string): RunManifest {
  const id = newRunId(T0 + i * 1000);
  return newManifest({ experiment, command: ['python', 'train.py'], shell: false, cwd: '/w', params: {}, env: {} }, id, `run-${i}`, new Date(T0 + i * 1000));
}

const options: GroupingOptions = { groupBy: 'experiment', sort: { by: 'newest' }, matches: () => true, pageSize: 10 };

/** The store newest first, as a listing gives it, and its newest `n` (what the view draws first). */
function store(runs: RunManifest[], n: number): { all: RunManifest[]; head: RunManifest[] } {
  const all = [...runs].sort((a, b) => (a.id < b.id ? 1 : -1));
  return { all, head: all.slice(0, n) };
}

const ids = (runs: readonly { id: string }[]): string[] => runs.map((r) => r.id);

describe('head-first Runs view', () => {
  it('draws from the newest runs the same first pages as the whole listing for every group with a full page', () => {
    // 400 runs over three experiments; the newest 60 hold 20 of each, two full pages' worth.
    const { all, head } = store(Array.from({ length: 400 }, (_, i) => run(i, ['train', 'eval', 'sweep'][i % 3]!)), 60);
    const full = new GroupedRuns(options, all);
    const first = new GroupedRuns(options, head);
    assert.deepEqual(first.keys(), full.keys());
    for (const key of full.keys()) {
      assert.deepEqual(ids(first.page(key).runs), ids(full.page(key).runs), key);
      assert.ok(headShowsMore(first, key), `${key} shows "Show more…" while counting`);
    }
    const done = completeHead(first, full);
    assert.deepEqual(done, { groups: false, pages: new Set(), counts: new Set(['train', 'eval', 'sweep']) });
    assert.equal(full.page('train').more, 134 - 10, 'the count after completion is the whole group\'s');
  });

  it('redraws a group that had less than a page among the newest runs, and adds the groups only older runs have', () => {
    // "eval" has 3 runs among the newest 30; "old" has runs only before them.
    const runs = [
      ...Array.from({ length: 100 }, (_, i) => run(i, 'old')),
      ...Array.from({ length: 100 }, (_, i) => run(100 + i, i % 10 === 0 ? 'eval' : 'train')),
    ];
    const { all, head } = store(runs, 30);
    const full = new GroupedRuns(options, all);
    const first = new GroupedRuns(options, head);
    assert.deepEqual(first.keys(), ['train', 'eval']);
    const done = completeHead(first, full);
    assert.equal(done.groups, true, 'a group came: the view is redrawn from its top');
    assert.deepEqual([...done.pages], ['eval', 'old']);
    assert.deepEqual([...done.counts], ['train']);
    assert.equal(full.page('eval').runs.length, 10);
  });

  it('applies only to the newest-first order without a filter', () => {
    assert.equal(headFirstApplies({ by: 'newest' }, false), true);
    assert.equal(headFirstApplies({ by: 'newest' }, true), false);
    assert.equal(headFirstApplies({ by: 'name' }, false), false);
    assert.equal(headFirstApplies({ by: 'metric', metric: 'acc', direction: 'desc' }, false), false);
  });
});
