// Compare Runs inside a real VS Code: the command in its three forms (object, context menu, and
// `runlens compare --open` from a terminal's environment), what the page was sent and reported
// back (it rendered), live points and status changes of a running run, removal of a deleted run,
// and the views closing when runlens.storePath moves the store.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { COMPARE_SOCKET_ENV } from '../../src/core/compare/openRequest';
import { type ComparePanel } from '../../src/extension/compare/panel';
import { type RunDetailPanel } from '../../src/extension/runDetail/panel';
import { type CompareSnapshot, type CompareToWebview } from '../../src/protocol/compare';
import { Harness } from './actionsSupport';
import { poll } from './poll';

const CLI = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const XSS = '<img src=x onerror=alert(1)>';

/** Runs the CLI without blocking the extension host (which must answer the CLI's request). */
function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

function sentOf<T extends CompareToWebview['type']>(p: ComparePanel, type: T): Extract<CompareToWebview, { type: T }>[] {
  return p.channel.sent.filter((m): m is Extract<CompareToWebview, { type: T }> => m.type === type);
}

async function snapshotOf(p: ComparePanel, count = 1): Promise<CompareSnapshot> {
  return poll(`snapshot #${count} posted to the page`, () => sentOf(p, 'snapshot')[count - 1]);
}

