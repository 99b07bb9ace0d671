// The Runs view with more runs than a page, in a real VS Code: a group shows its newest runs and
// "Show more…", which shows the next page; a new run appears by redrawing its group only; the
// filter applies to every run of the store before paging, and Clear Filter shows what came under
// it; revealing an older run extends its page.
import * as assert from 'node:assert/strict';
import { hostname } from 'node:os';
import * as vscode from 'vscode';
import { generateRuns } from '../../bench/runsStore';
import { type RunStore } from '../../src/core/store/store';
import { type RunlensApi } from '../../src/extension/extension';
import { type FolderRuns } from '../../src/extension/runs/folderRuns';
import { type RunsNode } from '../../src/extension/runs/runsTree';
import { PAGE_SIZE } from '../../src/views/runs/groupedRuns';
import { activateRunlens } from './activate';
import { poll } from './poll';

const EXPERIMENT = 'paged';
const RUNS = PAGE_SIZE + 30;

describe('Runs view paging', () => {
  let api: RunlensApi;
  let store: RunStore;
  let folder: FolderRuns;
  let ids: string[];

  const tree = (): RunsNode[] | Promise<RunsNode[]> => api.runsView.tree.getChildren();
  async function group(): Promise<RunsNode | undefined> {
    return (await tree()).find((n) => n.kind === 'group' && n.key === EXPERIMENT);
  }
  async function rows(): Promise<RunsNode[]> {
    const g = await group();
    return g ? api.runsView.tree.getChildren(g) : [];
  }
  const runIds = (nodes: RunsNode[]): string[] => nodes.flatMap((n) => (n.kind === 'run' ? [n.id] : []));

  before(async function () {
    this.timeout(120_000);
    ({ api, store } = await activateRunlens());
    // Written straight into the store while the view watches it, as another process would.
    ids = await generateRuns(store.workspaceRoot, { count: RUNS, experiments: [EXPERIMENT], prefix: 'paged' });
    const found = api.runsView.folderRuns()[0];
    assert.ok(found);
    folder = found;
    await poll(`all ${RUNS} runs in the view's cache`, () => (ids.every((id) => folder.get(id)) ? true : undefined), 60_000);
  });

  after(async function () {
    this.timeout(120_000);
    await api.runsView.state.setFilter('');
    for (const run of await store.listRuns()) await store.delete(run.id).catch(() => undefined);
    await store.emptyTrash();
  });

  it('shows a page of the newest runs, then the next page from "Show more…"', async () => {
    const first = await poll('a full first page', async () => {
      const r = await rows();
      return r.length === PAGE_SIZE + 1 ? r : undefined;
    });
    assert.deepEqual(runIds(first), ids.slice(-PAGE_SIZE).reverse(), 'the newest runs, newest first');
    const more = first[PAGE_SIZE];
    assert.equal(more?.kind, 'more');
    const item = api.runsView.tree.getTreeItem(more);
    assert.equal(item.label, 'Show more…');
    assert.equal(item.description, `30 of 30 more`);
    assert.equal(item.command?.command, 'runlens.runs.showMore');
    assert.equal(api.runsView.tree.getTreeItem(first[0] as RunsNode).tooltip, undefined, 'row tooltips wait for a hover');
    await vscode.commands.executeCommand(item.command.command, ...((item.command.arguments ?? []) as unknown[]));
    const all = await rows();
    assert.deepEqual(runIds(all), [...ids].reverse());
    assert.equal(all.some((n) => n.kind === 'more'), false);
  });

  it('shows a new run by redrawing its group, not the whole view', async () => {
    // Only our group: a group of runs an earlier suite deleted, still on its way out of the view
    // (their store events can come late under load), would be redrawn from the top when it goes,
    // which is the right redraw for a group that vanishes, but not this test's.
    await poll('only our group in the view', async () => {
      const top = await tree();
      return top.length === 1 && top[0]?.kind === 'group' && top[0].key === EXPERIMENT ? true : undefined;
    });
    const fired: (RunsNode | undefined)[] = [];
    const sub = api.runsView.tree.onDidChangeTreeData((n) => fired.push(n));
    const writer = await store.createRun({ experiment: EXPERIMENT, command: ['python', 'train.py'], shell: false, cwd: store.workspaceRoot, params: {}, env: {} });
    try {
      await writer.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, {});
      const id = writer.manifest().id;
      await poll('the new run at the top of its group', async () => (runIds(await rows())[0] === id ? true : undefined));
      await poll('its group redrawn', () => (fired.some((n) => n?.kind === 'group' && n.key === EXPERIMENT) ? true : undefined));
      assert.equal(fired.includes(undefined), false, 'the whole view was not redrawn');
    } finally {
      sub.dispose();
      // Ended in every case: a run left running could not be deleted by the suite's cleanup and
      // would leak into the next suites (it did, as humble-owl-1 in the Runs Table's).
      await writer.finish({ status: 'finished', exitCode: 0, signal: null });
    }
  });

  it('filters every run of the store, then pages what passes', async () => {
    // acc of generated run i is (i % 97) / 100: runs 50-96 pass, among them the oldest runs of all.
    const passing = ids.filter((_, i) => i % 97 > 50);
    await api.runsView.state.setFilter('acc > 0.5');
    const shown = await poll('the filtered rows', async () => {
      const r = await rows();
      return runIds(r).length === passing.length ? r : undefined;
    });
    assert.deepEqual(runIds(shown), [...passing].reverse());
    assert.ok(runIds(shown).includes(ids[51] as string), 'a run from beyond the first pages passes');
    assert.equal(shown.some((n) => n.kind === 'more'), false);
    await api.runsView.state.setFilter('');
    await poll('the first page again', async () => ((await rows()).length === PAGE_SIZE + 1 ? true : undefined));
  });

  it('shows a run that came while a filter hid it once the filter is cleared', async () => {
    // Clear Filter shows the unfiltered grouping kept since before the filter: it must have taken
    // in the run that came meanwhile.
    await api.runsView.state.setFilter('acc > 0.5');
    await poll('the filtered rows', async () => {
      const shown = runIds(await rows());
      return shown.length > 0 && shown.every((id) => (folder.get(id)?.metrics.acc?.last ?? 0) > 0.5) ? true : undefined;
    });
    const writer = await store.createRun({ experiment: EXPERIMENT, command: ['python', 'train.py'], shell: false, cwd: store.workspaceRoot, params: {}, env: {} });
    await writer.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, {});
    await writer.finish({ status: 'finished', exitCode: 0, signal: null });
    const id = writer.manifest().id;
    await poll('the finished run in the view\'s cache', () => (folder.get(id)?.status === 'finished' ? true : undefined));
    assert.equal(runIds(await rows()).includes(id), false, 'hidden by the filter (it logged no acc)');
    await api.runsView.state.setFilter('');
    await poll('the new run first once the filter is cleared', async () => (runIds(await rows())[0] === id ? true : undefined));
  });

  it('extends the page to reveal an older run', async () => {
    const oldest = ids[0] as string;
    assert.equal(runIds(await rows()).includes(oldest), false);
    const node = await api.runsView.tree.revealable(folder, oldest);
    assert.equal(node.kind === 'run' && node.id, oldest);
    assert.ok(runIds(await rows()).includes(oldest));
  });
});
