// The Run Detail view in a real VS Code: `runlens.showRun` opens a webview whose page asks for a
// snapshot; the suite reads what the host posted to it (the channel's `sent` log) as a live run
// logs points and lines, changes status and is deleted, and checks preview/pin panel reuse.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type AppendLogMessage, type AppendPointsMessage, type RunChangedMessage, type SnapshotMessage, type ToRunDetail } from '../../src/protocol/runDetail';
import { RUN_DETAIL_VIEW_TYPE, RunDetailPanel } from '../../src/extension/runDetail/panel';
import { ACTION_COMMANDS } from '../../src/extension/runDetail/actions';
import { Harness } from './actionsSupport';
import { poll } from './poll';

function sentOf<T extends ToRunDetail['type']>(panel: RunDetailPanel, type: T): Extract<ToRunDetail, { type: T }>[] {
  return panel.channel.sent.filter((m): m is Extract<ToRunDetail, { type: T }> => m.type === type);
}

/** The last snapshot the panel sent for run `id` (the page asked for it by posting `ready`). */
async function snapshotOf(panel: RunDetailPanel, id: string): Promise<SnapshotMessage> {
  return poll(`a snapshot of ${id}`, () => sentOf(panel, 'snapshot').filter((s) => s.run.id === id).at(-1), 40_000);
}

