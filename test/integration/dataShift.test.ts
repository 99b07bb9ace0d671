// Data shift in a real VS Code: with a `monitor:` block in runlens.yaml, copying an unshifted file
// into the watched folder is checked and stays quiet; copying a shifted one raises the Data Shift
// view's badge, the status bar item and one notification (not repeated for the same result); Show
// Data Shift sends the page the report, and the page's sort and filter come back in core's order.
// Check Data Shift Against… and Compare Data Shift With… (Datasets and Lineage views) over a real run
// of the example's prepare.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type RunStore } from '../../src/core/store/store';
import { checkAgainst, compareVersionWith } from '../../src/extension/dataShift/against';
import { type RunlensApi } from '../../src/extension/extension';
import { type MonitorState } from '../../src/extension/dataShift/monitors';
import { type LineagePanel } from '../../src/extension/lineage/panel';
import { isLineageFromWebview, type LineageDataNode } from '../../src/protocol/lineage';
import { type ToDataShift } from '../../src/protocol/dataShift';
import { activateRunlens } from './activate';
import { ROOT, useExampleFiles } from './exampleFiles';
import { poll } from './poll';

const CONFIG = `version: 1
monitor:
  incoming:
    reference: data/shift-reference.csv
    current: data/shift-incoming/*.csv
  hidden:
    reference: data/shift-reference.csv
    current: data/shift-hidden/*.csv
`;

