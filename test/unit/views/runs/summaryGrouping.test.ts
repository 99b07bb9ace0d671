// The Runs view's model on run summaries from the store's index (what the view holds since it no
// longer keeps manifests): grouping (the branch group of a detached HEAD included), the core
// filter and sort, paging, a live change taken in as a summary, and reproduction marks.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { compileFilter } from '../../../../src/core/query/evaluate';
import { ReproductionIndex } from '../../../../src/core/reproduce/reproductions';
import { readManifest, writeManifest } from '../../../../src/core/store/manifest';
import { RunStore } from '../../../../src/core/store/store';
import { summarize, type RunSummary } from '../../../../src/core/store/summary';
import { GroupedRuns, groupKey } from '../../../../src/views/runs/groupedRuns';
import { tempWorkspace } from '../../store/helpers/util';

const base = { command: ['python', 'train.py'], shell: false, cwd: '/w', env: {} };

describe('Runs view model on run summaries', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let store: RunStore;
  const dir = (id: string): string => join(ws.dir, '.runlens', 'runs', id);

  /** Edits a finished run's run.json as a writer would (and journals it, so the index re-reads it). */
  async function edit(id: string, change: (m: NonNullable<Awaited<ReturnType<typeof readManifest>>>) => object): Promise<void> {
    const m = (await readManifest(dir(id), id))!;
    await writeManifest(dir(id), { ...m, ...change(m) });
    await store.update(id, { note: m.note }); // journals the change
  }

  beforeEach(async () => {
    ws = tempWorkspace();
    store = RunStore.open(ws.dir);
    // 12 runs, oldest first: experiments a/b alternate, acc = i / 10, every third tagged baseline.
    for (let i = 0; i < 12; i++) {
      const w = await store.createRun({ ...base, experiment: i % 2 ? 'b' : 'a', params: { lr: i / 100 }, tags: i % 3 ? [] : ['baseline'] });
      await w.appendMetrics([{ time: Date.now(), step: 0, values: { acc: i / 10 } }]);
      await w.ingest();
      await w.finish({ status: 'finished', exitCode: 0, signal: null });
    }
    await store.listSummaries(); // the index is built, as the extension's first listing does
  });
  afterEach(() => ws.cleanup());

  it('groups, filters with the core filter, sorts and pages the index summaries', async () => {
    const summaries = await store.listSummaries();
    const baseline = compileFilter('tag:baseline and acc > 0.2');
    const model = new GroupedRuns<RunSummary>({ groupBy: 'experiment', sort: { by: 'metric', metric: 'acc', direction: 'desc' }, matches: baseline, pageSize: 1 }, summaries);
    // Baseline runs are 0, 3, 6, 9 (acc 0, .3, .6, .9): a holds 6, b holds 3 and 9.
    assert.deepEqual(model.keys().sort(), ['a', 'b']);
    assert.deepEqual(model.page('b').runs.map((r) => r.metrics.acc?.last), [0.9]);
    assert.equal(model.page('b').more, 1);
    model.showMore('b');
    assert.deepEqual(model.page('b').runs.map((r) => r.metrics.acc?.last), [0.9, 0.3]);
    assert.deepEqual(model.page('a').runs.map((r) => r.metrics.acc?.last), [0.6]);
    assert.equal(model.size, 3);
  });

  it('groups by branch from a summary, a commit without a branch as a detached HEAD', async () => {
    const [detached, onMain, noGit] = (await store.listSummaries()).map((s) => s.id);
    const code = (commit: string | null, branch: string | null, isDetached: boolean): object => ({
      status: 'ok', message: null, commit, branch, detached: isDetached, remote: null, dirty: false, changed: [], untracked: [],
      shallow: false, worktree: false, submodules: [], snapshot: null, patchFile: null, warnings: [], durationMs: 1,
    });
    await edit(detached!, () => ({ code: code('c'.repeat(40), null, true) }));
    await edit(onMain!, () => ({ code: code('d'.repeat(40), 'main', false) }));
    const summaries = new Map((await store.listSummaries()).map((s) => [s.id, s]));
    assert.equal(summaries.get(detached!)?.code?.branch, null); // the summary has no `detached`...
    assert.equal(groupKey(summaries.get(detached!)!, 'branch'), '(detached HEAD)'); // ...and still groups as one
    assert.equal(groupKey(summaries.get(onMain!)!, 'branch'), 'main');
    assert.equal(groupKey(summaries.get(noGit!)!, 'branch'), '(no git)');
    // The same keys as from the whole manifests.
    for (const id of [detached!, onMain!, noGit!]) assert.equal(groupKey((await store.getRun(id))!, 'branch'), groupKey(summaries.get(id)!, 'branch'));
  });

  it('takes in a changed run as its summary: a live value redraws its row, a new tag moves it into the filter', async () => {
    const summaries = await store.listSummaries();
    const model = new GroupedRuns<RunSummary>({ groupBy: 'experiment', sort: { by: 'newest' }, matches: compileFilter('tag:best'), pageSize: 5 }, summaries);
    assert.equal(model.size, 0);
    const newest = summaries[0]!;
    await store.update(newest.id, { addTags: ['best'] });
    const delta = model.apply([{ id: newest.id, after: summarize((await store.getRun(newest.id))!) }]);
    assert.deepEqual([...delta.changedGroups], [newest.experiment]);
    assert.equal(delta.groups, true);
    assert.deepEqual(model.page(newest.experiment!).runs.map((r) => r.id), [newest.id]);
    const w = await store.createRun({ ...base, experiment: newest.experiment, params: {}, tags: ['best'] });
    const live = model.apply([{ id: w.id, after: summarize((await store.getRun(w.id))!) }]);
    assert.deepEqual(model.page(newest.experiment!).runs.map((r) => r.id), [w.id, newest.id]);
    assert.deepEqual([...live.changedGroups], [newest.experiment]);
    await w.appendMetrics([{ time: Date.now(), step: 0, values: { acc: 1 } }]);
    await w.ingest();
    const value = model.apply([{ id: w.id, after: summarize((await store.getRun(w.id))!) }]);
    assert.deepEqual([...value.rows], [w.id]);
    assert.deepEqual([...value.changedGroups], []);
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
  });

  it('finds reproductions and their verdicts from summaries as from manifests', async () => {
    const [original, repro] = (await store.listSummaries()).map((s) => s.id).reverse();
    await edit(repro!, () => ({ reproducedFrom: original, verdict: 'diverged' }));
    const summaries = await store.listSummaries();
    const manifests = await store.listRuns();
    const fromSummaries = new ReproductionIndex(summaries);
    const fromManifests = new ReproductionIndex(manifests);
    const state = fromSummaries.stateOf(summaries.find((s) => s.id === original)!);
    assert.equal(state?.role, 'original');
    assert.equal(state?.verdict, 'diverged');
    assert.equal(state?.role === 'original' ? state.latest.id : '', repro);
    assert.equal(fromSummaries.holds(repro!), true);
    assert.equal(fromSummaries.holds(original!), false);
    assert.deepEqual(fromSummaries.of(original!).map((r) => r.id), fromManifests.of(original!).map((r) => r.id));
  });
});