describe('Run Detail view', () => {
  let h: Harness;

  before(async () => {
    h = await Harness.start();
    await h.cleanup();
  });

  after(() => h.cleanup());

  it('sends a snapshot after the page is ready, then appends points, log lines and status changes', async () => {
    const w = await h.run('live-one', { params: { lr: 0.1, note: '<b>bold</b>' }, status: 'running' });
    await w.appendMetrics([1, 2, 3].map((step) => ({ time: Date.now(), step, values: { loss: 1 / step } })));
    await w.ingest();
    const log = w.openLog();
    log.write(Buffer.concat([Buffer.from('epoch 1 \u001b[32mok\u001b[0m\nnot utf8: '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    await h.row('live-one');

    const panel = await vscode.commands.executeCommand<RunDetailPanel>('runlens.showRun', { folder: h.folder.uri.fsPath, id: w.id });
    assert.ok(panel);
    const snap = await snapshotOf(panel, w.id);
    assert.equal(snap.run.name, 'live-one');
    assert.equal(snap.run.status, 'running');
    assert.equal(snap.run.live, true);
    assert.equal(snap.run.command, 'python train.py');
    assert.deepEqual(snap.run.params, [{ key: 'lr', value: '0.1' }, { key: 'note', value: '<b>bold</b>' }]);
    const loss = snap.series.find((s) => s.metric === 'loss');
    assert.deepEqual(loss?.values, [1, 0.5, 1 / 3]);
    assert.deepEqual(loss?.steps, [1, 2, 3]);
    assert.equal(snap.log[0], 'epoch 1 ok', 'ANSI colours are stripped');
    assert.match(snap.log[1] ?? '', /not utf8: .*\ufffd/, 'invalid UTF-8 is decoded leniently');
    assert.equal(snap.pinned, true, 'a run opened by command (not a click) gets a panel of its own');

    // New points and lines arrive as increments, never as a second snapshot.
    const snapshots = sentOf(panel, 'snapshot').length;
    await w.appendMetrics([{ time: Date.now(), step: 4, values: { loss: 0.2, acc: 0.9 } }]);
    log.write(Buffer.from('epoch 2\n'));
    const points = await poll('appendPoints with step 4', () => sentOf(panel, 'appendPoints').find((m: AppendPointsMessage) => m.series.some((s) => s.steps.includes(4))));
    assert.deepEqual(points.series.find((s) => s.metric === 'loss')?.values, [0.2]);
    assert.deepEqual(points.series.find((s) => s.metric === 'acc')?.values, [0.9]);
    const lines = await poll('appendLog with epoch 2', () => sentOf(panel, 'appendLog').find((m: AppendLogMessage) => m.lines.includes('epoch 2')));
    assert.deepEqual(lines.lines, ['epoch 2']);
    const allLines = sentOf(panel, 'appendLog').flatMap((m) => m.lines);
    assert.equal(allLines.filter((l) => l === 'epoch 1 ok').length, 0, 'lines of the snapshot are not sent again');

    // A status change redraws the header.
    await log.close();
    await w.finish({ status: 'failed', exitCode: 2, signal: null });
    const changed = await poll('runChanged to failed', () => sentOf(panel, 'runChanged').find((m: RunChangedMessage) => m.run.status === 'failed'));
    assert.equal(changed.run.live, false);
    assert.ok(changed.run.environment.some((e) => e.key === 'exit code' && e.value === '2'));
    assert.equal(sentOf(panel, 'snapshot').length, snapshots);

    // Opening the same run again reveals the same panel.
    const again = await vscode.commands.executeCommand<RunDetailPanel>('runlens.showRun', { folder: h.folder.uri.fsPath, id: w.id });
    assert.equal(again, panel);
    panel.dispose();
  });

  it('reuses one preview panel for clicks, keeps pinned panels, and runs actions by name', async () => {
    const a = await h.run('click-a', { acc: 0.5 });
    const b = await h.run('click-b', { acc: 0.7 });
    const rowA = await h.row('click-a');
    // The row's click command opens the preview panel with the run's id.
    assert.equal(rowA.item.command?.command, 'runlens.showRun');
    const clickArgs = rowA.item.command?.arguments?.[0] as unknown;
    const previewA = await vscode.commands.executeCommand<RunDetailPanel>('runlens.showRun', clickArgs);
    assert.ok(previewA && !previewA.pinned);
    await snapshotOf(previewA, a.id);
    assert.match(previewA.panel.title, /click-a \(preview\)/);

    const previewB = await vscode.commands.executeCommand<RunDetailPanel>('runlens.showRun', { id: b.id, preview: true });
    assert.equal(previewB, previewA, 'a click switches the preview panel to the clicked run');
    const snapB = await snapshotOf(previewA, b.id);
    assert.equal(snapB.run.name, 'click-b');
    assert.equal(h.api.runDetail.panels.all().length, 1);

    // Pinning keeps the panel on run b; the next click opens a new preview panel.
    await previewA.handle({ type: 'pin' });
    assert.equal(previewA.pinned, true);
    const previewA2 = await vscode.commands.executeCommand<RunDetailPanel>('runlens.showRun', { id: a.id, preview: true });
    assert.notEqual(previewA2, previewA);
    assert.equal(h.api.runDetail.panels.all().length, 2);
    assert.equal(previewA.id, b.id);

    // Every action the page may name maps to a registered command.
    const registered = await vscode.commands.getCommands(true);
    for (const [action, command] of Object.entries(ACTION_COMMANDS)) assert.ok(registered.includes(command), `${action} → ${command}`);

    // A run action from the page is the tree's command on this run.
    await previewA.handle({ type: 'runAction', action: 'star' });
    await poll('run b starred', async () => ((await h.store.getRun(b.id))?.starred ? true : undefined));
    // The pinned panel is hidden behind the new preview one; shown again, its page reloads and asks
    // for a fresh snapshot, which has the star.
    previewA.panel.reveal();
    await poll('a snapshot with the star', () => sentOf(previewA, 'snapshot').find((m) => m.run.id === b.id && m.run.starred));

    // Deleting the run while it is open: the page is told, nothing crashes.
    await vscode.commands.executeCommand('runlens.deleteRun', { folder: h.folder.uri.fsPath, id: b.id });
    const gone = await poll('runGone', () => sentOf(previewA, 'runGone')[0]);
    assert.match(gone.message, /was deleted/);
    assert.equal(previewA.panel.title, 'Run deleted');
    for (const p of h.api.runDetail.panels.all()) p.dispose();
    assert.equal(h.api.runDetail.panels.all().length, 0);
  });

  it('restores a panel after a reload from the state its page saved', async () => {
    const w = await h.run('restored', { acc: 0.25 });
    const panels = h.api.runDetail.panels;
    // What VS Code does on reload: a fresh panel of our view type and the page's saved state.
    const restored = vscode.window.createWebviewPanel(RUN_DETAIL_VIEW_TYPE, 'restored', vscode.ViewColumn.Active, {});
    await panels.deserializeWebviewPanel(restored, { folder: h.folder.uri.fsPath, id: w.id, pinned: true, scrollY: 120, collapsed: ['log'] });
    const panel = panels.all().find((p) => p.panel === restored);
    assert.ok(panel?.pinned);
    const snap = await snapshotOf(panel, w.id);
    assert.deepEqual(snap.series.find((s) => s.metric === 'acc')?.values, [0.25]);
    panel.dispose();

    // State from a folder no longer open (or no state at all): the panel is closed, not left blank.
    const stale = vscode.window.createWebviewPanel(RUN_DETAIL_VIEW_TYPE, 'stale', vscode.ViewColumn.Active, {});
    let closed = false;
    stale.onDidDispose(() => { closed = true; });
    await panels.deserializeWebviewPanel(stale, { folder: '/nowhere', id: w.id, pinned: true, scrollY: 0, collapsed: [] });
    assert.equal(closed, true);
    assert.equal(panels.all().length, 0);
  });

  it('sends names and params with markup as plain strings', async () => {
    const w = await h.run('<img src=x onerror=alert(1)>', { params: { html: '<script>alert(2)</script>' } });
    const panel = await vscode.commands.executeCommand<RunDetailPanel>('runlens.showRun', { folder: h.folder.uri.fsPath, id: w.id });
    assert.ok(panel);
    const snap = await snapshotOf(panel, w.id);
    assert.equal(snap.run.name, '<img src=x onerror=alert(1)>');
    assert.deepEqual(snap.run.params, [{ key: 'html', value: '<script>alert(2)</script>' }]);
    // The HTML shell itself carries no run data, and its CSP allows no inline or remote script.
    const html = panel.panel.webview.html;
    assert.ok(!html.includes('onerror'));
    assert.match(html, /script-src 'nonce-[^']+'/);
    assert.ok(!/unsafe-(eval|inline)/.test(html));
    panel.dispose();
  });

  describe('the snapshot built while the page loads', () => {
    /** A panel on run `id` whose page never says ready on its own: the test speaks for it. */
    function silentPanel(id: string): RunDetailPanel {
      const folder = h.api.runsView.folderOf(h.folder.uri);
      assert.ok(folder);
      const wv = vscode.window.createWebviewPanel(RUN_DETAIL_VIEW_TYPE, 'test', vscode.ViewColumn.Active);
      const ext = vscode.extensions.getExtension('runlens.runlens');
      assert.ok(ext);
      const log = vscode.window.createOutputChannel('runlens-test', { log: true });
      const panel = new RunDetailPanel(wv, ext.extensionUri, folder, id, true, log);
      // Replaced before it can load: only the test posts `ready`.
      wv.webview.html = '<!DOCTYPE html><p>no script</p>';
      return panel;
    }

    it('is built before the page asks, and sent when it does', async () => {
      const w = await h.run('prefetched', { params: { lr: 0.5 } });
      await h.row('prefetched');
      const panel = silentPanel(w.id);
      assert.equal(panel.hasPrefetched, true, 'the build started with the panel');
      await panel.handle({ type: 'ready' });
      const snap = await snapshotOf(panel, w.id);
      assert.equal(snap.run.name, 'prefetched');
      assert.equal(panel.hasPrefetched, false, 'used once: a later ready builds a fresh one');
      panel.dispose();
    });

    it('is dropped when the run changes before the page asks', async () => {
      const w = await h.run('renamed-early');
      await h.row('renamed-early');
      const panel = silentPanel(w.id);
      assert.equal(panel.hasPrefetched, true);
      await h.store.update(w.id, { name: 'renamed-late' });
      await poll('the prefetched snapshot dropped', () => !panel.hasPrefetched || undefined);
      await panel.handle({ type: 'ready' });
      const snap = await snapshotOf(panel, w.id);
      assert.equal(snap.run.name, 'renamed-late', 'the page gets the run as it is now');
      panel.dispose();
    });
  });
});
