// The Runs view in the Runlens container: one store per workspace folder, kept live by file
// watching, shown through RunsTree. With no runs VS Code shows the welcome content instead.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import { CONFIG_FILE_GLOB } from '../../core/config/configFile';
import { describeSort } from '../../core/query/sort';
import { FolderRuns, type RunsChange } from './folderRuns';
import { SHOW_MORE_COMMAND } from './groupItems';
import { RunsTree, type GroupBy, type RunsNode } from './runsTree';
import { RunsViewState } from './viewState';

/** The id the view is contributed under in package.json. */
export const RUNS_VIEW_ID = 'runlens.runs';

function groupBySetting(): GroupBy {
  return vscode.workspace.getConfiguration('runlens').get<GroupBy>('runs.groupBy', 'experiment');
}

/** Owns the tree view, its provider and the per-folder stores. */
export class RunsView implements vscode.Disposable {
  private folders = new Map<string, FolderRuns>();
  /** Filter, sort and trash mode, persisted per workspace. */
  readonly state: RunsViewState;
  readonly tree: RunsTree;
  readonly treeView: vscode.TreeView<RunsNode>;
  private readonly subscriptions = new DisposableStore();
  private readonly folderSubscriptions = new Map<string, vscode.Disposable>();
  private readonly runsEmitter = new vscode.EventEmitter<RunsChange>();
  /** Runs of any folder changed (the language client forwards this to the server's cache). */
  readonly onDidChangeRuns = this.runsEmitter.event;
  private readonly retiredEmitter = new vscode.EventEmitter<FolderRuns>();
  /**
   * A folder's runs were dropped: its workspace folder closed, or `runlens.storePath` moved its
   * store. Views showing runs of it close, rather than keep following a store nobody watches.
   */
  readonly onDidRetireFolder = this.retiredEmitter.event;

  constructor(private readonly log: vscode.LogOutputChannel, memento: vscode.Memento) {
    this.state = new RunsViewState(memento);
    this.tree = new RunsTree(() => [...this.folders.values()], groupBySetting(), this.state);
    this.treeView = vscode.window.createTreeView(RUNS_VIEW_ID, {
      treeDataProvider: this.tree,
      canSelectMany: true,
      showCollapseAll: true,
    });
    this.syncFolders();
    const configWatcher = vscode.workspace.createFileSystemWatcher(CONFIG_FILE_GLOB);
    const onConfig = (uri: vscode.Uri): void => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const runs = folder && this.folders.get(folder.uri.toString());
      // Only a change of goals (group headers, rows' metrics) redraws: a save that changes none, or
      // an event arriving after an explicit reload read the file, costs no whole-view redraw.
      if (runs) void runs.reloadConfig().then((changed) => { if (changed) this.tree.redraw(); });
    };
    this.subscriptions.addAll(
      configWatcher, configWatcher.onDidChange(onConfig), configWatcher.onDidCreate(onConfig), configWatcher.onDidDelete(onConfig),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.syncFolders()),
      vscode.commands.registerCommand(SHOW_MORE_COMMAND, (node: RunsNode | undefined) => (node?.kind === 'more' ? this.tree.showMore(node) : undefined)),
      this.state.onDidChange(() => void this.updateTitle()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('runlens.storePath')) this.reopenStores();
        else if (e.affectsConfiguration('runlens.runs.groupBy')) this.tree.setGroupBy(groupBySetting());
        else if (e.affectsConfiguration('runlens.primaryMetric')) this.tree.redraw();
      }),
    );
  }

  /** The per-folder runs, for commands and tests. */
  folderRuns(): FolderRuns[] {
    return [...this.folders.values()];
  }

  /** Shows the Runlens container and focuses the Runs view. */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${RUNS_VIEW_ID}.focus`);
  }

  /** Re-reads every folder's runs and config from disk. */
  async reload(): Promise<void> {
    await Promise.all(this.folderRuns().map((f) => f.reload()));
  }

  /** The runs of the workspace folder `folder` names (its URI, path or name), if it is open. */
  folderOf(folder: vscode.Uri | string): FolderRuns | undefined {
    const all = this.folderRuns();
    if (typeof folder !== 'string') return this.folders.get(folder.toString());
    return all.find((f) => f.folder.uri.toString() === folder || f.folder.uri.fsPath === folder || f.folder.name === folder);
  }

  /** Shows the active filter and sort beside the view's title, and how many runs pass the filter. */
  async updateTitle(): Promise<void> {
    const { filter, sort } = this.state;
    const parts = [filter ? `filter: ${filter}` : '', sort.by !== 'newest' ? describeSort(sort) : ''].filter(Boolean);
    this.treeView.description = parts.length > 0 ? parts.join(' · ') : undefined;
    if (!filter) {
      this.treeView.message = undefined;
      return;
    }
    let total = 0;
    let shown = 0;
    // The tree's models hold the filtered runs already: no pass over 100,000 runs per change.
    for (const f of this.folderRuns()) {
      const model = await this.tree.model(f);
      total += f.size;
      shown += model.size;
    }
    if (filter !== this.state.filter) return; // changed meanwhile; the newer call wins
    this.treeView.message = shown === 0
      ? `No run matches the filter "${filter}" (${total} runs in all). Clear it with the "Clear Filter" button above.`
      : `${shown} of ${total} runs match the filter "${filter}".`;
  }

  /** The store location setting changed: every folder gets a fresh store and watcher. */
  private reopenStores(): void {
    for (const key of [...this.folders.keys()]) this.retire(key);
    this.syncFolders();
  }

  private retire(key: string): void {
    const runs = this.folders.get(key);
    if (!runs) return;
    this.folders.delete(key);
    this.folderSubscriptions.get(key)?.dispose();
    this.folderSubscriptions.delete(key);
    this.retiredEmitter.fire(runs);
    runs.dispose();
  }

  private syncFolders(): void {
    const wanted = new Map((vscode.workspace.workspaceFolders ?? []).map((f) => [f.uri.toString(), f]));
    for (const key of [...this.folders.keys()]) if (!wanted.has(key)) this.retire(key);
    for (const [key, folder] of wanted) {
      if (this.folders.has(key)) continue;
      const runs = new FolderRuns(folder, (message) => this.log.warn(message));
      this.folders.set(key, runs);
      this.tree.track(runs);
      this.folderSubscriptions.set(key, runs.onDidChange((c) => {
        this.runsEmitter.fire(c);
        if (c.structural && this.state.filter) void this.updateTitle();
      }));
    }
    this.tree.refresh();
    void this.updateTitle();
  }

  dispose(): void {
    this.treeView.dispose();
    this.tree.dispose();
    for (const runs of this.folders.values()) runs.dispose();
    for (const s of this.folderSubscriptions.values()) s.dispose();
    this.subscriptions.dispose();
    this.runsEmitter.dispose();
    this.retiredEmitter.dispose();
    this.state.dispose();
  }
}
