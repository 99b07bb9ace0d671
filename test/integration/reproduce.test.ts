// Reproduce inside a real VS Code: the command on a Runs view row starts `runlens reproduce` in a
// terminal and resolves with the verdict; the new run is in the store with `reproducedFrom`. Also
// Create Branch from Run, Check Out refusing a dirty tree, and Rerun with Changes.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type RunManifest } from '../../src/core/model';
import { type RunStore } from '../../src/core/store/store';
import { type RunlensApi } from '../../src/extension/extension';
import { type ReproduceOutcome } from '../../src/extension/reproduce/reproduceRun';
import { type RunDetailPanel } from '../../src/extension/runDetail/panel';
import { type Launch } from '../../src/extension/run/terminal';
import { type RunsNode } from '../../src/extension/runs/runsTree';
import { activateRunlens } from './activate';
import { ROOT, useExampleFiles } from './exampleFiles';
import { poll } from './poll';

const EXAMPLE = ['runlens.yaml', 'train.py', 'data'];
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };

describe('Reproduce from the editor', function () {
  this.timeout(180_000);
  let api: RunlensApi;
  let ws: string;
  let store: RunStore;
  let original: RunManifest;
  let restoreFiles: (extra?: readonly string[]) => void = () => undefined;
  const terminals: vscode.Terminal[] = [];
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: ws, env: GIT_ENV, encoding: 'utf8' }).trim();

  async function runNode(id: string): Promise<RunsNode> {
    return poll(`the row of ${id}`, async () => {
      for (const group of await api.runsView.tree.getChildren()) {
        for (const node of await api.runsView.tree.getChildren(group)) if (node.kind === 'run' && node.id === id) return node;
      }
      return undefined;
    });
  }

  before(async () => {
    ({ api, ws, store } = await activateRunlens());
    restoreFiles = useExampleFiles(ws, EXAMPLE);
    writeFileSync(join(ws, '.gitignore'), 'outputs/\n__pycache__/\n');
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'example');
    // The original run, from a terminal as a user would start it.
    execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'run', 'train', '-p', 'epochs=4', '-p', 'delay=0', '--workspace', ws],
      { cwd: ws, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
    original = (await store.listRuns())[0] as RunManifest;
    assert.equal(original.status, 'finished');
    await api.runsView.reload();
  });

  after(async () => {
    for (const p of api.runDetail.panels.all()) p.dispose();
    for (const t of [...terminals, ...(api.reproduce.last?.launches.map((l) => l.terminal) ?? [])]) t.dispose();
    await new Promise((r) => setTimeout(r, 500));
    for (const m of await store.listRuns()) if (m.status !== 'running') await store.delete(m.id).catch(() => undefined);
    await store.emptyTrash();
    writeFileSync(join(ws, 'runlens.yaml'), 'experiments:\n  other:\n    command: echo\n');
    await api.runsView.reload();
    restoreFiles(['outputs', '.git', '.gitignore', '__pycache__']);
    await api.runsView.reload();
  });

  it('Reproduce Run on a tree row produces a new run with reproducedFrom and the verdict', async () => {
    const node = await runNode(original.id);
    // The user has moved on: the code changed since the run.
    writeFileSync(join(ws, 'train.py'), `${readFileSync(join(ws, 'train.py'), 'utf8')}\n# edited after the run\n`);
    const head = git('rev-parse', 'HEAD');
    const outcome = await vscode.commands.executeCommand<ReproduceOutcome | undefined>('runlens.reproduceRun', node, [node]);
    assert.ok(outcome, 'the command ran');
    assert.equal(outcome.launches[0]?.args[0], 'reproduce');
    assert.equal(outcome.end.phase, 'done', JSON.stringify(outcome.end));
    if (outcome.end.phase !== 'done') return;
    assert.equal(outcome.end.verdict.verdict, 'reproduced');
    assert.match(outcome.message, new RegExp(`^Runlens: ${original.name} reproduced: \\d+ metric\\(s\\) identical, outputs identical\\.$`));
    const repro = await store.getRun(outcome.end.runId);
    assert.equal(repro?.reproducedFrom, original.id);
    assert.deepEqual(repro?.metrics, original.metrics);
    assert.equal(git('rev-parse', 'HEAD'), head, 'HEAD unchanged');
    assert.match(git('status', '--porcelain'), /train\.py/, 'the user\'s edit is still there');
    assert.equal(api.reproduce.last, outcome);
    await runNode(outcome.end.runId);
  });

  it('keeps the verdict: the reproduction is named after the original, and both rows carry ✓', async () => {
    const outcome = api.reproduce.last;
    assert.ok(outcome?.end.phase === 'done');
    const repro = await store.getRun(outcome.end.runId);
    assert.equal(repro?.name, `${original.name} repro 1`);
    assert.equal(repro?.verdict, 'reproduced', 'the verdict is in run.json, so it survives a reload');
    await api.runsView.reload();
    const folder = api.runsView.folderRuns()[0];
    assert.ok(folder);
    const decorations = api.reproduce.decorations;
    const node = await runNode(outcome.end.runId);
    const item = api.runsView.tree.getTreeItem(node);
    assert.ok(item.resourceUri, 'the row has the URI its decoration is keyed by');
    const mark = await decorations.provideFileDecoration(item.resourceUri);
    assert.equal(mark?.badge, '✓');
    assert.equal(await decorations.describe(folder, outcome.end.runId), `reproduces ${original.name} ✓ reproduced`);
    const originalItem = api.runsView.tree.getTreeItem(await runNode(original.id));
    assert.ok(originalItem.resourceUri);
    assert.equal((await decorations.provideFileDecoration(originalItem.resourceUri))?.badge, '✓');
    assert.equal(await decorations.describe(folder, original.id), `✓ reproduced by ${original.name} repro 1`);
  });

  it('shows the verdict in Run Detail, for the reproduction and for the original', async () => {
    const outcome = api.reproduce.last;
    assert.ok(outcome?.end.phase === 'done');
    const reproId = outcome.end.runId;
    for (const [id, role] of [[reproId, 'reproduction'], [original.id, 'original']] as const) {
      const panel = await vscode.commands.executeCommand<RunDetailPanel | undefined>('runlens.showRun', { folder: ws, id, preview: false });
      assert.ok(panel);
      const info = await poll(`the verdict section of ${role}`, () => {
        const last = panel.channel.sent.filter((m) => m.type === 'reproduction').at(-1);
        return last?.type === 'reproduction' && last.info ? last.info : undefined;
      }, 60_000).catch((e: unknown) => {
        throw new Error(`${(e as Error).message}; the panel sent: ${panel.channel.sent.map((m) => m.type).join(', ') || 'nothing'}`);
      });
      assert.equal(info.role, role);
      assert.equal(info.verdict, 'reproduced');
      assert.equal(info.original.id, original.id);
      assert.equal(info.reproduction.id, reproId);
      assert.ok(info.metrics.length > 0 && info.metrics.every((m) => m.same && m.tolerance === 'exact'), JSON.stringify(info.metrics));
      assert.ok(info.outputs.length > 0 && info.outputs.every((o) => o.same === true && o.original === o.reproduced));
    }
  });

  it('reuses the experiment\'s terminal: a second Reproduce replaces the first one\'s finished terminal', async () => {
    const first = api.reproduce.last?.launches[0];
    assert.ok(first);
    // The CLI marks its terminal done once it holds it after the verdict.
    await poll('the first terminal to be done', () => (existsSync(first.heldMarker) ? true : undefined));
    const outcome = await vscode.commands.executeCommand<ReproduceOutcome | undefined>('runlens.reproduceRun', { folder: ws, id: original.id });
    assert.equal(outcome?.end.phase, 'done', JSON.stringify(outcome?.end));
    await poll('the first terminal to close', () => (vscode.window.terminals.includes(first.terminal) ? undefined : true));
    assert.ok(outcome?.launches[0] && vscode.window.terminals.includes(outcome.launches[0].terminal), 'the new one is open');
    assert.equal(vscode.window.terminals.filter((t) => t.name.startsWith('Runlens: reproduce')).length, 1);
    const repro = await store.getRun(outcome?.end.phase === 'done' ? outcome.end.runId : '');
    assert.equal(repro?.name, `${original.name} repro 2`);
  });

  it('Create Branch from Run points a branch at the snapshot; Check Out refuses a dirty tree when told not to stash', async () => {
    const name = await vscode.commands.executeCommand<string | undefined>('runlens.createBranchFromRun', { folder: ws, id: original.id, branch: 'run/original' });
    assert.equal(name, 'run/original');
    assert.equal(git('rev-parse', 'run/original'), original.code?.snapshot?.commit);
    const head = git('rev-parse', 'HEAD');
    const done = await vscode.commands.executeCommand<boolean>('runlens.checkoutRunCode', { folder: ws, id: original.id, stash: false });
    assert.equal(done, false);
    assert.equal(git('rev-parse', 'HEAD'), head);
  });

  it('Check Out This Run\'s Code stashes a dirty tree when told to and detaches HEAD at the snapshot', async () => {
    const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
    const done = await vscode.commands.executeCommand<boolean>('runlens.checkoutRunCode', { folder: ws, id: original.id, stash: true });
    assert.equal(done, true);
    assert.equal(git('rev-parse', 'HEAD'), original.code?.snapshot?.commit);
    assert.equal(git('status', '--porcelain'), '', 'the edit went to the stash');
    assert.match(git('stash', 'list'), /runlens: before checking out the code of run/);
    git('switch', '-q', branch);
    git('stash', 'pop', '-q');
    assert.match(readFileSync(join(ws, 'train.py'), 'utf8'), /edited after the run/);
  });

  it('Rerun with Changes starts the experiment with the edited params', async () => {
    const before = new Set((await store.listRuns()).map((m) => m.id));
    const launch = await vscode.commands.executeCommand<Launch | undefined>('runlens.rerunWithChanges', { folder: ws, id: original.id, params: 'epochs=2 delay=0' });
    assert.ok(launch);
    terminals.push(launch.terminal);
    const m = await poll('the new run', async () => (await store.listRuns()).find((r) => !before.has(r.id)));
    assert.equal(m.params.epochs, 2);
    await poll('the rerun to end', async () => ((await store.getRun(m.id))?.status === 'finished' ? true : undefined), 60_000);
  });
});
