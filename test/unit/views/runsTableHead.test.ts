// A big Runs Table's first snapshot carries the cells of its first rows only (head-first): the page
// draws them at once, the rest of those columns follows in `cells` messages, a live change in the
// meantime reaches the rows the page has, and the page ends with the very table a whole snapshot
// gives it. Host model and page data (webview/runsTable/data.ts) together, as on the wire.
import * as assert from 'node:assert/strict';
import { summarize, type RunSummary } from '../../../src/core/store/summary';
import { type TableCellsMessage, type TableQuery, type TableSnapshot } from '../../../src/protocol/runsTable';
import { isRunsTableToWebview } from '../../../src/protocol/runsTableGuards';
import { unpack } from '../../../src/views/runsTable/codec';
import { RunsTableModel } from '../../../src/views/runsTable/model';
import { TableData } from '../../../webview/runsTable/data';
import { run } from '../query/helpers';

const QUERY: TableQuery = { filter: '', quick: { statuses: [], starred: false, tags: [] }, sort: [] };
const RUNS = 40;
const HEAD = 8;

/** 40 runs, newest first: a param of few values, one unique to each run, and a metric. */
function manyRuns(): RunSummary[] {
  return Array.from({ length: RUNS }, (_, i) => {
    const k = RUNS - i;
    return summarize(run(`2024010${String(k).padStart(3, '0')}-r`, { name: `r${k}`, params: { lr: [0.1, 0.01][k % 2] ?? 0, seed: 1000 + k }, metrics: { loss: k / 100 } }));
  });
}

const model = (): RunsTableModel => new RunsTableModel(() => undefined, () => Date.parse('2024-02-01T00:00:00Z'));

/** Every cell's text of the page's table, by column key and slot. */
function texts(data: TableData): Record<string, string[]> {
  return Object.fromEntries(data.columns.map((c, i) => [c.key, data.runIds.map((_, slot) => data.text(i, slot))]));
}

/** The messages that follow a head-first snapshot, as the panel posts them. */
function following(m: RunsTableModel, maxCells: number): TableCellsMessage[] {
  const out: TableCellsMessage[] = [];
  for (let next = m.nextColumns(maxCells); next; next = m.nextColumns(maxCells)) out.push(next);
  return out;
}

describe('runs table head-first snapshot', () => {
  const runs = manyRuns();

  it('carries the first rows\' cells, then the rest of each column; the page ends with the whole table', () => {
    const whole = new TableData();
    const full = model().snapshot('/ws', runs, QUERY, null);
    assert.equal(full.head, undefined, 'no head without a row count');
    whole.load(full);

    const m = model();
    const s: TableSnapshot = m.snapshot('/ws', runs, QUERY, null, undefined, HEAD);
    assert.ok(isRunsTableToWebview(s));
    assert.ok(s.head !== undefined);
    assert.deepEqual(unpack(s.head, 4), unpack(s.order, 4).slice(0, HEAD), 'the first rows of the order');
    assert.ok(s.strings.length < full.strings.length / 2, 'only the strings of the first rows');
    const page = new TableData();
    page.load(s);
    const seed = s.columns.findIndex((c) => c.key === 'param:seed');
    const [top, , , , , , , last, beyond] = unpack(s.order, 4);
    assert.equal(page.text(seed, top ?? -1), `${1000 + RUNS}`);
    assert.equal(page.text(seed, last ?? -1), `${1000 + RUNS - HEAD + 1}`);
    assert.equal(page.text(seed, beyond ?? -1), '', 'a row past the first ones waits');
    assert.ok(page.loaded(seed) && page.partial.has(seed), 'not asked for again: it is coming');
    assert.ok(s.best.every((b) => b === -1), 'best marks come with the whole columns');

    const rest = following(m, RUNS * 3);
    assert.ok(rest.length > 1, 'the rest in a few messages');
    assert.ok(rest.every((c) => isRunsTableToWebview(c) && c.indices.length <= 3), 'about the cells asked for at a time');
    assert.equal(rest.reduce((n, c) => n + c.indices.length, 0), page.partial.size, 'each column of the first rows once');
    for (const c of rest) {
      page.addStrings(c.stringBase, c.strings);
      page.setCells(c.indices, c.cells, c.best);
    }
    assert.equal(page.partial.size, 0);
    assert.deepEqual(texts(page), texts(whole));
    const loss = s.columns.findIndex((c) => c.key === 'metric:loss');
    assert.equal(page.best[loss], whole.best[loss], 'the lowest loss marked');
    assert.equal(m.nextColumns(RUNS), undefined, 'nothing left');
  });

  it('sends a live change of a first row before the rest of its columns, and the rest says the same', () => {
    const m = model();
    const s = m.snapshot('/ws', runs, QUERY, null, undefined, HEAD);
    const page = new TableData();
    page.load(s);
    const newest = runs[0] as RunSummary;
    const changed: RunSummary = { ...newest, params: { ...newest.params, lr: 0.5 } };
    const rows = m.update([changed.id], (id) => (id === changed.id ? changed : runs.find((r) => r.id === id)));
    assert.ok(rows && isRunsTableToWebview(rows));
    page.addStrings(rows.stringBase, rows.strings);
    page.updateRows(rows.rows);
    const lr = s.columns.findIndex((c) => c.key === 'param:lr');
    const slot = page.slotOf.get(changed.id) ?? -1;
    assert.equal(page.text(lr, slot), '0.5', 'the first row shows the change at once');
    assert.equal(page.text(s.columns.findIndex((c) => c.key === 'name'), slot), newest.name, 'its other cells stay');
    for (const c of following(m, 1_000)) {
      page.addStrings(c.stringBase, c.strings);
      page.setCells(c.indices, c.cells, c.best);
    }
    assert.equal(page.text(lr, slot), '0.5');
  });

  it('stops following once another snapshot reset the table, and a small table goes whole', () => {
    const m = model();
    m.snapshot('/ws', runs, QUERY, null, undefined, HEAD);
    const small = m.snapshot('/ws', runs.slice(0, HEAD), QUERY, null, undefined, HEAD);
    assert.equal(small.head, undefined);
    assert.equal(m.nextColumns(1_000), undefined);
  });
});
