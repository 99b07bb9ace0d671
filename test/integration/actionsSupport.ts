// Shared by the run-action suites: the extension's API, the workspace's store, runs made through the
// store's writer, and the Runs view's rows as VS Code would render them (label, description, context).
import * as assert from 'node:assert/strict';
import { hostname } from 'node:os';
import * as vscode from 'vscode';
import { type RunStore } from '../../src/core/store/store';
import { type RunWriter } from '../../src/core/store/writer';
import { type RunlensApi } from '../../src/extension/extension';
import { type RunsNode } from '../../src/extension/runs/runsTree';
import { activateRunlens } from './activate';
import { poll } from './poll';

/** A row of the Runs view: its node, its tree item and the group (or Trash) it sits in. */
export interface Row {
  readonly node: RunsNode;
  readonly item: vscode.TreeItem;
  readonly label: string;
  readonly group: string;
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

/** Handles of one suite: the activated extension and the first folder's store. */
export class Harness {
  readonly writers: RunWriter[] = [];
  private constructor(readonly api: RunlensApi, readonly store: RunStore, readonly folder: vscode.WorkspaceFolder) {}

  static async start(): Promise<Harness> {
    const { api, store, folder } = await activateRunlens();
    return new Harness(api, store, folder);
  }

  /** A run made through the store's writer, ended with `status` unless it is 'running'. */
  async run(name: string, o: { experiment?: string | null; params?: Record<string, number | string>; acc?: number; tags?: string[]; status?: 'finished' | 'failed' | 'running' } = {}): Promise<RunWriter> {
    const w = await this.store.createRun({ name, experiment: o.experiment === undefined ? 'train' : o.experiment, command: ['python', 'train.py'], shell: false, cwd: this.store.workspaceRoot, params: o.params ?? {}, env: {}, tags: o.tags });
    await w.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, {});
    this.writers.push(w);
    if (o.acc !== undefined) {
      await w.appendMetrics([{ time: Date.now(), step: 0, values: { acc: o.acc } }]);
      await w.ingest();
    }
    if (o.status !== 'running') await w.finish({ status: o.status ?? 'finished', exitCode: o.status === 'failed' ? 1 : 0, signal: null });
    return w;
  }

  /** Every run row the view shows (groups expanded), in display order. */
  async rows(): Promise<Row[]> {
    const tree = this.api.runsView.tree;
    const out: Row[] = [];
    const walk = async (node: RunsNode | undefined, group: string): Promise<void> => {
      for (const child of await tree.getChildren(node)) {
        // With its tooltip, as VS Code resolves it on hover.
        const item = await tree.resolveTreeItem(tree.getTreeItem(child), child);
        if (child.kind === 'run' || child.kind === 'trashed') out.push({ node: child, item, label: labelOf(item), group });
        else await walk(child, labelOf(item));
      }
    };
    await walk(undefined, '');
    return out;
  }

  /** The labels of the rows the view shows, once they equal `expected` (order matters). */
  async waitForLabels(expected: string[], filter: (r: Row) => boolean = (r) => r.group !== 'Trash'): Promise<void> {
    let last: string[] = [];
    await poll(`rows ${expected.join(', ')} (last seen: ${last.join(', ')})`, async () => {
      last = (await this.rows()).filter(filter).map((r) => r.label);
      return JSON.stringify(last) === JSON.stringify(expected) ? true : undefined;
    }).catch(() => assert.deepEqual(last, expected));
  }

  /** The row of run `name` once the view shows it. */
  async row(name: string): Promise<Row> {
    return poll(`the row of ${name}`, async () => (await this.rows()).find((r) => r.label === name || r.label === `★ ${name}`));
  }

  /** `{ folder, id }` of a run, as a keybinding or another extension would pass it. */
  ref(w: RunWriter): { folder: string; id: string } {
    return { folder: this.folder.uri.toString(), id: w.id };
  }

  /** Ends live writers, resets the view's state and empties the store. */
  async cleanup(): Promise<void> {
    for (const w of this.writers) await w.finish({ status: 'finished', exitCode: 0, signal: null }).catch(() => undefined);
    await vscode.commands.executeCommand('runlens.clearFilter');
    await vscode.commands.executeCommand('runlens.sortRuns', { by: 'newest' });
    await vscode.commands.executeCommand('runlens.hideTrash');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const run of await this.store.listRuns()) await this.store.delete(run.id).catch(() => undefined);
    await this.store.emptyTrash();
  }
}
