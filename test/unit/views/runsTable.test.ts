// The Runs Table's view model: the columnar snapshot (interned strings, packed cells, core's
// formatting, goal-marked best values, data markers), increments (changed, new and removed rows,
// new columns, only the strings the page lacks), queries through core's filter and sort, CSV
// export, and the protocol guards on both sides.
import * as assert from 'node:assert/strict';
import { type RunManifest } from '../../../src/core/model';
import { formatMetric } from '../../../src/core/present/format';
import { summarize } from '../../../src/core/store/summary';
import { type TableQuery, type TableSnapshot } from '../../../src/protocol/runsTable';
import { isRunsTableFromWebview, isRunsTableToWebview } from '../../../src/protocol/runsTableGuards';
import { packCells, packOrder, unpack, unpackCells } from '../../../src/views/runsTable/codec';
import { csvField, tableCsv } from '../../../src/views/runsTable/csv';
import { RunsTableModel } from '../../../src/views/runsTable/model';
import { metric, run } from '../query/helpers';

const QUERY: TableQuery = { filter: '', quick: { statuses: [], starred: false, tags: [] }, sort: [] };
const NOW = Date.parse('2024-01-02T00:00:00Z');

function dataOf(hash: string): RunManifest['data'] {
  return { hashing: true, datasets: [{ spec: 'data/train', hash, files: 1, bytes: 1, errors: 0, skipped: 0, missing: false }], outputs: [], warnings: [] };
}

/** The text of every cell of a snapshot's column, by slot. */
function column(s: TableSnapshot, key: string): string[] {
  const i = s.columns.findIndex((c) => c.key === key);
  const cells = s.cells[i];
  assert.ok(cells, `column ${key}`);
  return unpackCells(cells).map((code) => s.strings[code] ?? '?');
}

const order = (s: { order: string }): number[] => unpack(s.order, 4);