/** A CSV of `n` rows: a numeric column around `mean` and a category skewed by `skew` (0: uniform). */
function csv(n: number, mean: number, skew: number): string {
  const cats = ['red', 'green', 'blue', 'black'];
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    // Deterministic spread (quantiles of a triangle), so the reference and the unshifted copy share it exactly.
    const u = (i + 0.5) / n;
    const x = mean + (u < 0.5 ? Math.sqrt(2 * u) - 1 : 1 - Math.sqrt(2 * (1 - u))) * 4;
    const c = cats[skew === 0 ? i % cats.length : Math.min(cats.length - 1, Math.floor(u ** (1 + skew) * cats.length))] as string;
    rows.push(`${x.toFixed(4)},${c}`);
  }
  // Shuffled: the same values in another order are the same distribution, but new content (a new hash).
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [rows[i], rows[j]] = [rows[j] as string, rows[i] as string];
  }
  return `amount,colour\n${rows.join('\n')}\n`;
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('Data shift monitors', function () {
  this.timeout(120_000);
  let api: RunlensApi;
  let ws: string;
  let savedConfig: string | undefined;

  const monitor = (): MonitorState | undefined => api.dataShift.watcher.find('incoming');
  /** What the monitor was doing, for a timeout's message. */
  const stateOf = (what: string) => (): string => {
    const m = monitor();
    const r = m?.outcome?.result;
    return `${what}; the monitor: ${JSON.stringify({ checking: m?.checking, checkedAt: m?.outcome?.checkedAt, error: r?.error, problems: r?.problems,
      current: r?.report?.current, shifted: r?.report?.shifted, drifted: r?.report?.drifted, files: r?.files?.map((f) => f.path) })}`;
  };

  before(async () => {
    ({ api, ws } = await activateRunlens());
    savedConfig = existsSync(join(ws, 'runlens.yaml')) ? readFileSync(join(ws, 'runlens.yaml'), 'utf8') : undefined;
    mkdirSync(join(ws, 'data', 'shift-incoming'), { recursive: true });
    mkdirSync(join(ws, 'data', 'shift-hidden'), { recursive: true });
    // VS Code's watcher reports nothing from this folder: only the monitor's sweep can see its files.
    await vscode.workspace.getConfiguration('files').update('watcherExclude', { '**/shift-hidden/**': true }, vscode.ConfigurationTarget.Workspace);
    writeFileSync(join(ws, 'data', 'shift-reference.csv'), csv(300, 50, 0));
    writeFileSync(join(ws, 'runlens.yaml'), CONFIG);
    await api.dataShift.watcher.reload();
    await poll('the monitor read from runlens.yaml and checked once', () => {
      const s = monitor();
      return s && !s.checking && s.outcome ? s : undefined;
    });
  });

  after(async () => {
    api.dataShift.panel.dispose();
    rmSync(join(ws, 'data', 'shift-incoming'), { recursive: true, force: true });
    rmSync(join(ws, 'data', 'shift-hidden'), { recursive: true, force: true });
    await vscode.workspace.getConfiguration('files').update('watcherExclude', undefined, vscode.ConfigurationTarget.Workspace);
    rmSync(join(ws, 'data', 'shift-reference.csv'), { force: true });
    if (savedConfig === undefined) rmSync(join(ws, 'runlens.yaml'), { force: true });
    else writeFileSync(join(ws, 'runlens.yaml'), savedConfig);
    await api.dataShift.watcher.reload();
  });

  it('checks an unshifted file copied into the watched folder, and stays quiet', async () => {
    const file = join(ws, 'data', 'shift-incoming', 'day1.csv');
    writeFileSync(file, csv(280, 50, 0));
    const hash = sha256(file);
    const s = await poll(stateOf('the watcher to check day1.csv'), () => {
      const m = monitor();
      return m && !m.checking && m.outcome?.result.report?.current.sha256 === hash ? m : undefined;
    });
    const report = s.outcome?.result.report;
    assert.ok(report);
    assert.equal(report.shifted, false, JSON.stringify(report.columns));
    assert.equal(report.drifted, 0);
    assert.equal(api.dataShift.view.shiftedCount, 0);
    assert.equal(api.dataShift.signals.state.visible, false);
    assert.deepEqual(api.dataShift.signals.shown, []);
  });

  it('raises the badge, the status bar item and one notification when a shifted file arrives', async () => {
    writeFileSync(join(ws, 'data', 'shift-incoming', 'day2.csv'), csv(400, 58, 3));
    const s = await poll(stateOf('the watcher to find the shift'), () => {
      const m = monitor();
      return m && !m.checking && m.outcome?.result.report?.shifted ? m : undefined;
    });
    assert.equal(s.outcome?.result.report?.drifted, 2);
    await poll('the badge', () => (api.dataShift.view.shiftedCount === 1 ? true : undefined));
    assert.equal(api.dataShift.signals.state.visible, true);
    assert.match(api.dataShift.signals.state.text, /incoming data shifted/);
    await poll('the notification', () => (api.dataShift.signals.shown.length > 0 ? true : undefined));
    assert.deepEqual(api.dataShift.signals.shown, ['Runlens: incoming data shifted: 2 of 2 columns drifted.']);
    // The same result checked again is not announced again.
    await vscode.commands.executeCommand('runlens.dataShift.checkNow');
    assert.equal(monitor()?.outcome?.result.report?.shifted, true);
    assert.equal(api.dataShift.signals.shown.length, 1);
  });

  it('finds a file the file watcher never reported (an excluded folder) by its periodic sweep', async () => {
    const hidden = (): MonitorState | undefined => api.dataShift.watcher.find('hidden');
    const file = join(ws, 'data', 'shift-hidden', 'day3.csv');
    writeFileSync(file, csv(300, 50, 0));
    const hash = sha256(file);
    const s = await poll(() => `the sweep to check day3.csv; the monitor: ${JSON.stringify(hidden()?.outcome?.result.report?.current)}`, () => {
      const m = hidden();
      return m && !m.checking && m.outcome?.result.report?.current.sha256 === hash ? m : undefined;
    });
    assert.equal(s.outcome?.result.report?.shifted, false);
  });

  it('opens the Data Shift view with the report, and sorts and filters it on the page\'s request', async () => {
    await vscode.commands.executeCommand('runlens.dataShift.show', { name: 'incoming' });
    const panel = api.dataShift.panel;
    const sent = (): ToDataShift[] => panel.channel?.sent ?? [];
    const report = await poll('the report sent to the page', () => sent().find((m): m is Extract<ToDataShift, { type: 'report' }> => m.type === 'report'));
    assert.equal(report.report.shifted, true);
    assert.deepEqual(report.report.columns.map((c) => c.name).sort(), ['amount', 'colour']);
    assert.ok(report.report.columns.every((c) => c.chart && c.chart.reference.length === c.chart.current.length));
    assert.deepEqual(report.report.columns.map((c) => c.test).sort(), ['KS', 'chi-squared']);
    // Two files in the watched folder: each one's own verdict, sizes and effect sizes for the page.
    const files = report.report.files ?? [];
    assert.deepEqual(files.map((f) => [f.path, f.shifted]), [['data/shift-incoming/day1.csv', false], ['data/shift-incoming/day2.csv', true]]);
    assert.deepEqual(files[1]?.drifted.map((c) => c.name).sort(), ['amount', 'colour']);
    assert.ok(files[1]?.drifted.every((c) => c.nReference === 300 && c.nCurrent === 400 && c.effect.value !== ''), JSON.stringify(files[1]));
    const before = sent().length;
    await panel.onMessage({ type: 'query', query: { sort: 'name', descending: true, text: 'col', verdict: 'all' } });
    // The answer is the order sent after the query; a monitor re-check (the periodic sweep) may send
    // the page a fresh report around it, so it need not be the very last message.
    const order = sent().slice(before).find((m): m is Extract<ToDataShift, { type: 'order' }> => m.type === 'order');
    assert.ok(order, `an order sent after the query: ${JSON.stringify(sent().slice(before).map((m) => m.type))}`);
    assert.deepEqual(order.order.map((i) => report.report.columns[i]?.name), ['colour']);
  });
});

