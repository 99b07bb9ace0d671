// A wide Runs Table opens with the columns the page shows first: which ones the snapshot fills
// (run and code columns, pinned, sorted, then the first visible ones in the layout's order), the
// cells of the others on request, a sort, differing columns, copying and live updates on columns
// not sent yet, and the guards of the messages that carry them.
import * as assert from 'node:assert/strict';
import { summarize, type RunSummary } from '../../../src/core/store/summary';
import { type TableLayout, type TableQuery, type TableSnapshot } from '../../../src/protocol/runsTable';
import { isRunsTableFromWebview, isRunsTableToWebview } from '../../../src/protocol/runsTableGuards';
import { unpack, unpackCells } from '../../../src/views/runsTable/codec';
import { firstColumns } from '../../../src/views/runsTable/firstColumns';
import { RunsTableModel } from '../../../src/views/runsTable/model';
import { run } from '../query/helpers';

const QUERY: TableQuery = { filter: '', quick: { statuses: [], starred: false, tags: [] }, sort: [] };
const PARAMS = 200;

/** Three runs of 200 params `p000`..`p199` (p150 the same in all, p151 equal as text only) and a metric. */
function wideRuns(): RunSummary[] {
  return [3, 2, 1].map((k) => {
    const params: Record<string, number | string> = {};
    for (let p = 0; p < PARAMS; p++) params[`p${String(p).padStart(3, '0')}`] = p * 10 + k;
    params.p150 = 'same';
    params.p151 = 1 + k * 1e-9; // formatted to 6 significant digits: "1" in every run
    return summarize(run(`2024010${k}-r`, { name: `r${k}`, params, metrics: { loss: k / 10 } }));
  });
}

const layoutOf = (s: TableSnapshot, o: Partial<TableLayout> = {}): TableLayout => ({
  order: s.columns.map((c) => c.key), widths: {}, hidden: [], pinned: ['name'], collapsed: [], aggregates: {}, onlyDiffering: false, ...o,
});

