// The Datasets view, the Data Diff and the Explorer's run lookups in a real VS Code, over real runs
// of the example's prepare stage: versions listed with their runs, an edit of the raw data marked
// live, compared and restored from the data cache (or the data remote), and runs found by content
// after a rename.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type RunStore } from '../../src/core/store/store';
import { restoreVersion } from '../../src/extension/datasets/actions';
import { type DatasetsNode, type VersionNode } from '../../src/extension/datasets/datasetsTree';
import { type RunlensApi } from '../../src/extension/extension';
import { activateRunlens } from './activate';
import { ROOT, useExampleFiles } from './exampleFiles';
import { poll } from './poll';

/** The example's prepare stage, its raw data kept in the data cache. */
const CONFIG = `version: 1
experiments:
  prepare:
    command: [python3, prepare.py]
    datasets:
      - { path: data/raw.csv, cache: true }
    outputs:
      - data/points.csv
`;

describe('Datasets view', function () {
  this.timeout(120_000);
  let api: RunlensApi;
  let ws: string;
  let store: RunStore;
  let restoreFiles: (extra?: readonly string[]) => void = () => undefined;
  let original = '';
  const runIds: string[] = [];

  const prepare = (): void => {
    execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'run', 'prepare', '--workspace', ws], { cwd: ws, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
  };

  function datasetNode(spec: string): DatasetsNode | undefined {
    return api.datasets.view.tree.getChildren().find((n) => n.kind === 'dataset' && n.info.spec === spec);
  }

  function versionNodes(spec: string): VersionNode[] {
    const d = datasetNode(spec);
    return d ? api.datasets.view.tree.getChildren(d).filter((n): n is VersionNode => n.kind === 'version') : [];
  }

  before(async () => {
    ({ api, ws, store } = await activateRunlens());
    restoreFiles = useExampleFiles(ws, ['runlens.yaml', 'prepare.py', 'data']);
    writeFileSync(join(ws, 'runlens.yaml'), CONFIG);
    original = readFileSync(join(ws, 'data', 'raw.csv'), 'utf8');
    prepare();
    appendFileSync(join(ws, 'data', 'raw.csv'), '300,0.1,0.2,0.3,0.4,1\n');
    prepare();
    runIds.push(...(await store.listRuns()).map((r) => r.id));
    assert.equal(runIds.length, 2);
  });

  after(async () => {
    for (const p of api.runDetail.panels.all()) p.dispose();
    api.datasets.diff.dispose();
    for (const m of await store.listRuns()) await store.delete(m.id).catch(() => undefined);
    await store.emptyTrash();
    writeFileSync(join(ws, 'runlens.yaml'), 'experiments:\n  other:\n    command: echo\n');
    restoreFiles(['data']);
    await api.runsView.reload();
    await api.datasets.view.reload();
  });

  it('lists each declared path with its versions, the runs that read or wrote them, and the workspace\'s one marked', async () => {
    await poll('both datasets listed with two versions', () => {
      const raw = versionNodes('data/raw.csv');
      const points = versionNodes('data/points.csv');
      return raw.length === 2 && points.length === 2 ? true : undefined;
    });
    const raw = versionNodes('data/raw.csv');
    const items = raw.map((n) => api.datasets.view.tree.getTreeItem(n));
    assert.match(String(items[0]?.description), /^in workspace · 1 file · /);
    assert.equal(items[0]?.contextValue, 'datasetVersion.current');
    assert.equal(items[1]?.contextValue, 'datasetVersion');
    const runs = api.datasets.view.tree.getChildren(raw[0]);
    assert.deepEqual(runs.map((n) => (n.kind === 'run' ? [n.runId, n.how] : [])), [[runIds[0], 'read']]);
    const points = api.datasets.view.tree.getTreeItem(datasetNode('data/points.csv') as DatasetsNode);
    assert.equal(points.description, '2 versions');
  });

  it('runlens.datasets.reveal shows the Datasets view on a version, given (path, hash) or { folder, path, hash } as the lineage view sends it', async () => {
    const [newest, oldest] = versionNodes('data/raw.csv');
    assert.ok(newest && oldest);
    // Another sidebar first, so the Datasets view is hidden until the command shows it.
    await vscode.commands.executeCommand('workbench.view.explorer');
    await poll('the Datasets view hidden', () => (api.datasets.view.treeView.visible ? undefined : true));
    const first = await vscode.commands.executeCommand<VersionNode | undefined>('runlens.datasets.reveal', './data/raw.csv', oldest.version.hash.slice(0, 8));
    assert.equal(first?.version.hash, oldest.version.hash, 'a hash prefix and a ./ path find the version');
    await poll('the Datasets view shown', () => (api.datasets.view.treeView.visible ? true : undefined));
    await vscode.commands.executeCommand('workbench.view.explorer');
    await poll('the Datasets view hidden again', () => (api.datasets.view.treeView.visible ? undefined : true));
    const second = await vscode.commands.executeCommand<VersionNode | undefined>('runlens.datasets.reveal', { folder: api.runsView.folderRuns()[0], path: 'data/raw.csv', hash: newest.version.hash });
    assert.equal(second?.version.hash, newest.version.hash);
    await poll('the Datasets view shown again', () => (api.datasets.view.treeView.visible ? true : undefined));
    // A version no run recorded: nothing is revealed (the user gets a message instead).
    assert.equal(await vscode.commands.executeCommand('runlens.datasets.reveal', 'data/raw.csv', 'ffffffff'), undefined);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('runlens.datasets.reveal', 42)), /takes a path and a version hash/);
  });

  it('Runs That Used This finds the runs by content after the file was renamed, and opens the picked one', async () => {
    renameSync(join(ws, 'data', 'raw.csv'), join(ws, 'data', 'renamed.csv'));
    try {
      api.datasets.explorer.last = undefined;
      const done = vscode.commands.executeCommand('runlens.runsThatUsedThis', vscode.Uri.file(join(ws, 'data', 'renamed.csv')));
      const found = await poll('the lookup', () => api.datasets.explorer.last);
      assert.deepEqual(found.map((m) => [m.run.id, m.specs]), [[runIds[0], ['data/raw.csv']]]);
      // The quick pick is open with the run: accepting it opens Run Detail.
      await poll('Run Detail of the picked run', async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return api.runDetail.panels.all().find((p) => p.id === runIds[0]);
      });
      await done;
      api.datasets.explorer.last = undefined;
      const producer = vscode.commands.executeCommand('runlens.runThatProducedThis', vscode.Uri.file(join(ws, 'data', 'points.csv')));
      const wrote = await poll('the producer lookup', () => api.datasets.explorer.last);
      assert.deepEqual(wrote.map((m) => [m.run.id, m.specs]), [[runIds[0], ['data/points.csv']]]);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await producer;
    } finally {
      renameSync(join(ws, 'data', 'renamed.csv'), join(ws, 'data', 'raw.csv'));
    }
  });

  it('marks an edit of the raw data live, and Compare With Current shows the new rows', async () => {
    appendFileSync(join(ws, 'data', 'raw.csv'), '301,0.5,0.5,0.5,0.5,0\n302,0.6,0.6,0.6,0.6,1\n');
    await poll('the changed mark', () => {
      const d = datasetNode('data/raw.csv');
      return d && api.datasets.view.tree.getTreeItem(d).description === 'changed since the last run' ? true : undefined;
    });
    const newest = (versionNodes('data/raw.csv'))[0];
    assert.ok(newest);
    await vscode.commands.executeCommand('runlens.datasets.compareWithCurrent', newest);
    const d = api.datasets.diff.lastDiff;
    assert.ok(d);
    assert.deepEqual(d.files.map((f) => [f.change, f.path, f.table?.rowsA, f.table?.rowsB]), [['changed', 'data/raw.csv', 301, 303]]);
    const sent = await poll('the diff sent to the page', () => api.datasets.diff.channel?.sent.find((m) => m.type === 'diff'));
    assert.equal(sent.type === 'diff' && sent.diff.files[0]?.openable, true);
  });

  it('Restore This Version puts the oldest version back from the data cache', async () => {
    const oldest = (versionNodes('data/raw.csv'))[1];
    assert.ok(oldest);
    assert.equal(await restoreVersion(api.datasets.view, oldest, true), 'restored');
    assert.equal(readFileSync(join(ws, 'data', 'raw.csv'), 'utf8'), original);
    const now = (versionNodes('data/raw.csv')).map((n) => n.version.inWorkspace);
    assert.deepEqual(now, [false, true]);
  });

  it('Restore This Version fetches what the data cache lacks from the data remote', async () => {
    const cli = (...args: string[]): string => execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args, '--workspace', ws], { cwd: ws, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' });
    const share = mkdtempSync(join(tmpdir(), 'runlens-it-share-'));
    try {
      cli('cache', 'push', share);
      writeFileSync(join(ws, 'runlens.yaml'), `${CONFIG}remote: ${share}\n`);
      // This clone's cache emptied (as on a teammate's machine): only the remote has the versions now.
      cli('cache', 'gc', '--max-size', '0', '--force');
      const newest = (versionNodes('data/raw.csv'))[0];
      assert.ok(newest);
      const want = newest.version.hash;
      assert.equal(await restoreVersion(api.datasets.view, newest, true), 'restored');
      // Once the command is done the view shows what it restored: a reload already under way (from a
      // watcher event of the edits above) read the workspace before the restore and does not count.
      assert.deepEqual(versionNodes('data/raw.csv').map((n) => [n.version.hash, n.version.inWorkspace]), [[want, true], [versionNodes('data/raw.csv')[1]?.version.hash, false]]);
      assert.notEqual(readFileSync(join(ws, 'data', 'raw.csv'), 'utf8'), original);
    } finally {
      rmSync(share, { recursive: true, force: true });
    }
  });
});
