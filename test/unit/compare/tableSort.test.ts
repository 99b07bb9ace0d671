// The Compare page's metrics table sort (asc → desc → compared order; missing and non-finite values
// last in both directions, as core's run sort) and when a sweep axis turns logarithmic.
import * as assert from 'node:assert/strict';
import { type CompareRun, isCompareViewState, type RunMetricStats } from '../../../src/protocol/compare';
import { decades, logPosition, wantsLogAxis } from '../../../webview/compare/logAxis';
import { ariaSort, nextSort, sortRuns } from '../../../webview/compare/tableSort';

function run(id: string, stats: Partial<RunMetricStats>[] = [], params: CompareRun['params'] = {}): CompareRun {
  return {
    id, name: id, status: 'finished', experiment: 'train', color: '#4e79a7', startedAt: 0, params,
    stats: stats.map((s) => ({ metric: 'loss', last: 1, best: null, min: null, max: null, count: 1, ...s })),
    code: null, data: [],
  };
}

const ids = (runs: readonly CompareRun[]): string[] => runs.map((r) => r.id);

describe('compare metrics table sort', () => {
  const runs = [
    run('a', [{ last: 0.5, min: 0.2 }]),
    run('b', [{ last: 'NaN', min: 0.1 }]),
    run('c'),
    run('d', [{ last: 0.1, min: 0.3 }]),
    run('e', [{ last: 0.5, min: null }]),
  ];

  it('cycles a header from ascending to descending to the compared order', () => {
    const asc = nextSort(null, 'loss', 'last');
    assert.deepEqual(asc, { metric: 'loss', column: 'last', direction: 'asc' });
    const desc = nextSort(asc, 'loss', 'last');
    assert.deepEqual(desc, { metric: 'loss', column: 'last', direction: 'desc' });
    assert.equal(nextSort(desc, 'loss', 'last'), null);
    assert.deepEqual(nextSort(desc, 'loss', 'min'), { metric: 'loss', column: 'min', direction: 'asc' }, 'another column starts ascending');
    assert.equal(ariaSort(asc, 'loss', 'last'), 'ascending');
    assert.equal(ariaSort(desc, 'loss', 'last'), 'descending');
    assert.equal(ariaSort(desc, 'loss', 'min'), 'none');
  });

  it('puts missing and non-finite values last in both directions; ties keep the compared order', () => {
    assert.deepEqual(ids(sortRuns(runs, { metric: 'loss', column: 'last', direction: 'asc' })), ['d', 'a', 'e', 'b', 'c']);
    assert.deepEqual(ids(sortRuns(runs, { metric: 'loss', column: 'last', direction: 'desc' })), ['a', 'e', 'd', 'b', 'c']);
    assert.deepEqual(ids(sortRuns(runs, { metric: 'loss', column: 'min', direction: 'desc' })), ['d', 'a', 'b', 'c', 'e']);
    assert.deepEqual(ids(sortRuns(runs, null)), ['a', 'b', 'c', 'd', 'e']);
  });

  it('sorts by run name with numbers in numeric order', () => {
    const named = [run('x-10'), run('x-9'), run('X-1')];
    assert.deepEqual(ids(sortRuns(named, { metric: null, column: 'name', direction: 'asc' })), ['X-1', 'x-9', 'x-10']);
    assert.deepEqual(ids(sortRuns(named, { metric: null, column: 'name', direction: 'desc' })), ['x-10', 'x-9', 'X-1']);
  });

  it('keeps the sort in the view state and rejects a malformed one', () => {
    const state = { folder: '/w', ids: ['a'], baseline: null, xAxis: 'step', smoothing: 0, logScale: false, onlyDiff: true, scatterParam: null, scatterMetric: null };
    assert.ok(isCompareViewState({ ...state, metricsSort: { metric: 'loss', column: 'best', direction: 'desc' } }));
    assert.ok(isCompareViewState({ ...state, metricsSort: null }));
    assert.ok(isCompareViewState(state), 'older state without a sort');
    assert.ok(!isCompareViewState({ ...state, metricsSort: { metric: 'loss', column: 'median', direction: 'desc' } }));
    assert.ok(!isCompareViewState({ ...state, metricsSort: { metric: 'loss', column: 'last', direction: 'up' } }));
  });
});

describe('compare log axis', () => {
  it('is logarithmic when every value is positive and max/min is 100 or more', () => {
    assert.equal(wantsLogAxis([1e-4, 1e-3, 1e-2]), true);
    assert.equal(wantsLogAxis([1, 100]), true);
    assert.equal(wantsLogAxis([1, 99.9]), false, 'less than two decades');
    assert.equal(wantsLogAxis([0, 0.001, 1]), false, 'zero has no logarithm');
    assert.equal(wantsLogAxis([-1, 1000]), false);
    assert.equal(wantsLogAxis([5]), false);
    assert.equal(wantsLogAxis([0.01, NaN, 10]), true, 'non-finite values are ignored');
  });

  it('places values and decade ticks on the log scale', () => {
    assert.equal(logPosition(1e-3, 1e-4, 1e-2), 0.5);
    assert.deepEqual(decades(2e-4, 0.5), [1e-3, 1e-2, 1e-1]);
    assert.deepEqual(decades(1e-4, 1), [1e-4, 1e-3, 1e-2, 1e-1, 1]);
  });
});
