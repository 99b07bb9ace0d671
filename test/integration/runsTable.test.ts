// The Runs Table inside a real VS Code: it opens from its command and its page renders the
// snapshot; sort and filter give the same runs in the same order as the Runs view and
// `runlens ls --filter --sort`; a metric column switches its summary; the context menu's commands
// act on the table's selection through the tree's commands; a live run's new value reaches its row.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { type RunsTablePanel } from '../../src/extension/runsTable/panel';
import { type RunsTableToWebview, type TableQuery, type TableSnapshot } from '../../src/protocol/runsTable';
import { unpack } from '../../src/views/runsTable/codec';
import { Harness } from './actionsSupport';
import { poll } from './poll';

const CLI = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const QUERY: TableQuery = { filter: '', quick: { statuses: [], starred: false, tags: [] }, sort: [] };

function sentOf<T extends RunsTableToWebview['type']>(p: RunsTablePanel, type: T): Extract<RunsTableToWebview, { type: T }>[] {
  return p.channel.sent.filter((m): m is Extract<RunsTableToWebview, { type: T }> => m.type === type);
}

describe('Runs Table', function () {
  this.timeout(120_000);
  let h: Harness;
  let table: RunsTablePanel;
  let snapshot: TableSnapshot;

  /** The run ids of an order message, in order. */
  const idsOf = (o: { order: string }): string[] => unpack(o.order, 4).map((slot) => snapshot.runIds[slot] ?? `new slot ${slot}`);

  before(async () => {
    h = await Harness.start();
    await h.cleanup();
    for (const [i, lr] of [0.3, 0.1, 0.03, 0.01, 0.003].entries()) await h.run(`tbl-${i}`, { params: { lr }, acc: [0.7, 0.9, 0.8, 0.6, 0.95][i] });
    await h.waitForLabels(['tbl-4', 'tbl-3', 'tbl-2', 'tbl-1', 'tbl-0']);
  });

  after(() => h.cleanup());

  it('opens from its command; the page gets the columnar snapshot and renders it', async () => {
    const opened = await vscode.commands.executeCommand<RunsTablePanel>('runlens.openRunsTable');
    assert.ok(opened);
    table = opened;
    snapshot = await poll('the snapshot', () => sentOf(table, 'snapshot')[0]);
    assert.equal(snapshot.runIds.length, 5);
    assert.ok(snapshot.columns.some((c) => c.key === 'param:lr') && snapshot.columns.some((c) => c.key === 'metric:acc'));
    const first = await poll('the page\'s first render', () => table.rendered.find((r) => r.what === 'first'));
    assert.equal(first.rows, 5);
    assert.equal(await vscode.commands.executeCommand('runlens.openRunsTable'), table, 'one table per folder: the command reveals it');
    // Run from the palette, the command's result goes back to the window as JSON: the folder, not the model.
    assert.deepEqual(JSON.parse(JSON.stringify(table)), { folder: h.folder.uri.fsPath });
  });

  it('sorts and filters exactly as the Runs view and `runlens ls --filter --sort` do', async () => {
    const filter = 'lr < 0.2';
    await table.onMessage({ type: 'query', query: { ...QUERY, filter, sort: [{ column: 'metric:acc', direction: 'desc' }] } });
    const order = sentOf(table, 'order').at(-1);
    assert.ok(order);
    const fromTable = idsOf(order);
    await vscode.commands.executeCommand('runlens.filterRuns', filter);
    await vscode.commands.executeCommand('runlens.sortRuns', { by: 'metric', metric: 'acc', direction: 'desc' });
    const names = (await h.rows()).map((r) => r.label);
    const byName = new Map((await h.store.listRuns()).map((r) => [r.name, r.id]));
    assert.deepEqual(fromTable, names.map((n) => byName.get(n)), 'the tree shows the same runs in the same order');
    const listed = JSON.parse(execFileSync(process.execPath, [CLI, 'ls', '--filter', filter, '--sort', 'acc', '--json'], { cwd: h.folder.uri.fsPath, encoding: 'utf8' })) as { id: string }[];
    assert.deepEqual(fromTable, listed.map((r) => r.id), 'runlens ls lists the same runs in the same order');
    assert.deepEqual(fromTable.map((id) => h.writers.find((w) => w.id === id)?.manifest().name), ['tbl-4', 'tbl-1', 'tbl-2', 'tbl-3']);
    await vscode.commands.executeCommand('runlens.clearFilter');
  });

  it('switches a metric column to another summary and keeps the query per workspace', async () => {
    await table.onMessage({ type: 'aggregate', column: 'metric:acc', aggregate: 'min' });
    const column = await poll('the column message', () => sentOf(table, 'column').at(-1));
    assert.equal(column.column.key, 'metric:acc');
    assert.equal(column.column.aggregate, 'min');
    assert.equal(table.query.filter, 'lr < 0.2', 'the last query is kept');
  });

  it('acts on the selection from the row context menu through the tree\'s commands', async () => {
    const [a, b, c] = snapshot.runIds;
    assert.ok(a && b && c);
    await table.onMessage({ type: 'select', ids: [a, b] });
    await vscode.commands.executeCommand('runlens.runsTable.star', { webview: 'runlens.runsTable', webviewSection: 'run', folder: h.folder.uri.fsPath, id: b });
    await poll('both selected runs starred', async () => ((await h.store.getRun(a))?.starred && (await h.store.getRun(b))?.starred ? true : undefined));
    assert.equal((await h.store.getRun(c))?.starred, false);
    // A right-click outside the selection acts on that row alone.
    await vscode.commands.executeCommand('runlens.runsTable.unstar', { folder: h.folder.uri.fsPath, id: c });
    assert.ok((await h.store.getRun(a))?.starred);
    await vscode.commands.executeCommand('runlens.runsTable.compare', { folder: h.folder.uri.fsPath, id: b });
    const compare = await poll('a Compare panel', () => h.api.compare.panels()[0]);
    assert.deepEqual(compare.runIds(), [b, a], 'the right-clicked run first');
  });

  it('updates a live run\'s row in place and adds a new run', async () => {
    await table.onMessage({ type: 'query', query: QUERY });
    const live = await h.run('tbl-live', { params: { lr: 0.5, seed: 3 }, status: 'running' });
    const added = await poll('the new run\'s row', () => sentOf(table, 'rows').find((m) => m.rows.some((r) => r.id === live.id)));
    assert.ok(added.columnsAdded.some((c) => c.key === 'param:seed'), 'its new param arrives as a column');
    const before = sentOf(table, 'rows').length;
    await live.appendMetrics([{ time: Date.now(), step: 1, values: { acc: 0.4242 } }]);
    await live.ingest();
    const update = await poll('the live value', () => sentOf(table, 'rows').slice(before).find((m) => m.strings.includes('0.4242') && m.rows.some((r) => r.id === live.id)));
    assert.equal(update.removed.length, 0);
    assert.equal(sentOf(table, 'snapshot').length, 1, 'increments, never a second snapshot');
  });

  it('groups its rows by experiment and reads the sparkline series of the rows the page asks about', async () => {
    const tune = await h.run('tbl-tune', { experiment: 'tune', params: { lr: 0.2 }, status: 'running' });
    await tune.appendMetrics([0.2, 0.5, 0.4].map((acc, step) => ({ time: Date.now(), step, values: { acc } })));
    await tune.ingest();
    await poll('the tune run\'s values in the table', () => (table.model.run(tune.id)?.metrics.acc?.count === 3 ? true : undefined));
    await table.onMessage({ type: 'query', query: { ...QUERY, group: 'experiment' } });
    const grouped = sentOf(table, 'order').at(-1);
    assert.ok(grouped);
    const train = (await h.store.listRuns()).filter((r) => r.experiment === 'train').length;
    assert.deepEqual(grouped.groups, [{ key: 'tune', count: 1 }, { key: 'train', count: train }], 'the newest run\'s group first, as in the tree');
    const tuneSlot = sentOf(table, 'rows').flatMap((m) => m.rows).find((r) => r.id === tune.id)?.slot;
    assert.equal(unpack(grouped.order, 4)[0], tuneSlot, 'the tune run (a slot added after the snapshot) leads');
    assert.equal(table.query.group, 'experiment', 'the grouping is kept with the query');
    const [other] = snapshot.runIds;
    assert.ok(other);
    await table.onMessage({ type: 'series', column: 'metric:acc', ids: [tune.id, other] });
    const series = await poll('the series message', () => sentOf(table, 'series').at(-1));
    assert.equal(series.column, 'metric:acc');
    assert.deepEqual(series.series.map((s) => s.id), [tune.id, other], 'only the runs asked about');
    assert.deepEqual(series.series[0]?.values, [0.2, 0.5, 0.4], 'the run\'s series as logged');
    assert.equal(series.series[1]?.values.length, 1);
    await table.onMessage({ type: 'query', query: QUERY });
    await tune.finish({ status: 'finished', exitCode: 0, signal: null });
  });
});
