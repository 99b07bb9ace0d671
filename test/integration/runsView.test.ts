// The Runs view in a real VS Code, fed by a real store: rows grouped by experiment with status,
// primary metric and sparkline, a live run whose new metric reaches its row, goals following
// runlens.yaml as it is written and deleted, and grouping modes.
import * as assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type RunStore } from '../../src/core/store/store';
import { type RunWriter } from '../../src/core/store/writer';
import { type RunlensApi } from '../../src/extension/extension';
import { type RunsNode } from '../../src/extension/runs/runsTree';
import { activateRunlens } from './activate';
import { poll } from './poll';

describe('Runs view', () => {
  let api: RunlensApi;
  let store: RunStore;
  const writers: RunWriter[] = [];

  async function startRun(experiment: string | null, params: Record<string, number>): Promise<RunWriter> {
    const writer = await store.createRun({ experiment, command: ['python', 'train.py'], shell: false, cwd: store.workspaceRoot, params, env: {} });
    await writer.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, {});
    writers.push(writer);
    return writer;
  }

  async function logLoss(writer: RunWriter, values: number[]): Promise<void> {
    await writer.appendMetrics(values.map((v, i) => ({ time: Date.now(), step: i, values: { loss: v, acc: 1 - v } })));
    await writer.ingest();
  }

  async function items(node?: RunsNode): Promise<{ node: RunsNode; item: vscode.TreeItem }[]> {
    const children = await api.runsView.tree.getChildren(node);
    // Tooltips are resolved on hover: resolved here as VS Code does.
    return Promise.all(children.map(async (n) => ({ node: n, item: await api.runsView.tree.resolveTreeItem(api.runsView.tree.getTreeItem(n), n) })));
  }

  before(async () => {
    ({ api, store } = await activateRunlens());
  });

  after(async () => {
    for (const w of writers) await w.finish({ status: 'finished', exitCode: 0, signal: null }).catch(() => undefined);
    for (const run of await store.listRuns()) await store.delete(run.id);
    await store.emptyTrash();
  });

  it('groups runs by experiment with status, primary metric, sparkline and time', async () => {
    const done = await startRun('train', { lr: 0.1 });
    await logLoss(done, [0.9, 0.7, 0.5, 0.3, 0.2]);
    await done.finish({ status: 'finished', exitCode: 0, signal: null });
    const failed = await startRun(null, {});
    await failed.finish({ status: 'failed', exitCode: 2, signal: null, error: 'exited with code 2' });

    // The view learns of each run from the store watcher; the groups can show before the runs'
    // ends reach their rows, so wait for the finished and failed icons, not only the groups.
    const groups = await poll('two experiment groups with both runs ended', async () => {
      const g = await items();
      if (g.map((x) => (typeof x.item.label === 'string' ? x.item.label : x.item.label?.label)).sort().join('|') !== '(ad-hoc commands)|train') return undefined;
      const icons = await Promise.all(g.map(async (group) => ((await items(group.node))[0]?.item.iconPath as vscode.ThemeIcon | undefined)?.id));
      return icons.every((id) => id === 'pass' || id === 'error') ? g : undefined;
    });
    assert.deepEqual(groups.map((g) => g.item.label).sort(), ['(ad-hoc commands)', 'train']);
    const train = groups.find((g) => g.item.label === 'train');
    assert.ok(train);
    const [row] = await items(train.node);
    assert.ok(row);
    assert.equal(row.item.label, done.manifest().name);
    assert.equal((row.item.iconPath as vscode.ThemeIcon).id, 'pass');
    // No runlens.yaml here: the primary metric falls back to the first metric alphabetically (acc).
    // The sparkline comes last (a narrow sidebar cuts it, not the time): bars in a dark theme,
    // dots in a light one (runlens.runs.sparkline "auto").
    assert.match(String(row.item.description), /^acc 0\.8 · now {2}([▁▂▃▄▅▆▇█]{5}|[\u2800-\u28ff]{3})$/);
    assert.equal(row.item.accessibilityInformation?.label, `${done.manifest().name}, finished, acc 0.8, just now`);
    const tooltip = (row.item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /\| lr \| 0\\\.1 \|/);
    assert.match(tooltip, /\| loss \| 0\\?\.2 \|/);

    const adhoc = groups.find((g) => g.item.label === '(ad-hoc commands)');
    assert.ok(adhoc);
    const [failedRow] = await items(adhoc.node);
    assert.equal((failedRow?.item.iconPath as vscode.ThemeIcon).id, 'error');
  });

  it('shows a live run\'s newest metric in its row while it runs', async () => {
    const live = await startRun('train', { lr: 0.01 });
    await logLoss(live, [0.5]);
    const rowOf = async (): Promise<vscode.TreeItem | undefined> => {
      const train = (await items()).find((g) => g.item.label === 'train');
      return train ? (await items(train.node)).find((r) => r.item.label === live.manifest().name)?.item : undefined;
    };
    // The row may first show the run queued (created, not yet marked started): wait for it running.
    await poll('the live row, running', async () => {
      const row = await rowOf();
      return row && (row.iconPath as vscode.ThemeIcon).id === 'loading~spin' ? row : undefined;
    });
    await logLoss(live, [0.5, 0.25]);
    const row = await poll('the new value in the row', async () => {
      const r = await rowOf();
      return r && String(r.description).startsWith('acc 0.75') ? r : undefined;
    });
    assert.equal((row.iconPath as vscode.ThemeIcon).id, 'loading~spin', 'still running');
  });

  it('follows runlens.yaml: its goal names the group\'s metric, and deleting it drops the goal', async () => {
    const file = join(store.workspaceRoot, 'runlens.yaml');
    const trainGroup = async (): Promise<vscode.TreeItem | undefined> => (await items()).find((g) => g.item.label === 'train')?.item;
    await writeFile(file, 'version: 1\nexperiments:\n  train:\n    command: python3 train.py\n    metrics:\n      primary: loss\n      goal: min\n');
    try {
      await poll('the goal from runlens.yaml', async () => ((await trainGroup())?.description === 'loss ↓' ? true : undefined));
      // A config broken mid-edit keeps the last good goal.
      await writeFile(file, 'version: 1\nexperiments:\n  train: [\n');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal((await trainGroup())?.description, 'loss ↓');
    } finally {
      await rm(file, { force: true });
    }
    await poll('the goal gone with runlens.yaml', async () => ((await trainGroup())?.description === undefined ? true : undefined));
  });

  it('draws the sparkline the runlens.runs.sparkline setting asks for, never in the spoken label', async () => {
    const config = vscode.workspace.getConfiguration('runlens');
    const rowOf = async (): Promise<vscode.TreeItem | undefined> => {
      const train = (await items()).find((g) => g.item.label === 'train');
      return train ? (await items(train.node))[0]?.item : undefined;
    };
    const described = async (pattern: RegExp, what: string): Promise<vscode.TreeItem> =>
      poll(what, async () => {
        const row = await rowOf();
        return row && pattern.test(String(row.description)) ? row : undefined;
      });
    try {
      await config.update('runs.sparkline', 'dots', vscode.ConfigurationTarget.Workspace);
      const dots = await described(/ {2}[\u2800-\u28ff]+$/, 'a dotted sparkline');
      assert.doesNotMatch(String(dots.description), /[▁▂▃▄▅▆▇█]/);
      await config.update('runs.sparkline', 'bars', vscode.ConfigurationTarget.Workspace);
      const bars = await described(/ {2}[▁▂▃▄▅▆▇█]+$/, 'a bar sparkline');
      assert.doesNotMatch(bars.accessibilityInformation?.label ?? '', /[▁▂▃▄▅▆▇█\u2800-\u28ff]/);
      await config.update('runs.sparkline', 'off', vscode.ConfigurationTarget.Workspace);
      const off = await described(/(ago|now)$/, 'no sparkline');
      assert.doesNotMatch(String(off.description), /[▁▂▃▄▅▆▇█\u2800-\u28ff]/);
    } finally {
      await config.update('runs.sparkline', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('switches grouping with the runlens.runs.groupBy setting', async () => {
    const config = vscode.workspace.getConfiguration('runlens');
    await config.update('runs.groupBy', 'status', vscode.ConfigurationTarget.Workspace);
    try {
      const labels = await poll('status groups', async () => {
        const l = (await items()).map((g) => (typeof g.item.label === 'string' ? g.item.label : g.item.label?.label ?? ''));
        return l.includes('running') ? l : undefined;
      });
      assert.deepEqual(labels, ['running', 'failed', 'finished']);
    } finally {
      await config.update('runs.groupBy', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
