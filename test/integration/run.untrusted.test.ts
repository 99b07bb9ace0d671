// Restricted Mode (an untrusted workspace): runs stay viewable, but every command that would run or
// change something (run, reproduce, check out, branch) refuses without opening a terminal,
// creating a run or a worktree, and no CodeLens is offered.
import * as assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { cpSync, existsSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { defaultWorktreeRoot } from '../../src/core/reproduce/worktree';
import { type RunStore } from '../../src/core/store/store';
import { type RunlensApi } from '../../src/extension/extension';
import { activateRunlens } from './activate';

const ROOT = resolve(__dirname, '..', '..', '..');

describe('Restricted Mode', function () {
  this.timeout(60_000);
  let api: RunlensApi;
  let ws: string;
  let store: RunStore;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite runs in an untrusted workspace');
    ({ api, ws, store } = await activateRunlens());
    for (const f of ['runlens.yaml', 'train.py', 'data']) cpSync(join(ROOT, 'docs', 'example', f), join(ws, f), { recursive: true });
    // A recorded run, as a teammate's or an earlier session's.
    const w = await store.createRun({ experiment: 'train', command: ['python3', 'train.py'], shell: false, cwd: ws, params: { lr: 0.1 }, env: {} });
    await w.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, {});
    await w.appendMetrics([{ time: Date.now(), step: 0, values: { val_loss: 0.5 } }]);
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
    await api.runsView.reload();
  });

  after(() => {
    for (const f of ['runlens.yaml', 'train.py', 'data', '.runlens']) rmSync(join(ws, f), { recursive: true, force: true });
  });

  it('still shows recorded runs', async () => {
    const [group] = await api.runsView.tree.getChildren();
    assert.ok(group);
    const rows = await api.runsView.tree.getChildren(group);
    assert.equal(rows.length, 1);
  });

  it('refuses every command that runs something, starting nothing', async () => {
    const terminals = vscode.window.terminals.length;
    const runs = (await store.listRuns()).length;
    const [group] = await api.runsView.tree.getChildren();
    const [row] = group ? await api.runsView.tree.getChildren(group) : [];
    assert.ok(row);
    const results = [
      await vscode.commands.executeCommand('runlens.runExperiment', { folder: ws, experiment: 'train', params: '' }),
      await vscode.commands.executeCommand('runlens.runSweep', { folder: ws, experiment: 'train', params: 'lr=1,2' }),
      await vscode.commands.executeCommand('runlens.runFile', vscode.Uri.file(join(ws, 'train.py'))),
      await vscode.commands.executeCommand('runlens.rerun', row),
      await vscode.commands.executeCommand('runlens.reproduceRun', row),
      await vscode.commands.executeCommand('runlens.checkoutRunCode', row),
      await vscode.commands.executeCommand('runlens.createBranchFromRun', row),
      await vscode.commands.executeCommand('runlens.rerunWithChanges', row),
    ];
    // Check Out reports whether it checked out (false); the others return nothing when they refuse.
    assert.deepEqual(results, [undefined, undefined, undefined, undefined, undefined, false, undefined, undefined]);
    // Rerun Stale Chain says it refused (a fresh run would otherwise also end in undefined).
    assert.equal(await vscode.commands.executeCommand('runlens.rerunStaleChain', row), 'untrusted');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(vscode.window.terminals.length, terminals, 'no terminal opened');
    assert.equal((await store.listRuns()).length, runs, 'no run created');
    assert.equal(existsSync(defaultWorktreeRoot(store.root)), false, 'no worktree made for a reproduction');
  });

  it('offers no CodeLens in runlens.yaml', async () => {
    const uri = vscode.Uri.file(join(ws, 'runlens.yaml'));
    await vscode.window.showTextDocument(uri);
    await new Promise((r) => setTimeout(r, 500));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.deepEqual((lenses ?? []).filter((l) => /Run|Sweep/.test(l.command?.title ?? '')), []);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
