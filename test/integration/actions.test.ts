// The Runs view's filter, sort and edit commands in a real VS Code: each command's effect on the
// store and on the tree items (labels, order, context values, the view's description).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RunsViewState } from '../../src/extension/runs/viewState';
import { Harness } from './actionsSupport';
import { poll } from './poll';

/** Newest first, by group: the ad-hoc run is the newest, so its group comes first. */
const ORDER = ['bare-d', 'tiny-c', 'wide-b', 'base-a'];

describe('Runs view: filter, sort and edits', () => {
  let h: Harness;

  before(async () => {
    h = await Harness.start();
    await h.cleanup();
    await h.run('base-a', { params: { lr: 0.001, model: 'resnet' }, acc: 0.95, tags: ['baseline'] });
    await h.run('wide-b', { params: { lr: 0.1, model: 'vit' }, acc: 0.5, status: 'failed' });
    await h.run('tiny-c', { params: { lr: 0.005 }, acc: 0.92 });
    await h.run('bare-d', { experiment: null });
    await h.waitForLabels(ORDER);
  });

  after(() => h.cleanup());

  it('filters by status, tag, text and expression, and shows the filter beside the title', async () => {
    const view = h.api.runsView;
    assert.equal(await vscode.commands.executeCommand('runlens.filterRuns', 'status:failed'), true);
    await h.waitForLabels(['wide-b']);
    assert.equal(view.treeView.description, 'filter: status:failed');
    assert.match(view.treeView.message ?? '', /1 of 4 runs match/);

    await vscode.commands.executeCommand('runlens.filterRuns', 'tag:baseline');
    await h.waitForLabels(['base-a']);
    await vscode.commands.executeCommand('runlens.filterRuns', 'vit');
    await h.waitForLabels(['wide-b']);
    await vscode.commands.executeCommand('runlens.filterRuns', 'acc > 0.9 and lr < 0.01');
    await h.waitForLabels(['tiny-c', 'base-a']);
    await vscode.commands.executeCommand('runlens.filterRuns', 'not acc > 0.9');
    await h.waitForLabels(['wide-b']);

    // A malformed filter is refused and the active one stays.
    assert.equal(await vscode.commands.executeCommand('runlens.filterRuns', 'acc > '), false);
    assert.equal(view.state.filter, 'not acc > 0.9');
    assert.ok(view.state.recentFilters().includes('tag:baseline'));

    await vscode.commands.executeCommand('runlens.filterRuns', 'nothing-like-this');
    await h.waitForLabels([]);
    assert.match(view.treeView.message ?? '', /No run matches the filter/);

    await vscode.commands.executeCommand('runlens.clearFilter');
    await h.waitForLabels(ORDER);
    assert.equal(view.treeView.description, undefined);
    assert.equal(view.treeView.message, undefined);
  });

  it('keeps the filter and sort in workspace state across a reload', async () => {
    const saved = new Map<string, unknown>();
    const memento: vscode.Memento = {
      keys: () => [...saved.keys()],
      get: <T>(key: string, fallback?: T) => (saved.has(key) ? saved.get(key) as T : fallback),
      update: (key: string, value: unknown) => Promise.resolve(void saved.set(key, value)),
    };
    const before = new RunsViewState(memento);
    await before.setFilter('status:failed');
    await before.setSort({ by: 'metric', metric: 'acc', direction: 'asc' });
    before.dispose();
    const after = new RunsViewState(memento);
    assert.equal(after.filter, 'status:failed');
    assert.deepEqual(after.sort, { by: 'metric', metric: 'acc', direction: 'asc' });
    assert.deepEqual(after.recentFilters(), ['status:failed']);
    after.dispose();
    // Restore the real view's context keys, which the throwaway states also set.
    await vscode.commands.executeCommand('runlens.clearFilter');
  });

  it('sorts by a metric either way, runs without it last', async () => {
    await vscode.commands.executeCommand('runlens.sortRuns', { by: 'metric', metric: 'acc', direction: 'desc' });
    await h.waitForLabels(['bare-d', 'base-a', 'tiny-c', 'wide-b']);
    assert.equal(h.api.runsView.treeView.description, 'by acc ↓');
    await vscode.commands.executeCommand('runlens.sortRuns', { by: 'metric', metric: 'acc', direction: 'asc' });
    await h.waitForLabels(['bare-d', 'wide-b', 'tiny-c', 'base-a']);
    await vscode.commands.executeCommand('runlens.sortRuns', { by: 'name' });
    await h.waitForLabels(['bare-d', 'base-a', 'tiny-c', 'wide-b']);
    await vscode.commands.executeCommand('runlens.sortRuns', { by: 'newest' });
    await h.waitForLabels(ORDER);
  });

  it('stars and unstars every selected run', async () => {
    const a = await h.row('base-a');
    const c = await h.row('tiny-c');
    assert.equal(await vscode.commands.executeCommand('runlens.starRun', a.node, [a.node, c.node]), true);
    await poll('both starred in the store', async () => ((await h.store.listRuns()).filter((r) => r.starred).length === 2 ? true : undefined));
    const starred = await h.row('base-a');
    await poll('the star in the row', async () => ((await h.row('base-a')).label === '★ base-a' ? true : undefined));
    assert.equal((await h.row('base-a')).item.contextValue, 'run.finished.starred');
    assert.equal((await h.row('tiny-c')).label, '★ tiny-c');
    await vscode.commands.executeCommand('runlens.unstarRun', starred.node, [starred.node]);
    await poll('base-a unstarred', async () => ((await h.row('base-a')).label === 'base-a' ? true : undefined));
    assert.equal((await h.store.getRun('tiny-c'))?.starred, true, 'a run outside the selection keeps its star');
  });

  it('edits tags of several runs from their shared tags', async () => {
    const a = await h.row('base-a');
    const b = await h.row('wide-b');
    await vscode.commands.executeCommand('runlens.tagRun', b.node, [b.node], 'baseline, extra');
    await poll('wide-b tagged', async () => ((await h.store.getRun('wide-b'))?.tags.length === 2 ? true : undefined));
    // Shared: baseline. The edit removes it and adds "v2"; wide-b keeps "extra".
    await vscode.commands.executeCommand('runlens.tagRun', a.node, [a.node, b.node], 'v2');
    assert.deepEqual((await h.store.getRun('base-a'))?.tags, ['v2']);
    assert.deepEqual((await h.store.getRun('wide-b'))?.tags, ['extra', 'v2']);
    await vscode.commands.executeCommand('runlens.filterRuns', 'tag:v2');
    await h.waitForLabels(['wide-b', 'base-a']);
    await vscode.commands.executeCommand('runlens.clearFilter');
  });

  it('renames a run, and refuses a name another run has', async () => {
    const c = await h.store.getRun('tiny-c');
    assert.ok(c);
    const ref = { folder: h.folder.uri.toString(), id: c.id };
    assert.equal(await vscode.commands.executeCommand('runlens.renameRun', ref, undefined, 'tiny-renamed'), true);
    assert.equal((await h.store.getRun(c.id))?.name, 'tiny-renamed');
    await h.row('tiny-renamed');
    await poll('the cache knows the new name', () => (h.api.runsView.folderRuns()[0]?.get(c.id)?.name === 'tiny-renamed' ? true : undefined));
    assert.equal(await vscode.commands.executeCommand('runlens.renameRun', ref, undefined, 'BASE-A'), false);
    assert.equal(await vscode.commands.executeCommand('runlens.renameRun', ref, undefined, ' padded'), false);
    assert.equal((await h.store.getRun(c.id))?.name, 'tiny-renamed');
  });

  it('acts on the run right-clicked, not the first of a multi-selection, for single-run commands', async () => {
    const a = await h.row('base-a');
    const b = await h.row('wide-b');
    const d = await h.row('bare-d');
    // Three rows selected, the second one right-clicked: VS Code passes (clicked, selection).
    const selection = [a.node, b.node, d.node];
    assert.equal(await vscode.commands.executeCommand('runlens.copyRunId', b.node, selection), (await h.store.getRun('wide-b'))?.id);
    assert.equal(await vscode.env.clipboard.readText(), (await h.store.getRun('wide-b'))?.id);
    assert.equal(await vscode.commands.executeCommand('runlens.noteRun', b.node, selection, 'picked from three'), true);
    assert.equal((await h.store.getRun('wide-b'))?.note, 'picked from three');
    assert.notEqual((await h.store.getRun('base-a'))?.note, 'picked from three', 'the first selected run is untouched');
    const bareId = (await h.store.getRun('bare-d'))?.id;
    assert.equal(await vscode.commands.executeCommand('runlens.renameRun', d.node, selection, 'bare-renamed'), true);
    assert.equal((await h.store.getRun('bare-renamed'))?.id, bareId, 'the clicked (third) run is renamed');
    assert.ok(await h.store.getRun('base-a'), 'the first selected run keeps its name');
    await vscode.commands.executeCommand('runlens.renameRun', { folder: h.folder.uri.toString(), id: bareId }, undefined, 'bare-d');
  });

  it('sets a note, found by the filter and shown in the tooltip', async () => {
    const b = await h.row('wide-b');
    assert.equal(await vscode.commands.executeCommand('runlens.noteRun', b.node, undefined, 'diverged after warmup'), true);
    assert.equal((await h.store.getRun('wide-b'))?.note, 'diverged after warmup');
    await vscode.commands.executeCommand('runlens.filterRuns', 'warmup');
    await h.waitForLabels(['wide-b']);
    const tooltip = ((await h.row('wide-b')).item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /Note: diverged after warmup/);
    await vscode.commands.executeCommand('runlens.clearFilter');
  });
});
