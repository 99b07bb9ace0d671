// Show Lineage inside a real VS Code, on the three-stage example (prepare -> train -> evaluate run
// for real by the CLI): on a run, on the model file, the whole-project toggle, and a new run
// appearing in an open view without reopening it. Reads what the page was sent and reported.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { type LineagePanel } from '../../src/extension/lineage/panel';
import { type LineageDataNode, type LineageGraphMessage, type LineageRunNode } from '../../src/protocol/lineage';
import { Harness } from './actionsSupport';
import { useExampleFiles } from './exampleFiles';
import { poll } from './poll';

const CLI = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

/** Runs `runlens ARGS` in `cwd` without blocking the extension host. */
function runlens(cwd: string, ...args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    execFile(process.execPath, [CLI, ...args], { cwd }, (e, _out, err) => (e ? fail(new Error(`runlens ${args.join(' ')}: ${err}`)) : done()));
  });
}

const runs = (m: LineageGraphMessage): LineageRunNode[] => m.nodes.filter((n): n is LineageRunNode => n.kind === 'run');
const data = (m: LineageGraphMessage): LineageDataNode[] => m.nodes.filter((n): n is LineageDataNode => n.kind === 'data');

describe('Lineage view', function () {
  this.timeout(180_000);
  let h: Harness;
  let restore: (extra?: readonly string[]) => void;
  let ws: string;

  before(async () => {
    h = await Harness.start();
    await h.cleanup();
    ws = h.folder.uri.fsPath;
    restore = useExampleFiles(ws, ['runlens.yaml', 'prepare.py', 'train.py', 'evaluate.py', 'make_data.py', 'data']);
    await runlens(ws, 'run', 'prepare');
    await runlens(ws, 'run', 'train', '-p', 'epochs=2', '-p', 'delay=0');
    await runlens(ws, 'run', 'evaluate');
    await poll('the three runs in the Runs view', async () => ((await h.api.runsView.folderRuns()[0]?.list())?.length === 3 ? true : undefined));
  });

  after(async () => {
    await h.cleanup();
    restore(['outputs', 'data/points.csv']);
  });

  it('Show Lineage on a run: its ancestry and descendants, the run focused, and the page draws them', async () => {
    const train = (await h.store.listRuns()).find((r) => r.experiment === 'train');
    assert.ok(train);
    const panel = await vscode.commands.executeCommand<LineagePanel>('runlens.showLineage', { folder: ws, id: train.id });
    assert.ok(panel, 'the command returns the panel');
    const m = await poll('the graph posted to the page', () => panel.last);
    assert.deepEqual(runs(m).map((r) => r.experiment), ['prepare', 'train', 'evaluate']);
    assert.deepEqual(runs(m).filter((r) => r.focus).map((r) => r.runId), [train.id]);
    assert.deepEqual(data(m).map((d) => d.path).sort(), ['data/points.csv', 'data/raw.csv', 'outputs/eval.json', 'outputs/model.json']);
    assert.match(runs(m).find((r) => r.experiment === 'train')?.metric ?? '', /^val_loss \d/, 'the primary metric, formatted');
    assert.equal(m.scope.kind, 'run');
    assert.match(panel.panel.title, /^Lineage: /);
    const drawn = await poll('the page reporting it drew the graph', () => panel.rendered);
    assert.equal(drawn.nodes, m.nodes.length);
    assert.equal(drawn.edges, m.edges.length);
    panel.dispose();
  });

  it('Show Lineage on the model file: where it came from (back to the raw data) and what read it', async () => {
    const panel = await vscode.commands.executeCommand<LineagePanel>('runlens.showFileLineage', vscode.Uri.file(join(ws, 'outputs', 'model.json')));
    assert.ok(panel);
    const m = await poll('the graph posted to the page', () => panel.last);
    assert.equal(m.scope.kind, 'data');
    assert.deepEqual(data(m).filter((d) => d.focus).map((d) => d.path), ['outputs/model.json']);
    assert.deepEqual(runs(m).map((r) => r.experiment), ['prepare', 'train', 'evaluate']);
    panel.dispose();
  });

  it('is live: a new run appears without reopening, and the whole-project toggle shows unrelated runs', async () => {
    const prepare = (await h.store.listRuns()).find((r) => r.experiment === 'prepare');
    assert.ok(prepare);
    const panel = await vscode.commands.executeCommand<LineagePanel>('runlens.showLineage', { folder: ws, id: prepare.id });
    assert.ok(panel);
    await poll('the first graph', () => panel.last);
    await runlens(ws, 'run', 'evaluate');
    const m = await poll('a graph with the second evaluate run', () => (panel.last && runs(panel.last).filter((r) => r.experiment === 'evaluate').length === 2 ? panel.last : undefined));
    assert.equal(runs(m).length, 4);
    await h.run('unrelated', { experiment: null });
    await panel.rebuild();
    assert.ok(!runs(panel.last as LineageGraphMessage).some((r) => r.name === 'unrelated'), 'a run without data is not in the focused lineage');
    await panel.setWhole(true);
    const whole = await poll('the whole project', () => (panel.last?.whole ? panel.last : undefined));
    assert.ok(runs(whole).some((r) => r.name === 'unrelated'));
    panel.dispose();
  });
});
