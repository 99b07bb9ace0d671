// The Runs Table's columns from the store's catalog of names (core/store/catalog.ts): the same
// columns as a walk over the runs, metric goals declared by any experiment logging the metric, and
// a new param or metric arriving with a live run after a snapshot built from the catalog.
import * as assert from 'node:assert/strict';
import { addToCatalog, catalogOf } from '../../../src/core/store/catalog';
import { summarize } from '../../../src/core/store/summary';
import { type TableQuery } from '../../../src/protocol/runsTable';
import { isRunsTableToWebview } from '../../../src/protocol/runsTableGuards';
import { columnsOf, tableContext } from '../../../src/views/runsTable/columns';
import { RunsTableModel } from '../../../src/views/runsTable/model';
import { metric, run } from '../query/helpers';

const QUERY: TableQuery = { filter: '', quick: { statuses: [], starred: false, tags: [] }, sort: [] };

describe('runs table columns from the catalog', () => {
  const runs = [
    run('20240103-c', { name: 'c', params: { lr: 0.001, model: 'vit' }, metrics: { score: 0.9, acc: 0.9 } }),
    run('20240102-b', { name: 'b', experiment: 'eval', params: { lr: 0.01, batch: 32 }, metrics: { score: metric(0.5, 0.4, 1) } }),
    run('20240101-a', { name: 'a', experiment: null, params: { lr: 0.1 }, metrics: { val_loss: 0.75 } }),
  ].map(summarize);

  it('gives the columns a walk over the runs gives, in the same order', () => {
    const withCatalog = new RunsTableModel(() => undefined).snapshot('/ws', runs, QUERY, null, catalogOf(runs));
    const walked = new RunsTableModel(() => undefined).snapshot('/ws', runs, QUERY, null);
    assert.deepEqual(withCatalog.columns, walked.columns);
    assert.deepEqual(withCatalog.columns.filter((c) => c.group === 'params').map((c) => c.key), ['param:batch', 'param:lr', 'param:model']);
  });

  it('takes its columns from the catalog, not from the runs (a name no listed run has is a column)', () => {
    const catalog = catalogOf(runs);
    addToCatalog(catalog, { experiment: 'train', params: { momentum: 0.9 }, metrics: {} });
    const s = new RunsTableModel(() => undefined).snapshot('/ws', runs, QUERY, null, catalog);
    assert.ok(s.columns.some((c) => c.key === 'param:momentum'));
  });

  it('marks a metric\'s goal as declared by any experiment that logs it', () => {
    const declared = (exp: string | null) => (exp === 'eval' ? { primary: 'score', goal: 'min' as const } : undefined);
    const columns = columnsOf(catalogOf(runs), tableContext(runs, declared));
    assert.equal(columns.find((c) => c.key === 'metric:score')?.goal, 'min', 'eval declares score, though train\'s newer run logs it too');
    assert.equal(columns.find((c) => c.key === 'metric:val_loss')?.goal, 'min', 'by name');
    assert.equal(columns.find((c) => c.key === 'metric:acc')?.goal, 'max');
  });

  it('adds a new param and metric a live run brings after a snapshot from the catalog, with its cells', () => {
    const m = new RunsTableModel(() => undefined);
    const s = m.snapshot('/ws', runs, QUERY, null, catalogOf(runs));
    const live = new Map(runs.map((r) => [r.id, r]));
    live.set('20240104-d', { ...summarize(run('20240104-d', { name: 'd', params: { lr: 0.1 }, metrics: {} })), status: 'running' });
    const first = m.update(['20240104-d'], (id) => live.get(id));
    assert.deepEqual(first?.columnsAdded, []);
    const d = live.get('20240104-d');
    assert.ok(d);
    live.set(d.id, { ...d, params: { ...d.params, warmup: 100 }, metrics: { f1: metric(0.625) } });
    const rows = m.update([d.id], (id) => live.get(id));
    assert.ok(rows && isRunsTableToWebview(rows));
    assert.deepEqual(rows.columnsAdded.map((c) => c.key), ['param:warmup', 'metric:f1']);
    const strings = [...s.strings, ...(first?.strings ?? []), ...rows.strings];
    const cells = rows.rows.find((r) => r.id === d.id)?.cells ?? [];
    assert.equal(strings[cells[s.columns.length] ?? 0], '100');
    assert.equal(strings[cells[s.columns.length + 1] ?? 0], '0.625');
  });
});
