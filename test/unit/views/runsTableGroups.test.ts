// The Runs Table's grouped rows and sparklines: the host groups the query's order by the Runs view's
// rule (experiment, ad-hoc runs under the tree's label), the page lays out header rows and folds
// groups, the sparkline series are read from the run's own files for the rows asked about only,
// and the page asks again after a run changed; plus the guards of the new messages.
import * as assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { summarize } from '../../../src/core/store/summary';
import { RunStore } from '../../../src/core/store/store';
import { SparkSeriesCache } from '../../../src/extension/runsTable/sparkSeries';
import { type TableQuery } from '../../../src/protocol/runsTable';
import { isRunsTableFromWebview, isRunsTableToWebview } from '../../../src/protocol/runsTableGuards';
import { unpack } from '../../../src/views/runsTable/codec';
import { RunsTableModel } from '../../../src/views/runsTable/model';
import { DisplayRows } from '../../../webview/runsTable/rows';
import { Sparks } from '../../../webview/runsTable/sparks';
import { run } from '../query/helpers';
import { tempWorkspace } from '../store/helpers/util';

const QUERY: TableQuery = { filter: '', quick: { statuses: [], starred: false, tags: [] }, sort: [] };

describe('runs table groups and sparklines', () => {
  const runs = [
    run('20240105-e', { name: 'e', experiment: 'tune', metrics: { acc: 0.5 } }),
    run('20240104-d', { name: 'd', experiment: null, metrics: { acc: 0.95 } }),
    run('20240103-c', { name: 'c', experiment: 'train', metrics: { acc: 0.9 } }),
    run('20240102-b', { name: 'b', experiment: 'tune', metrics: { acc: 0.7 } }),
    run('20240101-a', { name: 'a', experiment: 'train', metrics: { acc: 0.6 } }),
  ].map(summarize);
  const names = (o: { order: string }): string[] => unpack(o.order, 4).map((slot) => runs[slot]?.name ?? '?');

  it('groups the order by experiment as the Runs view does, groups in the order of their first run', () => {
    const m = new RunsTableModel(() => undefined);
    const s = m.snapshot('/ws', runs, { ...QUERY, group: 'experiment' }, null);
    assert.deepEqual(names(s), ['e', 'b', 'd', 'c', 'a'], 'newest first inside each group, the newest run\'s group first');
    assert.deepEqual(s.groups, [{ key: 'tune', count: 2 }, { key: '(ad-hoc commands)', count: 1 }, { key: 'train', count: 2 }]);
    const sorted = m.order({ ...QUERY, group: 'experiment', sort: [{ column: 'metric:acc', direction: 'desc' }] });
    assert.deepEqual(names(sorted), ['d', 'c', 'a', 'b', 'e'], 'sorted inside each group; the group of the top run leads');
    const filtered = m.order({ ...QUERY, group: 'experiment', filter: 'acc > 0.65' });
    assert.deepEqual(filtered.groups, [{ key: '(ad-hoc commands)', count: 1 }, { key: 'train', count: 1 }, { key: 'tune', count: 1 }], 'only groups with shown runs');
    const flat = m.order({ ...QUERY, group: 'none' });
    assert.deepEqual([names(flat), flat.groups], [['e', 'd', 'c', 'b', 'a'], []], 'not grouped: no groups, newest first');
  });

  it('lays out a header row before each group and folds a group to its header', () => {
    const rows = new DisplayRows();
    rows.build(5, [], new Set());
    assert.deepEqual([rows.length, rows.orderIndex(4), rows.groupAt(0)], [5, 4, undefined], 'not grouped: one row per run');
    const groups = [{ key: 'tune', count: 2 }, { key: 'train', count: 3 }];
    rows.build(5, groups, new Set());
    assert.equal(rows.length, 7);
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((r) => rows.groupAt(r)?.key ?? rows.orderIndex(r)), ['tune', 0, 1, 'train', 2, 3, 4]);
    rows.build(5, groups, new Set(['tune']));
    assert.deepEqual([0, 1, 2, 3, 4].map((r) => rows.groupAt(r)?.key ?? rows.orderIndex(r)), ['tune', 'train', 2, 3, 4]);
    assert.equal(rows.length, 5);
    assert.equal(rows.orderIndex(5), undefined);
  });

  it('asks for the series of the rows drawn only, once, and again for a run that changed', () => {
    const asked: [string, string[]][] = [];
    const sparks = new Sparks((column, ids) => asked.push([column, ids]));
    assert.equal(sparks.get('metric:acc', 'a'), undefined);
    sparks.get('metric:acc', 'b');
    sparks.flush();
    assert.deepEqual(asked, [['metric:acc', ['a', 'b']]]);
    sparks.get('metric:acc', 'a');
    sparks.flush();
    assert.equal(asked.length, 1, 'an unanswered request is not repeated');
    sparks.receive('metric:acc', [{ id: 'a', values: [1, 2, 3] }, { id: 'b', values: [] }]);
    assert.deepEqual(sparks.get('metric:acc', 'a'), [1, 2, 3]);
    sparks.flush();
    assert.equal(asked.length, 1, 'a known series is not asked for');
    sparks.invalidate(['a']);
    assert.deepEqual(sparks.get('metric:acc', 'a'), [1, 2, 3], 'drawn as it was until the new series comes');
    sparks.flush();
    assert.deepEqual(asked[1], ['metric:acc', ['a']]);
  });

  it('reads a run\'s series from its files, downsampled, and again once it logged more', async () => {
    const ws = tempWorkspace();
    try {
      const store = RunStore.open(ws.dir);
      const w = await store.createRun({ name: 'live', experiment: null, command: ['python', 'x.py'], shell: false, cwd: ws.dir, params: {}, env: {} });
      await w.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, {});
      await w.appendMetrics([1, 2, 3].map((step) => ({ time: 1000 + step, step, values: { loss: 10 - step, bad: step === 2 ? NaN : step } })));
      await w.ingest();
      const cache = new SparkSeriesCache((id) => store.runDir(id));
      const summaryOf = async (): Promise<ReturnType<typeof summarize>> => summarize((await store.getRun(w.id)) ?? assert.fail('no run'));
      assert.deepEqual(await cache.read('loss', [await summaryOf()]), [{ id: w.id, values: [9, 8, 7] }]);
      assert.deepEqual(await cache.read('bad', [await summaryOf()]), [{ id: w.id, values: [1, 3] }], 'non-finite values are left out');
      assert.deepEqual(await cache.read('nope', [await summaryOf()]), [{ id: w.id, values: [] }]);
      await w.appendMetrics(Array.from({ length: 100 }, (_, i) => ({ time: 2000 + i, step: 4 + i, values: { loss: i } })));
      await w.ingest();
      const [again] = await cache.read('loss', [await summaryOf()]);
      assert.equal(again?.values.length, 40, 'downsampled to the sparkline\'s points');
      assert.equal(again?.values.at(-1), 99);
    } finally {
      ws.cleanup();
    }
  });

  it('guards the grouping, fold, sparkline and series messages', () => {
    assert.ok(isRunsTableFromWebview({ type: 'query', query: { ...QUERY, group: 'experiment' } }));
    assert.ok(!isRunsTableFromWebview({ type: 'query', query: { ...QUERY, group: 'branch' } }));
    assert.ok(isRunsTableFromWebview({ type: 'series', column: 'metric:acc', ids: ['a'] }));
    assert.ok(!isRunsTableFromWebview({ type: 'series', column: 'metric:acc', ids: [1] }));
    const layout = { order: [], widths: {}, hidden: [], pinned: [], collapsed: [], aggregates: {}, onlyDiffering: false };
    assert.ok(isRunsTableFromWebview({ type: 'layout', layout }), 'a layout kept before groups and sparklines existed');
    assert.ok(isRunsTableFromWebview({ type: 'layout', layout: { ...layout, foldedGroups: ['train'], sparklines: ['metric:acc'] } }));
    assert.ok(!isRunsTableFromWebview({ type: 'layout', layout: { ...layout, sparklines: 'metric:acc' } }));
    assert.ok(isRunsTableToWebview({ type: 'series', column: 'metric:acc', series: [{ id: 'a', values: [1, 2] }] }));
    assert.ok(!isRunsTableToWebview({ type: 'series', column: 'metric:acc', series: [{ id: 'a', values: ['<b>'] }] }));
    assert.ok(isRunsTableToWebview({ type: 'order', order: '', shown: 0, total: 0, best: [], differing: [], filterError: null, groups: [{ key: 'train', count: 0 }] }));
    assert.ok(!isRunsTableToWebview({ type: 'order', order: '', shown: 0, total: 0, best: [], differing: [], filterError: null }));
  });
});