describe('Data shift comparisons', function () {
  this.timeout(120_000);
  let api: RunlensApi;
  let ws: string;
  let restoreFiles: (extra?: readonly string[]) => void = () => undefined;
  let store: RunStore;

  before(async () => {
    ({ api, ws, store } = await activateRunlens());
    restoreFiles = useExampleFiles(ws, ['runlens.yaml', 'prepare.py', 'data']);
    execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'run', 'prepare', '--workspace', ws], { cwd: ws, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
    // The raw data again, with every x1 moved by 3: a shifted copy of what the run read.
    const lines = readFileSync(join(ws, 'data', 'raw.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(ws, 'data', 'raw-shifted.csv'), `${lines.map((l, i) => (i === 0 ? l : l.split(',').map((v, j) => (j === 1 ? (Number(v) + 3).toFixed(4) : v)).join(','))).join('\n')}\n`);
    await api.runsView.reload();
    await api.datasets.view.reload();
  });

  after(async () => {
    api.dataShift.panel.dispose();
    for (const m of await store.listRuns()) await store.delete(m.id).catch(() => undefined);
    await store.emptyTrash();
    restoreFiles(['data']);
    await api.runsView.reload();
    await api.datasets.view.reload();
  });

  it('Check Data Shift Against… compares an Explorer file with the data a run read', async () => {
    const [run] = await store.listRuns();
    assert.ok(run);
    let offered: string[] = [];
    const outcome = await checkAgainst(api.runsView, api.dataShift.panel, vscode.Uri.file(join(ws, 'data', 'raw-shifted.csv')), (items) => {
      offered = items.filter((i) => i.ref).map((i) => `${i.ref?.kind}:${i.description ?? ''}`);
      return Promise.resolve(items.find((i) => i.ref?.kind === 'run' && i.description === 'data/raw.csv'));
    });
    assert.ok(offered.includes('run:data/raw.csv'), offered.join(', '));
    assert.ok(offered.some((o) => o.startsWith('version:')), offered.join(', '));
    const report = outcome?.result.report;
    assert.ok(report, outcome?.result.error);
    assert.equal(outcome.result.reference, `${run.name}: data/raw.csv`);
    const x1 = report.columns.find((c) => c.name === 'x1');
    assert.equal(x1?.drifted, true);
    assert.equal(report.columns.filter((c) => c.name !== 'x1').some((c) => c.drifted), false);
    const sent = api.dataShift.panel.channel?.sent.at(-1);
    assert.equal(sent?.type, 'report');
    assert.equal(sent.report.current.label, 'data/raw-shifted.csv');
  });

  it('Compare Data Shift With… compares a Datasets version with the workspace\'s copy', async () => {
    const dataset = api.datasets.view.tree.getChildren().find((n) => n.kind === 'dataset' && n.info.spec === 'data/raw.csv');
    assert.ok(dataset);
    const version = api.datasets.view.tree.getChildren(dataset).find((n) => n.kind === 'version');
    assert.ok(version);
    const outcome = await compareVersionWith(api.dataShift.panel, version, (items) => Promise.resolve(items[0]));
    const report = outcome?.result.report;
    assert.ok(report, outcome?.result.error);
    assert.equal(report.shifted, false);
    assert.equal(report.drifted, 0);
    assert.equal(report.reference.sha256, report.current.sha256);
  });

  it('Compare Data Shift With… from a data version of the Lineage view opens the Data Shift view', async () => {
    const [run] = await store.listRuns();
    assert.ok(run);
    const lineage = await vscode.commands.executeCommand<LineagePanel>('runlens.showLineage', { folder: ws, id: run.id });
    assert.ok(lineage);
    try {
      const graph = await poll('the lineage graph', () => lineage.last);
      const raw = graph.nodes.find((n): n is LineageDataNode => n.kind === 'data' && n.path === 'data/raw.csv');
      assert.ok(raw, graph.nodes.map((n) => n.id).join(', '));
      const message = { type: 'compareDataShift', hash: raw.hash, path: raw.path };
      assert.ok(isLineageFromWebview(message), 'the page\'s message passes the guard checked on receipt');
      const before = api.dataShift.panel.channel?.sent.length ?? 0;
      // The host asks what to compare with (a quick pick): take its first item, the workspace's copy.
      const asked = lineage.onMessage(message);
      const report = await poll('the Data Shift view showing the comparison', async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        const sent = api.dataShift.panel.channel?.sent.slice(before).find((m) => m.type === 'report');
        return sent?.type === 'report' ? sent.report : undefined;
      });
      await asked;
      assert.equal(report.title, `data/raw.csv @ ${raw.shortHash}`);
      assert.equal(report.shifted, false);
      assert.equal(report.reference.sha256, report.current.sha256);
    } finally {
      lineage.dispose();
    }
  });
});
