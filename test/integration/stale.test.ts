// Stale runs in a real VS Code, on the example's three-stage pipeline (prepare -> train -> evaluate):
// editing the raw data marks prepare stale, and train and evaluate through it, in the Runs view;
// Rerun Stale Chain reruns them in that order through the queue and the marks go away.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type RunManifest } from '../../src/core/model';
import { declaredParams } from '../../src/core/params/logged';
import { type RunStore } from '../../src/core/store/store';
import { type RunlensApi } from '../../src/extension/extension';
import { type Launch } from '../../src/extension/run/terminal';
import { type RunsNode } from '../../src/extension/runs/runsTree';
import { activateRunlens } from './activate';
import { ROOT, useExampleFiles } from './exampleFiles';
import { poll } from './poll';

const EXAMPLE = ['runlens.yaml', 'prepare.py', 'train.py', 'evaluate.py', 'data'];
const STAGES = ['prepare', 'train', 'evaluate'];

describe('Stale runs in the Runs view', function () {
  this.timeout(240_000);
  let api: RunlensApi;
  let ws: string;
  let store: RunStore;
  let first: RunManifest[] = [];
  let restoreFiles: (extra?: readonly string[]) => void = () => undefined;
  let launch: Launch | undefined;

  /** Every run row of the view, by run id, with the item VS Code is given for it. */
  async function rows(): Promise<Map<string, vscode.TreeItem>> {
    const out = new Map<string, vscode.TreeItem>();
    const walk = async (node?: RunsNode): Promise<void> => {
      for (const child of await api.runsView.tree.getChildren(node)) {
        // Resolved as VS Code does on hover: the tooltip is built then.
        if (child.kind === 'run') out.set(child.id, await api.runsView.tree.resolveTreeItem(api.runsView.tree.getTreeItem(child), child));
        else if (child.kind === 'group' || child.kind === 'folder') await walk(child);
      }
    };
    await walk();
    return out;
  }

  const isStale = (item: vscode.TreeItem | undefined): boolean => /\.stale$/.test(item?.contextValue ?? '');
  // The tooltip's Markdown with its escapes removed: what the user reads.
  const tooltip = (item: vscode.TreeItem | undefined): string => (item?.tooltip instanceof vscode.MarkdownString ? item.tooltip.value.replace(/\\(.)/g, '$1') : '');

  before(async () => {
    ({ api, ws, store } = await activateRunlens());
    restoreFiles = useExampleFiles(ws, EXAMPLE);
    // The pipeline's first runs, from a terminal as a user would start them.
    for (const args of [['prepare'], ['train', '-p', 'epochs=3', '-p', 'delay=0'], ['evaluate']]) {
      execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'run', ...args, '--workspace', ws],
        { cwd: ws, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
    }
    first = (await store.listRuns()).filter((m) => STAGES.includes(m.experiment ?? '')).reverse();
    assert.deepEqual(first.map((m) => [m.experiment, m.status]), STAGES.map((s) => [s, 'finished']));
    await api.runsView.reload();
  });

  after(async () => {
    launch?.terminal.dispose();
    for (const m of await store.listRuns()) if (m.status !== 'running') await store.delete(m.id).catch(() => undefined);
    await store.emptyTrash();
    restoreFiles(['outputs', '__pycache__']);
    await api.runsView.reload();
  });

  it('shows no mark while the pipeline is up to date', async () => {
    const folder = api.runsView.folderRuns()[0];
    assert.ok(folder);
    await api.stale.check(folder);
    assert.deepEqual(api.stale.verdicts(folder).filter((v) => first.some((m) => m.id === v.run)).map((v) => [v.name, v.stale]),
      first.map((m) => [m.name, false]));
    const items = await rows();
    for (const m of first) assert.equal(isStale(items.get(m.id)), false, `${m.name} is not marked`);
  });

  it('marks prepare stale after a raw data edit, and train and evaluate through it, saying why', async () => {
    appendFileSync(join(ws, 'data', 'raw.csv'), '300,0.5000,-0.2500,1.0000,0.1000,1\n');
    // Re-checked by the watcher on the declared dataset paths, with no command.
    const items = await poll('the three rows marked stale', async () => {
      const r = await rows();
      return first.every((m) => isStale(r.get(m.id))) ? r : undefined;
    }, 30_000);
    const [prepare, train, evaluate] = first.map((m) => items.get(m.id));
    assert.match(tooltip(prepare), /data\/raw\.csv changed since the run read it: 1 file changed \(data\/raw\.csv\)/);
    assert.match(tooltip(train), new RegExp(`upstream run ${first[0]?.name ?? ''} is stale`));
    assert.match(tooltip(evaluate), /upstream run [\w-]+ is stale/);
    assert.match(String(prepare?.description), /^stale · /);
    assert.match(prepare?.accessibilityInformation?.label ?? '', /, stale$/);
  });

  it('Rerun Stale Chain on evaluate reruns prepare, train and evaluate in that order, then nothing is stale', async () => {
    const node: RunsNode = api.runsView.tree.nodeOfRun(api.runsView.folderRuns()[0] as never, first[2]?.id ?? '');
    launch = await vscode.commands.executeCommand<Launch | undefined>('runlens.rerunStaleChain', node);
    assert.ok(launch, 'the chain was launched');
    assert.deepEqual(launch.args.slice(0, 5), ['rerun', '--workspace', ws, first[2]?.id, '--stale-chain']);
    const added = await poll('the three reruns to finish', async () => {
      const runs = (await store.listRuns()).filter((m) => !first.some((f) => f.id === m.id));
      return runs.length === 3 && runs.every((m) => m.status === 'finished') ? runs : undefined;
    }, 180_000);
    const order = [...added].sort((a, b) => ((a.startedAt ?? '') < (b.startedAt ?? '') ? -1 : 1));
    assert.deepEqual(order.map((m) => m.experiment), STAGES, 'upstream first');
    for (let i = 1; i < order.length; i++) {
      assert.ok((order[i - 1]?.endedAt ?? '') <= (order[i]?.startedAt ?? ''), `${order[i]?.experiment ?? ''} started after ${order[i - 1]?.experiment ?? ''} ended`);
    }
    assert.deepEqual(declaredParams(order[1] as RunManifest), declaredParams(first[1] as RunManifest), 'train reran with its own recorded params');
    // The view re-checks once the last run has ended: then neither the new runs nor the old ones
    // (history now) are marked.
    await poll('no stale mark on any of the pipeline\'s runs', async () => {
      const r = await rows();
      return order.every((m) => r.has(m.id)) && [...order, ...first].every((m) => !isStale(r.get(m.id))) ? true : undefined;
    }, 30_000);
    const folder = api.runsView.folderRuns()[0];
    assert.ok(folder);
    assert.deepEqual(api.stale.verdicts(folder).filter((v) => v.stale).map((v) => v.name), []);
  });
});
