// The Datasets view in the Runlens container: loads each folder's datasets, and stays live by
// reloading when runs come, go or end (the Runs view's store watcher) and when a declared path
// changes in the workspace (a file watcher per declared path). Reveals a version on request.
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { SerialPass } from '../../core/serialPass';
import { DisposableStore } from '../disposableStore';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsView } from '../runs/runsView';
import { DatasetsTree, type DatasetsNode, type VersionNode } from './datasetsTree';
import { loadFolderDatasets, type DatasetsSnapshot } from './folderDatasets';

/** The id the view is contributed under in package.json. */
export const DATASETS_VIEW_ID = 'runlens.datasets';

/** Coalesces bursts of events (a sweep ending, an editor saving many files) into one reload. */
const DEBOUNCE_MS = 300;
/** Declared paths watched at most per folder. */
const MAX_WATCHED = 64;

/** Owns the Datasets tree view and keeps it current. */
export class DatasetsView implements vscode.Disposable {
  readonly tree = new DatasetsTree();
  readonly treeView: vscode.TreeView<DatasetsNode>;
  private readonly subscriptions = new DisposableStore();
  private watchers = new DisposableStore();
  private watchedKey = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly loads = new SerialPass(() => this.load());
  private readonly loadedEmitter = new vscode.EventEmitter<void>();
  /** Fires after every load (tests wait on it). */
  readonly onDidLoad = this.loadedEmitter.event;

  constructor(private readonly runs: RunsView, private readonly log: vscode.LogOutputChannel) {
    this.treeView = vscode.window.createTreeView(DATASETS_VIEW_ID, { treeDataProvider: this.tree, canSelectMany: true, showCollapseAll: true });
    this.subscriptions.addAll(
      this.treeView, this.tree, this.loadedEmitter,
      runs.onDidChangeRuns((c) => { if (c.structural) this.schedule(); }),
      runs.onDidRetireFolder(() => this.schedule()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()),
    );
    void this.reload();
  }

  /** Reloads soon (debounced). */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, DEBOUNCE_MS);
  }

  /**
   * Reloads every folder now. A reload asked for while one runs waits for one more after it: the
   * running one may have read the workspace before the caller's change (a restore just written).
   */
  reload(): Promise<void> {
    return this.loads.run();
  }

  private async load(): Promise<void> {
    const snapshots: DatasetsSnapshot[] = [];
    for (const folder of this.runs.folderRuns()) {
      try {
        const s = await loadFolderDatasets(folder);
        for (const p of s.problems) this.log.warn(`Runlens datasets: ${p}`);
        snapshots.push(s);
      } catch (e) {
        this.log.warn(`Runlens could not list the datasets of ${folder.folder.name}: ${errorMessage(e)}`);
      }
    }
    this.tree.set(snapshots);
    this.watch(snapshots);
    const changed = snapshots.reduce((n, s) => n + s.datasets.filter((d) => d.changed === true || d.missing).length, 0);
    this.treeView.badge = changed > 0 ? { value: changed, tooltip: `${changed} dataset(s) changed since the last run` } : undefined;
    this.loadedEmitter.fire();
  }

  /** Watches each declared path, so editing the data marks it changed without a refresh. */
  private watch(snapshots: readonly DatasetsSnapshot[]): void {
    const wanted = snapshots.flatMap((s) => s.datasets.slice(0, MAX_WATCHED).map((d) => ({ folder: s.folder.folder, spec: d.spec.replace(/\/+$/, '') })));
    const key = wanted.map((w) => `${w.folder.uri.toString()}|${w.spec}`).join('\n');
    if (key === this.watchedKey) return;
    this.watchedKey = key;
    this.watchers.dispose();
    this.watchers = new DisposableStore();
    for (const w of wanted) {
      // The path itself (a file) and everything below it (a folder); a glob spec is its own pattern.
      for (const glob of [w.spec, `${w.spec}/**`]) {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(w.folder, glob));
        this.watchers.addAll(watcher, watcher.onDidChange(() => this.schedule()), watcher.onDidCreate(() => this.schedule()), watcher.onDidDelete(() => this.schedule()));
      }
    }
  }

  /** Shows the Datasets view with version `hash` (a prefix will do) of `spec` selected. */
  async reveal(spec: string, hash: string, folder?: FolderRuns): Promise<VersionNode | undefined> {
    if (this.tree.loaded.length === 0) await this.reload();
    const node = this.tree.findVersion(spec, hash, folder);
    if (!node) {
      void vscode.window.showInformationMessage(`Runlens: no recorded version ${hash.slice(0, 12)} of "${spec}" in the Datasets view.`);
      return undefined;
    }
    await this.treeView.reveal(node, { select: true, focus: true, expand: true });
    return node;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watchers.dispose();
    this.subscriptions.dispose();
  }
}