describe('Compare Runs', function () {
  this.timeout(120_000);
  let h: Harness;

  before(async () => {
    h = await Harness.start();
    await h.cleanup();
    for (const [name, lr] of [['cmp-a', 0.1], [XSS, 0.3], ['cmp-c', 1]] as const) {
      const w = await h.run(name, { params: { lr, epochs: 5, note: '<script>alert(1)</script>' }, status: 'running' });
      await w.appendMetrics(Array.from({ length: 50 }, (_, s) => ({ time: Date.now() + s, step: s, values: { loss: 1 / (s + 1) / lr, acc: s / 50 } })));
      await w.finish({ status: 'finished', exitCode: 0, signal: null });
    }
    await h.waitForLabels(['cmp-c', XSS, 'cmp-a']);
  });

  after(() => h.cleanup());

  it('opens from { folder, ids, baseline }: the page gets a snapshot and reports its first render', async () => {
    const runs = await h.store.listRuns();
    const [c, x, a] = runs;
    assert.ok(a && x && c);
    const panel = await vscode.commands.executeCommand<ComparePanel>('runlens.compareRuns', { folder: h.folder.uri.fsPath, ids: [a.id, x.id, c.id], baseline: x.id });
    assert.ok(panel, 'the command returns the panel');
    const s = await snapshotOf(panel);
    assert.deepEqual(s.runs.map((r) => r.name), ['cmp-a', XSS, 'cmp-c'], 'names travel as data, unchanged');
    assert.equal(s.baseline, x.id);
    assert.deepEqual(s.differing, ['lr']);
    assert.deepEqual(s.metrics.map((m) => [m.name, m.goal]), [['acc', 'max'], ['loss', 'min']]);
    assert.equal(s.series.length, 6);
    assert.equal(s.runs[1]?.params.note, '<script>alert(1)</script>');
    assert.equal(s.sweep, true);
    const rendered = await poll('the page reporting its first render', () => panel.rendered);
    assert.equal(rendered.runs, 3);
    assert.ok(rendered.firstChartMs >= rendered.tablesMs);
    assert.match(panel.panel.title, /^Compare: cmp-a, <img/);
    panel.panel.dispose();
  });

  it('opens from the Runs view\'s multi-selection (context menu arguments)', async () => {
    const rows = await h.rows();
    const a = rows.find((r) => r.label === 'cmp-a');
    const c = rows.find((r) => r.label === 'cmp-c');
    assert.ok(a && c);
    const panel = await vscode.commands.executeCommand<ComparePanel>('runlens.compareRuns', a.node, [c.node, a.node]);
    assert.ok(panel);
    const s = await snapshotOf(panel);
    assert.deepEqual(s.runs.map((r) => r.name), ['cmp-a', 'cmp-c'], 'the run right-clicked first, then the rest of the selection');
    assert.equal(s.baseline, s.runs[0]?.id, 'the first run is the default baseline');
    panel.panel.dispose();
  });

  it('follows a running run: new points and its status arrive as increments; a deleted run is removed', async () => {
    const live = await h.run('cmp-live', { params: { lr: 0.5, epochs: 5 }, status: 'running' });
    await live.appendMetrics([{ time: Date.now(), step: 0, values: { loss: 2 } }]);
    const [done] = await h.store.listRuns({ text: 'cmp-a' });
    assert.ok(done);
    await h.row('cmp-live');
    const panel = await vscode.commands.executeCommand<ComparePanel>('runlens.compareRuns', { folder: h.folder.uri.toString(), ids: [done.id, live.id] });
    assert.ok(panel);
    await snapshotOf(panel);
    await live.appendMetrics([{ time: Date.now() + 10, step: 1, values: { loss: 1.5 } }, { time: Date.now() + 20, step: 2, values: { loss: 1.2, new_metric: 7 } }]);
    const appended = await poll('points of the live run', () => {
      const msgs = sentOf(panel, 'appendPoints');
      const steps = msgs.flatMap((m) => m.points.filter((p) => p.metric === 'loss').flatMap((p) => p.step));
      return steps.includes(2) ? msgs : undefined;
    });
    assert.ok(appended.every((m) => m.runId === live.id));
    const lossSteps = appended.flatMap((m) => m.points.filter((p) => p.metric === 'loss').flatMap((p) => p.step));
    assert.deepEqual(lossSteps.filter((s) => s !== 0), [1, 2], 'only the new points (the snapshot may overlap at step 0)');
    assert.ok(appended.some((m) => m.points.some((p) => p.metric === 'new_metric')));
    assert.equal(sentOf(panel, 'snapshot').length, 1, 'nothing is resent whole');

    await live.finish({ status: 'finished', exitCode: 0, signal: null });
    const changed = await poll('the run reported finished', () => sentOf(panel, 'runChanged').find((m) => m.run.id === live.id && m.run.status === 'finished'));
    assert.ok(changed.metrics.some((m) => m.name === 'new_metric'), 'the new metric is listed');

    await h.store.delete(live.id);
    const removed = await poll('the deleted run removed', () => sentOf(panel, 'runsRemoved').find((m) => m.ids.includes(live.id)));
    assert.deepEqual(removed.ids, [live.id]);
    assert.deepEqual(panel.runIds(), [done.id]);
    panel.panel.dispose();
  });

  it('`runlens compare --open` in a terminal\'s environment opens the view in this window', async () => {
    const socket = await h.api.compare.socketPath;
    assert.ok(socket, 'the extension listens for --open');
    const before = new Set(h.api.compare.panels());
    const env = { ...process.env, [COMPARE_SOCKET_ENV]: socket, RUNLENS_STORE: undefined, ELECTRON_RUN_AS_NODE: '1' };
    const r = await cli(['compare', 'cmp-a', 'cmp-c', '--open'], h.folder.uri.fsPath, env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /opened the Compare view of 2 runs/);
    const panel = await poll('a panel opened by the CLI', () => h.api.compare.panels().find((p) => !before.has(p)));
    const s = await snapshotOf(panel);
    assert.deepEqual(s.runs.map((x) => x.name), ['cmp-a', 'cmp-c']);
    assert.equal(s.baseline, s.runs[0]?.id);
    panel.panel.dispose();

    const outside = await cli(['compare', 'cmp-a', 'cmp-c', '--open'], h.folder.uri.fsPath, { ...env, [COMPARE_SOCKET_ENV]: undefined });
    assert.equal(outside.status, 0);
    assert.match(outside.stderr, /--open works only in a VS Code integrated terminal/);
    assert.match(outside.stdout, /Params that differ/, 'the comparison is printed instead');
  });

  it('closes the Compare and Run Detail views of a store that runlens.storePath moved away', async () => {
    const [a, b] = await h.store.listRuns();
    assert.ok(a && b);
    const compare = await vscode.commands.executeCommand<ComparePanel>('runlens.compareRuns', { folder: h.folder.uri.fsPath, ids: [a.id, b.id] });
    const detail = await vscode.commands.executeCommand<RunDetailPanel>('runlens.showRun', { folder: h.folder.uri.fsPath, id: a.id });
    assert.ok(compare && detail);
    const config = vscode.workspace.getConfiguration('runlens', h.folder.uri);
    const elsewhere = await mkdtemp(join(tmpdir(), 'runlens-moved-store-'));
    await config.update('storePath', elsewhere, vscode.ConfigurationTarget.Workspace);
    try {
      await poll('both views closed', () => (h.api.compare.panels().includes(compare) || h.api.runDetail.panels.all().includes(detail) ? undefined : true));
      // The view now follows the new (empty) store.
      await poll('the Runs view on the new store', async () => ((await h.api.runsView.tree.getChildren()).length === 0 ? true : undefined));
    } finally {
      await config.update('storePath', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await poll('the runs back with the default store', async () => ((await h.api.runsView.tree.getChildren()).length > 0 ? true : undefined));
    // Removed once the view left it: until then the extension may still be writing its caches there.
    await rm(elsewhere, { recursive: true, force: true, maxRetries: 5 });
    // Back on the default store the view follows it live again (no row or group of the retired
    // stores lingers): a run recorded now shows up.
    const before = (await h.rows()).map((r) => r.label);
    const w = await h.run('after-store-moves');
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
    await h.waitForLabels(['after-store-moves', ...before]);
  });
});
