// Run actions that change a run's place or process, in a real VS Code: delete to the trash,
// restore, empty the trash, the log editor following a live run, copy id, and stopping a real
// run started with the built CLI.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { Harness } from './actionsSupport';
import { poll } from './poll';

const ROOT = resolve(__dirname, '..', '..', '..');

describe('Runs view: delete, trash, logs, copy and stop', () => {
  let h: Harness;
  let cli: ChildProcess | undefined;

  before(async () => {
    h = await Harness.start();
    await h.cleanup();
  });

  after(async () => {
    cli?.kill('SIGKILL');
    await h.cleanup();
  });

  it('deletes runs to the trash, restores them, and empties the trash', async () => {
    const keep = await h.run('keep-me');
    const doomed = await h.run('doomed');
    const other = await h.run('also-doomed');
    await h.waitForLabels(['also-doomed', 'doomed', 'keep-me']);
    const d = await h.row('doomed');
    const o = await h.row('also-doomed');
    const moved = await vscode.commands.executeCommand<string[]>('runlens.deleteRun', d.node, [d.node, o.node]);
    assert.deepEqual([...moved].sort(), [doomed.id, other.id].sort());
    assert.deepEqual((await h.store.listTrash()).map((r) => r.name).sort(), ['also-doomed', 'doomed']);
    await h.waitForLabels(['keep-me']);

    await vscode.commands.executeCommand('runlens.showTrash');
    const inTrash = (r: { group: string }): boolean => r.group === 'Trash';
    await h.waitForLabels(['also-doomed', 'doomed'], inTrash);
    const trashedRow = (await h.rows()).find((r) => r.label === 'doomed');
    assert.equal(trashedRow?.item.contextValue, 'trashedRun');
    assert.deepEqual(await vscode.commands.executeCommand('runlens.restoreRun', trashedRow?.node), [doomed.id]);
    assert.equal((await h.store.getRun(doomed.id))?.name, 'doomed');
    await h.waitForLabels(['doomed', 'keep-me']);
    await h.waitForLabels(['also-doomed'], inTrash);

    const trashNode = (await h.api.runsView.tree.getChildren()).find((n) => n.kind === 'trash');
    assert.ok(trashNode, 'a Trash group while the trash is shown');
    assert.equal(await vscode.commands.executeCommand('runlens.emptyTrash', trashNode, true), 1);
    assert.deepEqual(await h.store.listTrash(), []);
    await h.waitForLabels([], inTrash);
    await vscode.commands.executeCommand('runlens.hideTrash');
    assert.equal((await h.api.runsView.tree.getChildren()).some((n) => n.kind === 'trash'), false);
    assert.ok(await h.store.getRun(keep.id));
  });

  it('deletes a run that ended a moment ago although the view still has it as running', async () => {
    // The flake of the test above (one of two selected runs not moved): the view's cache had not yet
    // heard that a run just ended, and Delete skipped it as running. Here the run ends on disk in
    // the same tick as the delete, so the cache is certainly behind; the store decides from disk.
    const w = await h.run('just-ended', { status: 'running' });
    await poll('the view has the run as running', () => (h.api.runsView.folderOf(h.folder.uri)?.get(w.id)?.status === 'running' ? true : undefined));
    const file = join(h.store.runDir(w.id), 'run.json');
    writeFileSync(`${file}.tmp`, JSON.stringify({ ...w.manifest(), status: 'finished', exitCode: 0, endedAt: new Date().toISOString() }));
    renameSync(`${file}.tmp`, file);
    const moved = await vscode.commands.executeCommand<string[]>('runlens.deleteRun', h.ref(w));
    assert.deepEqual(moved, [w.id]);
    assert.deepEqual((await h.store.listTrash()).map((r) => r.name), ['just-ended']);
    await h.store.emptyTrash();
  });

  it('refuses to delete a running run', async () => {
    const live = await h.run('still-running', { status: 'running' });
    const moved = await vscode.commands.executeCommand<string[]>('runlens.deleteRun', h.ref(live));
    assert.deepEqual(moved, []);
    assert.equal((await h.store.getRun(live.id))?.status, 'running');
    await live.finish({ status: 'finished', exitCode: 0, signal: null });
  });

  it('opens the log of a live run, which follows its output', async () => {
    const live = await h.run('chatty', { status: 'running' });
    const log = live.openLog();
    log.write(Buffer.from('\u001b[32mepoch 1\u001b[0m started\n'));
    await h.row('chatty');
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('runlens.openRunLog', h.ref(live));
    assert.equal(doc.uri.scheme, 'runlens-log');
    assert.equal(doc.getText(), 'epoch 1 started\n');
    assert.equal(doc.languageId, 'log');
    log.write(Buffer.from('epoch 2 \xff done\n', 'latin1'));
    await poll('the second line in the log editor', () => (doc.getText().includes('epoch 2') ? true : undefined), 5000);
    assert.equal(doc.getText(), 'epoch 1 started\nepoch 2 \ufffd done\n');
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    assert.ok(editor, 'the log is shown in an editor');
    await log.close();
    await live.finish({ status: 'finished', exitCode: 0, signal: null });
  });

  it('copies a run id to the clipboard', async () => {
    const run = await h.run('copy-source');
    await h.row('copy-source');
    await vscode.env.clipboard.writeText('something else');
    assert.equal(await vscode.commands.executeCommand('runlens.copyRunId', h.ref(run)), run.id);
    assert.equal(await vscode.env.clipboard.readText(), run.id);
    // No commit recorded (not a git repository): the command says so and copies nothing.
    assert.equal(await vscode.commands.executeCommand('runlens.copyRunCommit', h.ref(run)), undefined);
    assert.equal(await vscode.env.clipboard.readText(), run.id);
  });

  it('stops a real run started with the CLI', async function () {
    this.timeout(60_000);
    const script = resolve(ROOT, 'docs', 'example', 'train.py');
    cli = spawn(process.execPath, [resolve(ROOT, 'dist', 'cli.js'), 'run', '--workspace', h.folder.uri.fsPath, '--name', 'stop-me', '--',
      'python3', script, '--epochs', '500', '--delay', '0.1', '--out', resolve(h.folder.uri.fsPath, 'outputs')], { stdio: 'ignore' });
    const row = await poll('the running row', async () => {
      const r = (await h.rows()).find((x) => x.label === 'stop-me');
      return r?.item.contextValue === 'run.running' ? r : undefined;
    }, 20_000);
    await poll('a first metric', async () => (Object.keys((await h.store.getRun('stop-me'))?.metrics ?? {}).length > 0 ? true : undefined), 20_000);
    assert.equal(await vscode.commands.executeCommand('runlens.stopRun', row.node), true);
    const stopped = await poll('the run stopped', async () => {
      const m = await h.store.getRun('stop-me');
      return m?.status === 'stopped' ? m : undefined;
    }, 20_000);
    assert.ok(stopped.endedAt);
    await poll('the row shows it stopped', async () => ((await h.row('stop-me')).item.contextValue === 'run.stopped' ? true : undefined));
    // Stopping it again is refused with a reason, not an error.
    assert.equal(await vscode.commands.executeCommand('runlens.stopRun', row.node), false);
  });
});
