// Running from the editor, inside a real VS Code: Run Experiment through the CLI in a terminal
// (store, tree and status bar follow), a live run's metric in its row, Ctrl+C, a sweep queue with a
// cancelled item that survives a reload of the view, Rerun, Run as Experiment and the CodeLenses.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type RunManifest } from '../../src/core/model';
import { RunStore } from '../../src/core/store/store';
import { type RunlensApi } from '../../src/extension/extension';
import { type Launch } from '../../src/extension/run/terminal';
import { type RunsNode } from '../../src/extension/runs/runsTree';
import { useExampleFiles } from './exampleFiles';
import { poll } from './poll';

const EXAMPLE = ['runlens.yaml', 'train.py', 'make_data.py', 'data'];

describe('Running from the editor', function () {
  this.timeout(120_000);
  let api: RunlensApi;
  let ws: string;
  let store: RunStore;
  let restoreFiles: (extra?: readonly string[]) => void = () => undefined;
  const launches: Launch[] = [];

  async function rows(): Promise<{ node: RunsNode; item: vscode.TreeItem }[]> {
    const out: { node: RunsNode; item: vscode.TreeItem }[] = [];
    for (const group of await api.runsView.tree.getChildren()) {
      for (const node of await api.runsView.tree.getChildren(group)) out.push({ node, item: api.runsView.tree.getTreeItem(node) });
    }
    return out;
  }

  async function row(name: string): Promise<{ node: RunsNode; item: vscode.TreeItem } | undefined> {
    return (await rows()).find((r) => r.item.label === name || r.item.label === `★ ${name}`);
  }

  const icon = (item: vscode.TreeItem): string => (item.iconPath as vscode.ThemeIcon).id;

  async function run(args: object): Promise<Launch> {
    const launch = await vscode.commands.executeCommand<Launch | undefined>('runlens.runExperiment', { folder: ws, ...args });
    assert.ok(launch, 'the command started something');
    launches.push(launch);
    return launch;
  }

  async function newRuns(before: ReadonlySet<string>, count: number): Promise<RunManifest[]> {
    return poll(`${count} new run(s)`, async () => {
      const found = (await store.listRuns()).filter((m) => !before.has(m.id));
      return found.length >= count ? found : undefined;
    });
  }

  async function ids(): Promise<Set<string>> {
    return new Set((await store.listRuns()).map((m) => m.id));
  }

  before(async () => {
    const ext = vscode.extensions.getExtension<RunlensApi>('runlens.runlens');
    assert.ok(ext);
    api = await ext.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    ws = folder.uri.fsPath;
    restoreFiles = useExampleFiles(ws, EXAMPLE);
    store = RunStore.open(ws);
    await api.runsView.reload();
  });

  after(async () => {
    for (const l of launches) l.terminal.dispose();
    // A closed terminal stops its run (e.g. the rerun above, never awaited) only once the CLI
    // hears it: wait for every run to end, then delete them all, so none leaks into later suites.
    await poll('every run of this suite to end once its terminal closed', async () =>
      ((await store.listRuns()).every((m) => m.status !== 'running' && m.status !== 'queued') ? true : undefined), 60_000);
    for (const m of await store.listRuns()) await store.delete(m.id).catch(() => undefined);
    await store.emptyTrash();
    // The view keeps the last good config's primary metrics when runlens.yaml disappears: hand it
    // one without them first, so later suites see a workspace without the example's goals.
    writeFileSync(join(ws, 'runlens.yaml'), 'experiments:\n  other:\n    command: echo\n');
    await api.runsView.reload();
    restoreFiles(['outputs', 'hello.py']);
    await api.runsView.reload();
  });

  it('Run Experiment with the defaults opens a terminal and the run reaches the store and the tree', async () => {
    const before = await ids();
    const launch = await run({ experiment: 'train', params: '' });
    assert.equal(launch.terminal.name, 'Runlens: train');
    assert.ok(vscode.window.terminals.includes(launch.terminal), 'a terminal is open');
    assert.deepEqual(launch.args.slice(0, 4), ['run', '--workspace', ws, 'train'], 'the CLI gets an argv, no shell line');
    assert.ok(launch.args.includes('--python'));
    const [m] = await newRuns(before, 1);
    assert.ok(m);
    assert.equal(m.experiment, 'train');
    assert.deepEqual(m.params, { lr: 0.1, epochs: 30, seed: 0, l2: 0, delay: 0.03 });
    const done = await poll('the run to finish', async () => {
      const r = await row(m.name);
      return r && icon(r.item) === 'pass' ? r : undefined;
    });
    // The row reads "value · when" and then the sparkline (runlens.runs.sparkline: bars or dots).
    assert.match(String(done.item.description), /^\d\.\d+ · .+ {2}([▁▂▃▄▅▆▇█]+|[\u2800-\u28ff]+)$/, 'its primary metric (val_loss), when, and sparkline');
    assert.equal((await store.getRun(m.id))?.status, 'finished');
  });

  it('shows a live run\'s metric in its row and the status bar while it runs; Ctrl+C stops it', async () => {
    const before = await ids();
    const launch = await run({ experiment: 'train', params: 'epochs=300 delay=0.1 lr=0.05' });
    const [m] = await newRuns(before, 1);
    assert.ok(m);
    assert.deepEqual(m.params, { lr: 0.05, epochs: 300, seed: 0, l2: 0, delay: 0.1 });
    const seen = new Set<string>();
    await poll('three different live values in the row', async () => {
      const r = await row(m.name);
      if (r && icon(r.item) === 'loading~spin' && /^\d\.\d+/.test(String(r.item.description))) seen.add(String(r.item.description).split(' ')[0] ?? '');
      return seen.size >= 3 ? true : undefined;
    });
    const bar = await poll('the status bar to show the run', () => {
      const s = api.run.statusBar.state;
      return s.visible && s.text.includes(m.name) ? s : undefined;
    });
    assert.match(bar.text, new RegExp(`^\\$\\(loading~spin\\) 1 running · ${m.name} val_loss \\d\\.\\d+$`));
    assert.deepEqual(bar.command?.arguments, [{ folder: ws, id: m.id }]);
    assert.equal(await vscode.commands.executeCommand('runlens.revealRun', bar.command?.arguments?.[0]), true, 'the click reveals the run');
    assert.deepEqual(api.runsView.treeView.selection.map((n) => (n.kind === 'run' ? n.id : '')), [m.id]);

    launch.terminal.sendText('\x03', false);
    const stopped = await poll('the run to be stopped', async () => {
      const r = await store.getRun(m.id);
      return r && r.status !== 'running' ? r : undefined;
    });
    assert.equal(stopped.status, 'stopped');
    await poll('the status bar to count no running run', () => (api.run.statusBar.state.text.startsWith('$(beaker)') ? true : undefined));
  });

  it('queues a sweep visible in the tree; a cancelled item is skipped; the queue outlives a reload of the view', async () => {
    const before = await ids();
    const launch = await run({ experiment: 'train', params: 'lr=0.01,0.02,0.03 epochs=15 delay=0.1' });
    assert.equal(launch.terminal.name, 'Runlens sweep: train (3 runs)');
    assert.ok(launch.args.includes('--grid') && launch.args.includes('lr=0.01,0.02,0.03'));
    const runs = await newRuns(before, 3);
    const byLr = (lr: number): RunManifest => runs.find((r) => r.params.lr === lr) as RunManifest;
    const last = byLr(0.03);
    const queuedRow = await poll('queued rows in the tree', async () => {
      const r = await row(last.name);
      return r && icon(r.item) === 'clock' ? r : undefined;
    });
    assert.match(String(queuedRow.item.contextValue), /^run\.queued/);
    assert.equal(await vscode.commands.executeCommand('runlens.cancelQueued', queuedRow.node), 1);
    await poll('the cancelled row to leave the tree', async () => ((await row(last.name)) ? undefined : true));

    // The queue is run by the CLI process in the terminal, not by the extension: reloading the
    // view's state from disk loses nothing, and the remaining queued run still starts.
    await vscode.commands.executeCommand('runlens.refreshRuns');
    const second = byLr(0.02);
    const r2 = await poll('the second item, queued or running, after the reload', async () => row(second.name));
    assert.ok(['clock', 'loading~spin', 'pass'].includes(icon(r2.item)));
    await poll('both remaining items to finish', async () => {
      const [a, b] = await Promise.all([store.getRun(byLr(0.01).id), store.getRun(second.id)]);
      return a?.status === 'finished' && b?.status === 'finished' ? true : undefined;
    }, 60_000);
    const trashed = (await store.listTrash()).find((m) => m.id === last.id);
    assert.equal(trashed?.status, 'queued', 'the cancelled item never ran');
    assert.equal(trashed?.startedAt, null);
  });

  it('reruns a run with the same params', async () => {
    const source = (await store.listRuns()).find((m) => m.status === 'finished' && m.params.lr === 0.02);
    assert.ok(source);
    const r = await row(source.name);
    assert.ok(r);
    const before = await ids();
    const launch = await vscode.commands.executeCommand<Launch>('runlens.rerun', r.node);
    launches.push(launch);
    const [again] = await newRuns(before, 1);
    // A rerun passes the declared params; params the script logs itself (loggedParams) come back
    // only once the rerun logs them, so compare what Runlens passed.
    const declared = (m: typeof source): Record<string, unknown> =>
      Object.fromEntries(Object.entries(m.params).filter(([k]) => !(m.loggedParams ?? []).includes(k)));
    assert.deepEqual(again && declared(again), declared(source));
    assert.equal(again?.experiment, 'train');
    assert.notEqual(again?.name, source.name);
  });

  it('runs the active Python file as an ad-hoc experiment', async () => {
    writeFileSync(join(ws, 'hello.py'), 'import sys\nprint("hello", sys.version_info[0])\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(ws, 'hello.py')));
    await vscode.window.showTextDocument(doc);
    const before = await ids();
    const launch = await vscode.commands.executeCommand<Launch>('runlens.runFile');
    launches.push(launch);
    assert.equal(launch.terminal.name, 'Runlens: hello.py');
    const [m] = await newRuns(before, 1);
    assert.ok(m);
    assert.equal(m.experiment, null);
    assert.deepEqual(m.command.slice(1), ['hello.py']);
    assert.match(m.command[0] ?? '', /python3?$/);
    await poll('the file run to finish', async () => ((await store.getRun(m.id))?.status === 'finished' ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers Run, Run with params and Sweep above each experiment of runlens.yaml', async () => {
    const uri = vscode.Uri.file(join(ws, 'runlens.yaml'));
    await vscode.window.showTextDocument(uri);
    const lenses = await poll('CodeLenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l && l.length > 0 ? l : undefined;
    });
    const text = readFileSync(uri.fsPath, 'utf8').split('\n');
    const titles = lenses.map((l) => `${text[l.range.start.line]?.trim()} ${l.command?.title ?? ''}`);
    assert.deepEqual(titles, [
      'prepare: ▶ Run', 'prepare: Run with params…', 'train: ▶ Run', 'train: Run with params…', 'train: Sweep (3 runs)…',
      'train-print: ▶ Run', 'train-print: Run with params…', 'evaluate: ▶ Run', 'evaluate: Run with params…',
    ]);
    assert.deepEqual(lenses[0]?.command?.arguments, [{ folder: ws, experiment: 'prepare', params: '' }]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('refuses a broken config without starting anything', async () => {
    const good = readFileSync(join(ws, 'runlens.yaml'), 'utf8');
    writeFileSync(join(ws, 'runlens.yaml'), 'experiments:\n  train:\n    command: python3 train.py\n    metrics: {goal: sideways}\n');
    try {
      const terminals = vscode.window.terminals.length;
      assert.equal(await vscode.commands.executeCommand('runlens.runExperiment', { folder: ws, experiment: 'train', params: '' }), undefined);
      assert.equal(await vscode.commands.executeCommand('runlens.runExperiment', { folder: ws, experiment: 'nope', params: '' }), undefined);
      assert.equal(vscode.window.terminals.length, terminals, 'no terminal opened');
    } finally {
      writeFileSync(join(ws, 'runlens.yaml'), good);
    }
  });
});