describe('runs table column window', () => {
  const runs = wideRuns();
  const model = (): RunsTableModel => new RunsTableModel(() => undefined, () => Date.parse('2024-02-01T00:00:00Z'));

  it('fills the run and code columns and the first 64 others; the rest go as null until asked for', () => {
    const s = model().snapshot('/ws', runs, QUERY, null);
    assert.ok(isRunsTableToWebview(s));
    const sent = s.columns.filter((_, i) => s.cells[i] !== null).map((c) => c.key);
    assert.equal(sent.length, 8 + 3 + 64);
    assert.ok(sent.includes('status') && sent.includes('code.dirty') && sent.includes('param:p000') && sent.includes('param:p063'));
    assert.ok(!sent.includes('param:p064') && !sent.includes('metric:loss'));
    assert.ok(s.strings.length < 8 * 3 + 64 * 3 + 20, 'no strings of columns not sent');
  });

  it('follows the layout: pinned and sorted columns, its order, hidden columns and collapsed groups left out', () => {
    const s = model().snapshot('/ws', runs, QUERY, null);
    const layout = layoutOf(s, {
      order: ['param:p199', ...s.columns.map((c) => c.key).filter((k) => k !== 'param:p199')],
      hidden: ['param:p000'], pinned: ['name', 'param:p180'], collapsed: ['metrics'],
    });
    const keys = (l: TableLayout | null, q: TableQuery = QUERY, limit?: number): string[] => firstColumns(s.columns, l, q, limit).map((i) => s.columns[i]?.key ?? '?');
    const first = keys(layout, { ...QUERY, sort: [{ column: 'param:p170', direction: 'asc' }] }, 3);
    assert.deepEqual(first.filter((k) => k.startsWith('param:') || k.startsWith('metric:')), ['param:p001', 'param:p002', 'param:p170', 'param:p180', 'param:p199']);
    // A column the layout has not seen arrives hidden in the page: not filled either.
    assert.ok(!keys({ ...layout, order: layout.order.filter((k) => k !== 'param:p001') }, QUERY, 1).includes('param:p001'));
    assert.ok(keys(layoutOf(s, { collapsed: ['params'] }), QUERY, 1).includes('metric:loss'));
  });

  it('sends the cells of columns the page asks for, with their best slots and only the strings it lacks', () => {
    const m = model();
    const s = m.snapshot('/ws', runs, QUERY, null);
    const cells = m.cellsOf(['param:p100', 'metric:loss', 'nope']);
    assert.ok(isRunsTableToWebview(cells));
    assert.equal(cells.stringBase, s.strings.length);
    const strings = [...s.strings, ...cells.strings];
    assert.deepEqual(cells.indices.map((i) => s.columns[i]?.key), ['param:p100', 'metric:loss']);
    assert.deepEqual(cells.cells.map((c) => unpackCells(c).map((code) => strings[code])), [['1003', '1002', '1001'], ['0.3', '0.2', '0.1']]);
    assert.deepEqual(cells.best, [-1, 2], 'loss is lowest in the third slot');
    const again = m.cellsOf(['param:p100']);
    assert.deepEqual(again.strings, [], 'nothing new to send');
  });

  it('sorts and says which columns differ by columns it has not filled, as if they were filled', () => {
    const m = model();
    m.snapshot('/ws', runs, QUERY, null);
    assert.ok(!m.order(QUERY).differing.includes('param:p199'), 'columns not sent count only when the page shows only differing ones');
    assert.equal(m.setOnlyDiffering(true), true, 'the order must go again');
    assert.equal(m.setOnlyDiffering(true), false);
    const sorted = m.order({ ...QUERY, sort: [{ column: 'param:p199', direction: 'asc' }] });
    assert.deepEqual(unpack(sorted.order, 4), [2, 1, 0]);
    assert.ok(sorted.differing.includes('param:p199'));
    assert.ok(!sorted.differing.includes('param:p150'), 'the same value in every run');
    assert.ok(!sorted.differing.includes('param:p151'), 'different values that read the same');
    const filled = model();
    filled.snapshot('/ws', runs, QUERY, null);
    filled.setOnlyDiffering(true);
    filled.cellsOf(['param:p150', 'param:p151', 'param:p199']);
    assert.deepEqual(filled.order(QUERY).differing, m.order(QUERY).differing);
  });

  it('copies and exports cells of columns not sent, and a live change reaches a column asked for later', () => {
    const m = model();
    m.snapshot('/ws', runs, QUERY, null);
    assert.deepEqual(m.rowText(runs[0]!.id, ['name', 'param:p120', 'metric:loss']), ['r3', '1203', '0.3']);
    assert.equal(m.rowText('nobody', ['name']), undefined);
    const changed = { ...runs[1]!, params: { ...runs[1]!.params, p190: 'changed' } };
    const rows = m.update([changed.id], (id) => (id === changed.id ? changed : runs.find((r) => r.id === id)));
    const p190 = m.cellsOf(['param:p190']);
    const strings = [...m.visibleText(['param:p190']).rows.map((r) => r[0])];
    assert.deepEqual(strings, ['1903', 'changed', '1901']);
    assert.ok(rows === undefined || rows.rows.every((r) => r.cells[p190.indices[0] ?? -1] === 0), 'no cell of a column the page lacks');
  });

  it('sends a live change\'s order only when it moved a row or a best mark', () => {
    const m = model();
    m.snapshot('/ws', runs, QUERY, null);
    const loss = m.cellsOf(['metric:loss']).indices[0] ?? -1; // the page shows it: its best marks count
    m.order(QUERY);
    const live = new Map(runs.map((r) => [r.id, r]));
    const set = (loss: number): void => {
      const r = live.get(runs[1]!.id)!;
      live.set(r.id, { ...r, metrics: { loss: { ...r.metrics.loss!, last: loss } } });
      m.update([r.id], (id) => live.get(id));
    };
    set(0.25); // between the others: the best (0.1, slot 2) stays
    assert.equal(m.orderChange(QUERY), undefined);
    set(0.05); // now the best
    assert.equal(m.orderChange(QUERY)?.best[loss], 1);
    assert.equal(m.orderChange(QUERY), undefined, 'the same again');
    assert.ok(m.orderChange({ ...QUERY, sort: [{ column: 'metric:loss', direction: 'asc' }] }), 'another query');
  });

  it('guards the column request, the copy of a row and the cells message', () => {
    assert.ok(isRunsTableFromWebview({ type: 'columns', keys: ['param:a'] }));
    assert.ok(!isRunsTableFromWebview({ type: 'columns', keys: [1] }));
    assert.ok(isRunsTableFromWebview({ type: 'copyCells', id: 'r', columns: ['name'] }));
    assert.ok(!isRunsTableFromWebview({ type: 'copyCells', id: 'r' }));
    assert.ok(!isRunsTableToWebview({ type: 'cells', stringBase: 0, strings: [], indices: [1], cells: [], best: [] }), 'one cells entry per index');
  });
});
