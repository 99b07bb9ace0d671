// The Runs Table model's orders come from filter results and sort keys it keeps between queries
// (queryCache.ts): every order of a sequence of sorts and filters, before and after runs change,
// is the one applyQuery (core's filter and column sort over the runs as they are) gives.
import * as assert from 'node:assert/strict';
import { type ParamValue } from '../../../src/core/model';
import { summarize, type RunSummary } from '../../../src/core/store/summary';
import { type TableQuery, type TableSortKey } from '../../../src/protocol/runsTable';
import { unpack } from '../../../src/views/runsTable/codec';
import { RunsTableModel } from '../../../src/views/runsTable/model';
import { applyQuery } from '../../../src/views/runsTable/query';
import { metric, run } from '../query/helpers';

const NOW = Date.parse('2024-02-01T00:00:00Z');
const QUERY: TableQuery = { filter: '', quick: { statuses: [], starred: false, tags: [] }, sort: [] };
const LR: readonly (ParamValue | undefined)[] = [0.1, 0.01, 0.001, undefined, null, 'auto', 'Auto', true];
const ACC = [0.5, 0.25, 0.25, NaN, Infinity, -Infinity, undefined];

/** Run `i` of a sweep with ties, missing values, non-finite metrics and texts among numbers. */
function sweepRun(i: number, version = 0): RunSummary {
  const lr = LR[(i * 5) % LR.length];
  const acc = ACC[(i * 3 + version) % ACC.length];
  return summarize(run(`2024${String(i).padStart(5, '0')}`, {
    name: `run ${i % 13}`, status: i % 7 === 0 ? 'failed' : 'finished', tags: i % 4 === 0 ? ['baseline'] : [],
    params: { ...(lr === undefined ? {} : { lr }), model: i % 3 ? 'vit' : 'resnet' },
    metrics: acc === undefined ? {} : { acc: metric(acc, acc / 2, acc * 2) },
  }));
}

const SORTS: readonly TableSortKey[][] = [
  [{ column: 'metric:acc', direction: 'desc' }], [{ column: 'metric:acc', direction: 'asc' }],
  [{ column: 'param:lr', direction: 'asc' }, { column: 'metric:acc', direction: 'desc' }], [{ column: 'name', direction: 'asc' }],
  [{ column: 'param:model', direction: 'desc' }, { column: 'param:lr', direction: 'desc' }], [],
];
const FILTERS = ['', 'lr < 0.05 and status:finished', 'acc > 0.3 or model == resnet', 'lr <', ''];

describe('runs table model: orders from kept filter results and sort keys', () => {
  it('gives applyQuery\'s order for every sort and filter in a row, before and after runs change', () => {
    let runs = Array.from({ length: 300 }, (_, i) => sweepRun(i));
    const model = new RunsTableModel(() => undefined, () => NOW);
    const snapshot = model.snapshot('/ws', runs, QUERY, null);
    const columns = new Map(snapshot.columns.map((c) => [c.key, c]));
    const ids = [...snapshot.runIds];
    const check = (query: TableQuery, label: string): void => {
      const order = model.order(query);
      const expected = applyQuery(runs, query, columns, { now: NOW });
      assert.deepEqual(unpack(order.order, 4).map((slot) => ids[slot]), expected.runs.map((r) => r.id), label);
      assert.equal(order.filterError, expected.filterError, label);
    };
    const queries = FILTERS.flatMap((filter) => SORTS.map((sort) => ({ ...QUERY, filter, sort })));
    queries.push({ ...QUERY, sort: SORTS[0] ?? [], quick: { statuses: ['finished'], starred: false, tags: ['baseline'] } });
    for (const query of queries) check(query, `before: ${JSON.stringify(query)}`);
    // Runs change (new values and a new run): nothing kept before may answer for them.
    const changed = [3, 10, 11, 299].map((i) => sweepRun(i, 1));
    const added = sweepRun(300);
    runs = runs.map((r) => changed.find((c) => c.id === r.id) ?? r).concat(added);
    const byId = new Map(runs.map((r) => [r.id, r]));
    model.update([...changed.map((r) => r.id), added.id], (id) => byId.get(id));
    ids.push(added.id);
    for (const query of queries) check(query, `after: ${JSON.stringify(query)}`);
  });
});
