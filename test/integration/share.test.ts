// Sharing in a real VS Code: a teammate (another clone of the same bare repository) pushes runs with
// the real CLI; Pull Runs brings them into the Runs view beside the workspace's own run, marked with
// their author and read-only; Push Runs sends the workspace's run; grouping by author.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type RunStore } from '../../src/core/store/store';
import { type RunlensApi } from '../../src/extension/extension';
import { type RunsNode } from '../../src/extension/runs/runsTree';
import { activateRunlens } from './activate';
import { ROOT } from './exampleFiles';
import { poll } from './poll';

const TRAIN = "const lr = Number(process.argv[2]); for (let s = 1; s <= 3; s++) console.log('@runlens ' + JSON.stringify({ step: s, metrics: { loss: 1 / (1 + lr * s) } }));\n";
const CONFIG = 'experiments:\n  train:\n    command: node train.js ${lr}\n    params: { lr: 0.1 }\n';

describe('Push Runs / Pull Runs', function () {
  this.timeout(180_000);
  let api: RunlensApi;
  let ws: string;
  let store: RunStore;
  let temp: string;
  let savedConfig: string | undefined;
  const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  const cli = (cwd: string, ...args: string[]): void => {
    execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
  };

  async function rows(): Promise<{ node: RunsNode; item: vscode.TreeItem }[]> {
    const out: { node: RunsNode; item: vscode.TreeItem }[] = [];
    const walk = async (node?: RunsNode): Promise<void> => {
      for (const child of await api.runsView.tree.getChildren(node)) {
        if (child.kind === 'run') out.push({ node: child, item: await api.runsView.tree.resolveTreeItem(api.runsView.tree.getTreeItem(child), child) });
        else await walk(child);
      }
    };
    await walk();
    return out;
  }
  const labelOf = (item: vscode.TreeItem): string => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');
  const tooltipOf = (item: vscode.TreeItem): string => (item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? ''));

  before(async () => {
    ({ api, ws, store } = await activateRunlens());
    // Run alone, the suite finds an empty workspace; after other suites, their runlens.yaml.
    savedConfig = existsSync(join(ws, 'runlens.yaml')) ? readFileSync(join(ws, 'runlens.yaml'), 'utf8') : undefined;
    temp = mkdtempSync(join(tmpdir(), 'runlens-share-it-'));
    const bare = join(temp, 'team.git');
    git(temp, 'init', '-q', '--bare', bare);
    writeFileSync(join(ws, 'runlens.yaml'), CONFIG);
    writeFileSync(join(ws, 'train.js'), TRAIN);
    git(ws, 'init', '-q');
    git(ws, 'config', 'user.name', 'Me Myself');
    git(ws, 'config', 'user.email', 'me@example.com');
    git(ws, 'add', 'runlens.yaml', 'train.js');
    git(ws, 'commit', '-q', '-m', 'project');
    git(ws, 'remote', 'add', 'origin', bare);
    git(ws, 'push', '-q', 'origin', 'HEAD');
    // The teammate: a clone of the same repository, two runs, pushed from a terminal.
    const mate = join(temp, 'alice');
    git(temp, 'clone', '-q', bare, mate);
    git(mate, 'config', 'user.name', 'Alice Smith');
    git(mate, 'config', 'user.email', 'alice@example.com');
    cli(mate, 'run', 'train', '-p', 'lr=0.5', '--name', 'alice-wide');
    cli(mate, 'run', 'train', '-p', 'lr=2', '--name', 'alice-fast');
    cli(mate, 'push');
    // The workspace's own run.
    cli(ws, 'run', 'train', '-p', 'lr=1', '--name', 'my-baseline');
    await api.runsView.reload();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('runlens').update('runs.groupBy', undefined, vscode.ConfigurationTarget.Workspace);
    // Pulled runs are read-only to the store's API: the test removes their folders itself.
    for (const m of await store.listRuns()) {
      if (m.origin) rmSync(store.runDir(m.id), { recursive: true, force: true });
      else await store.delete(m.id).catch(() => undefined);
    }
    await store.emptyTrash();
    for (const p of ['.git', 'train.js', join('.runlens', 'share')]) rmSync(join(ws, p), { recursive: true, force: true });
    if (savedConfig !== undefined) writeFileSync(join(ws, 'runlens.yaml'), savedConfig);
    else rmSync(join(ws, 'runlens.yaml'), { force: true });
    if (temp) rmSync(temp, { recursive: true, force: true });
    await api.runsView.reload();
  });

  it("Pull Runs shows a teammate's runs beside yours, with author, metrics and read-only menus", async () => {
    await vscode.commands.executeCommand('runlens.pullRuns');
    assert.deepEqual(api.share.lastPull?.map((r) => r.added.length), [2]);
    const shown = await poll('the pulled rows', async () => {
      const all = await rows();
      return all.filter((r) => /^alice-/.test(labelOf(r.item))).length === 2 ? all : undefined;
    });
    const wide = shown.find((r) => r.item.label === 'alice-wide');
    assert.ok(wide);
    assert.match(String(wide.item.description), /^Alice · /);
    assert.match(String(wide.item.contextValue), /\.pulled$/);
    assert.match(tooltipOf(wide.item), /Pulled from origin: run by \*\*Alice Smith\*\* \(alice@example\\\.com\)/);
    assert.match(tooltipOf(wide.item), /\| (\*\*)?loss\b.*\| 0\.4 \|/); // its metrics table: loss, last value 0.4
    const mine = shown.find((r) => r.item.label === 'my-baseline');
    assert.ok(mine);
    assert.doesNotMatch(String(mine.item.contextValue), /pulled/);
    await poll('the local-only mark', async () => (/Local only/.test(tooltipOf((await rows()).find((r) => r.item.label === 'my-baseline')?.item ?? new vscode.TreeItem(''))) ? true : undefined));
  });

  it('Push Runs sends your run (not the pulled ones) and marks it pushed', async () => {
    await vscode.commands.executeCommand('runlens.pushRuns');
    assert.deepEqual(api.share.lastPush?.map((r) => r.pushed.length), [1]);
    assert.equal(api.share.lastPush?.[0]?.conflicts.length, 0);
    await poll('the pushed mark', async () => {
      const row = (await rows()).find((r) => r.item.label === 'my-baseline');
      return row && /Pushed: the team has it/.test(tooltipOf(row.item)) ? true : undefined;
    });
  });

  it('groups runs by author', async () => {
    await vscode.workspace.getConfiguration('runlens').update('runs.groupBy', 'author', vscode.ConfigurationTarget.Workspace);
    const groups = await poll('author groups', async () => {
      const top = await api.runsView.tree.getChildren();
      const labels = top.map((n) => labelOf(api.runsView.tree.getTreeItem(n)));
      return labels.includes('Alice Smith') ? labels : undefined;
    });
    assert.deepEqual([...groups].sort(), ['Alice Smith', 'You (this workspace)']);
  });
});