describe('runs table view model', () => {
  const manifests = [
    run('20240103-c', { name: 'c', params: { lr: 0.001, model: 'vit' }, metrics: { val_loss: metric(0.25, 0.2, 0.9), acc: 0.9 }, tags: ['best'] }),
    run('20240102-b', { name: 'b', params: { lr: 0.01, model: 'vit' }, metrics: { val_loss: metric(0.5, 0.4, 1), acc: 0.7 }, status: 'failed' }),
    run('20240101-a', { name: 'a', params: { lr: 0.1, model: 'vit' }, metrics: { val_loss: 0.75 } }),
  ];
  manifests[0]!.data = dataOf('aaaa1111bbbb');
  manifests[1]!.data = dataOf('cccc2222dddd');
  const runs = manifests.map(summarize);
  const model = (): RunsTableModel => new RunsTableModel(() => undefined, () => NOW);

  it('builds a columnar snapshot: built-ins, params, metrics, code, data; cells formatted by core', () => {
    const s = model().snapshot('/ws', runs, QUERY, null);
    assert.ok(isRunsTableToWebview(s), 'passes the page\'s guard');
    const keys = s.columns.map((c) => c.key);
    assert.deepEqual(keys.slice(0, 8), ['status', 'name', 'experiment', 'started', 'duration', 'tags', 'note', 'repro']);
    assert.deepEqual(keys.slice(8), ['param:lr', 'param:model', 'metric:acc', 'metric:val_loss', 'code.commit', 'code.branch', 'code.dirty', 'data:data/train']);
    assert.deepEqual(s.runIds, runs.map((r) => r.id));
    assert.deepEqual(column(s, 'name'), ['c', 'b', 'a']);
    assert.deepEqual(column(s, 'param:lr'), ['0.001', '0.01', '0.1']);
    assert.deepEqual(column(s, 'metric:acc'), ['0.9', '0.7', '']);
    assert.deepEqual(column(s, 'tags'), ['best', '', '']);
    // b's data differs from the experiment's newest run with data (c): marked.
    assert.deepEqual(column(s, 'data:data/train'), ['aaaa1111', '≠ cccc2222', '']);
    assert.equal(s.columns.find((c) => c.key === 'metric:val_loss')?.goal, 'min');
    assert.equal(s.columns.find((c) => c.key === 'metric:acc')?.goal, 'max');
    // Each string once: the three runs share "vit", "train" and "finished" cells.
    assert.equal(s.strings.filter((x) => x === 'vit').length, 1);
    assert.equal(s.cells[0]?.width, 1);
  });

  it('marks the best value of each metric column among the shown runs by its goal', () => {
    const s = model().snapshot('/ws', runs, QUERY, null);
    const best = (key: string): number | undefined => s.best[s.columns.findIndex((c) => c.key === key)];
    assert.equal(best('metric:val_loss'), 0);
    assert.equal(best('metric:acc'), 0);
    assert.equal(best('param:lr'), -1);
    const m = model();
    m.snapshot('/ws', runs, QUERY, null);
    const filtered = m.order({ ...QUERY, filter: 'status:failed or name:a' });
    assert.equal(filtered.best[s.columns.findIndex((c) => c.key === 'metric:val_loss')], 1);
  });

  it('filters with the tree\'s language and quick filters, sorts by several columns', () => {
    const m = model();
    m.snapshot('/ws', runs, QUERY, null);
    assert.deepEqual(order(m.order({ ...QUERY, filter: 'lr < 0.05' })), [0, 1]);
    assert.deepEqual(order(m.order({ ...QUERY, sort: [{ column: 'metric:val_loss', direction: 'desc' }] })), [2, 1, 0]);
    assert.deepEqual(order(m.order({ ...QUERY, quick: { statuses: ['finished'], starred: false, tags: [] } })), [0, 2]);
    assert.deepEqual(order(m.order({ ...QUERY, quick: { statuses: [], starred: false, tags: ['best'] } })), [0]);
    assert.deepEqual(order(m.order({ ...QUERY, sort: [{ column: 'param:model', direction: 'asc' }, { column: 'param:lr', direction: 'desc' }] })), [2, 1, 0]);
    const bad = m.order({ ...QUERY, filter: 'lr <' });
    assert.match(bad.filterError ?? '', /Column 5: expected a value after "<"/);
    assert.equal(bad.shown, 3, 'a malformed filter hides nothing');
  });

  it('says which columns differ between the shown runs', () => {
    const m = model();
    const s = m.snapshot('/ws', runs, QUERY, null);
    assert.ok(s.differing.includes('param:lr'));
    assert.ok(!s.differing.includes('param:model'));
    assert.ok(!m.order({ ...QUERY, filter: 'name:c' }).differing.includes('param:lr'));
  });

  it('sends increments: a changed row with only new strings, a new run with its new column, a removed run', () => {
    const m = model();
    const s = m.snapshot('/ws', runs, QUERY, null);
    const live = new Map(runs.map((r) => [r.id, r]));
    assert.equal(m.update(['20240101-a'], (id) => live.get(id)), undefined, 'nothing changed, nothing sent');

    live.set('20240101-a', { ...runs[2]!, metrics: { val_loss: metric(0.125) } });
    const changed = m.update(['20240101-a'], (id) => live.get(id));
    assert.ok(changed && isRunsTableToWebview(changed));
    assert.equal(changed.stringBase, s.strings.length);
    assert.deepEqual(changed.strings, ['0.125']);
    assert.deepEqual(changed.rows.map((r) => [r.slot, r.id]), [[2, '20240101-a']]);
    assert.equal(changed.rows[0]?.cells[s.columns.findIndex((c) => c.key === 'metric:val_loss')], s.strings.length);
    assert.deepEqual(changed.columnsAdded, []);

    live.set('20240104-d', summarize(run('20240104-d', { name: 'd', params: { lr: 0.1, seed: 7 }, metrics: {} })));
    const added = m.update(['20240104-d'], (id) => live.get(id));
    assert.deepEqual(added?.columnsAdded.map((c) => c.key), ['param:seed']);
    assert.equal(added?.rows[0]?.slot, 3);
    assert.equal(added?.rows[0]?.cells.length, s.columns.length + 1);

    live.delete('20240102-b');
    const removed = m.update(['20240102-b'], (id) => live.get(id));
    assert.deepEqual(removed?.removed, [1]);
    assert.deepEqual(order(m.order(QUERY)), [3, 0, 2]);
  });

  it('re-marks an experiment\'s data cells when a newer run brings new data', () => {
    const m = model();
    const s = m.snapshot('/ws', runs, QUERY, null);
    const newer = summarize({ ...run('20240105-e', { name: 'e' }), data: dataOf('eeee3333ffff') });
    const live = new Map([...runs.map((r) => [r.id, r] as const), [newer.id, newer]]);
    const message = m.update([newer.id], (id) => live.get(id));
    const dataColumn = s.columns.findIndex((c) => c.key === 'data:data/train');
    const text = (slot: number): string | undefined => {
      const row = message?.rows.find((r) => r.slot === slot);
      return row ? message?.strings[(row.cells[dataColumn] ?? 0) - (message.stringBase)] : undefined;
    };
    assert.equal(text(0), '≠ aaaa1111', 'the run that was latest is now marked');
    assert.equal(text(3), 'eeee3333');
    assert.equal(text(1), undefined, 'b differed before and still does: not resent');
  });

  it('switches a metric column to another summary', () => {
    const m = model();
    const s = m.snapshot('/ws', runs, QUERY, null);
    const message = m.setAggregate('metric:val_loss', 'best');
    assert.ok(message && isRunsTableToWebview(message));
    assert.equal(message.index, s.columns.findIndex((c) => c.key === 'metric:val_loss'));
    const strings = [...s.strings, ...message.strings];
    assert.deepEqual(unpackCells(message.cells).map((i) => strings[i]), ['0.2', '0.4', '0.75']);
    assert.equal(m.setAggregate('param:lr', 'min'), undefined, 'only metric columns have summaries');
  });

  it('exports the shown rows of the chosen columns as CSV, formulas defused', () => {
    const m = model();
    m.snapshot('/ws', runs, QUERY, null);
    m.order({ ...QUERY, sort: [{ column: 'name', direction: 'asc' }] });
    const { columns, rows } = m.visibleText(['name', 'param:lr', 'metric:val_loss']);
    assert.equal(tableCsv(columns, rows), 'Name,lr,val_loss\r\na,0.1,0.75\r\nb,0.01,0.5\r\nc,0.001,0.25\r\n');
    assert.equal(csvField('=cmd()'), "'=cmd()");
    assert.equal(csvField('-0.5'), '-0.5');
    assert.equal(csvField('a,"b"'), '"a,""b"""');
  });

  it('sorts an original by its newest judged reproduction\'s verdict, the one its cell shows', () => {
    const original = summarize(run('20240101-o', { name: 'orig' }));
    const reproduction = (id: string, verdict: 'reproduced' | 'diverged'): typeof original => ({ ...summarize(run(id, { name: id })), reproducedFrom: original.id, verdict });
    const plain = summarize(run('20240102-p', { name: 'plain' }));
    const all = [original, plain, reproduction('20240103-r1', 'reproduced'), reproduction('20240104-r2', 'diverged')];
    const m = model();
    const s = m.snapshot('/ws', all, QUERY, null);
    assert.deepEqual(column(s, 'repro'), ['✗ diverged', '', '✓ reproduced', '✗ diverged']);
    const sorted = order(m.order({ ...QUERY, sort: [{ column: 'repro', direction: 'desc' }] })).map((slot) => all[slot]?.name);
    // reproduced > diverged (text Z→A); the original ranks with the diverged newest reproduction, not last.
    assert.deepEqual(sorted, ['20240103-r1', '20240104-r2', 'orig', 'plain']);
  });

  it('formats each distinct value once and still gives every cell its own text, past the memo\'s limit too', () => {
    const many = Array.from({ length: 1500 }, (_, i) => summarize(run(`2024${String(i).padStart(5, '0')}`, {
      params: { lr: [0.1, 0.01, 0.001][i % 3] ?? 0, note: i % 2 ? 'x' : true }, metrics: { loss: 1 / (i + 1) },
    })));
    const s = model().snapshot('/ws', many, QUERY, null);
    assert.deepEqual(column(s, 'param:lr').slice(0, 4), ['0.1', '0.01', '0.001', '0.1']);
    assert.deepEqual(column(s, 'param:note').slice(0, 3), ['true', 'x', 'true']);
    const loss = column(s, 'metric:loss');
    assert.equal(loss.length, 1500);
    loss.forEach((text, i) => assert.equal(text, formatMetric(1 / (i + 1)), `slot ${i}`));
    assert.equal(s.best[s.columns.findIndex((c) => c.key === 'metric:loss')], 1499, 'the smallest loss');
  });

  it('moves the best mark to a live run that beats the others', () => {
    const m = model();
    const s = m.snapshot('/ws', runs, QUERY, null);
    const lossColumn = s.columns.findIndex((c) => c.key === 'metric:val_loss');
    assert.equal(s.best[lossColumn], 0);
    const better = { ...runs[1]!, metrics: { ...runs[1]!.metrics, val_loss: metric(0.01) } };
    m.update([better.id], (id) => (id === better.id ? better : undefined));
    assert.equal(m.order(QUERY).best[lossColumn], 1);
  });

  it('packs cells in the narrowest width and orders as uint32', () => {
    assert.equal(packCells([0, 255]).width, 1);
    const many = Array.from({ length: 300 }, (_, i) => i + 200);
    assert.equal(packCells(many).width, 2);
    assert.equal(packCells(many.map((i) => i + 70_000)).width, 4);
    assert.deepEqual(unpack(packCells([1, 300, 2, ...Array.from({ length: 300 }, (_, i) => i + 1000)]).data, 2).slice(0, 3), [1, 300, 2]);
    // Few distinct values with large indices: one byte a cell, through the column's dictionary.
    const few = packCells([700, 900, 700, 0]);
    assert.deepEqual([few.width, few.dict], [1, [700, 900, 0]]);
    assert.deepEqual(unpackCells(few), [700, 900, 700, 0]);
    assert.deepEqual(unpack(packOrder([5, 0, 70_000]), 4), [5, 0, 70_000]);
  });

  it('guards every message from the page', () => {
    assert.ok(isRunsTableFromWebview({ type: 'ready' }));
    assert.ok(isRunsTableFromWebview({ type: 'query', query: QUERY }));
    assert.ok(isRunsTableFromWebview({ type: 'action', action: 'compare', ids: ['a', 'b'] }));
    assert.ok(isRunsTableFromWebview({ type: 'layout', layout: { order: ['name'], widths: { name: 200 }, hidden: [], pinned: ['name'], collapsed: ['params'], aggregates: { 'metric:a': 'best' }, onlyDiffering: false } }));
    assert.ok(!isRunsTableFromWebview({ type: 'action', action: 'rm -rf', ids: [] }));
    assert.ok(!isRunsTableFromWebview({ type: 'query', query: { ...QUERY, sort: [{ column: 'x', direction: 'up' }] } }));
    assert.ok(!isRunsTableFromWebview({ type: 'layout', layout: { order: [], widths: { a: 'wide' }, hidden: [], pinned: [], collapsed: [], aggregates: {}, onlyDiffering: false } }));
    assert.ok(!isRunsTableFromWebview({ type: 'aggregate', column: 'metric:a', aggregate: 'median' }));
    assert.ok(!isRunsTableFromWebview({ type: 'copy' }));
    assert.ok(!isRunsTableToWebview({ type: 'order', order: 'AAAA', shown: 1, total: 1, best: ['x'], differing: [], filterError: null }));
  });
});
