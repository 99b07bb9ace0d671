// The Runs view in the Runlens container: one store per workspace folder, kept live by file
// watching, shown through RunsTree. With no runs VS Code shows the welcome content instead.
import * as vscode from 'vscode';
import { FolderRuns } from './runs/folderRuns';
import { RunsTree, type GroupBy, type RunsNode } from './runs/runsTree';

/** The id the view is contributed under in package.json. */
export const RUNS_VIEW_ID = 'runlens.runs';

function groupBySetting(): GroupBy {
  return vscode.workspace.getConfiguration('runlens').get<GroupBy>('runs.groupBy', 'experiment');
}

/** Owns the tree view, its provider and the per-folder stores. */
export class RunsView implements vscode.Disposable {
  private folders = new Map<string, FolderRuns>();
  readonly tree = new RunsTree(() => [...this.folders.values()], groupBySetting());
  readonly treeView: vscode.TreeView<RunsNode>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.treeView = vscode.window.createTreeView(RUNS_VIEW_ID, {
      treeDataProvider: this.tree,
      canSelectMany: true,
      showCollapseAll: true,
    });
    this.syncFolders();
    const configWatcher = vscode.workspace.createFileSystemWatcher('**/runlens.{yaml,yml}');
    const onConfig = (uri: vscode.Uri): void => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const runs = folder && this.folders.get(folder.uri.toString());
      if (runs) void runs.reloadConfig().then(() => this.tree.refresh());
    };
    this.subscriptions.push(
      configWatcher, configWatcher.onDidChange(onConfig), configWatcher.onDidCreate(onConfig), configWatcher.onDidDelete(onConfig),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.syncFolders()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('runlens.runs.groupBy')) this.tree.setGroupBy(groupBySetting());
        else if (e.affectsConfiguration('runlens.primaryMetric')) this.tree.refresh();
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

  private syncFolders(): void {
    const wanted = new Map((vscode.workspace.workspaceFolders ?? []).map((f) => [f.uri.toString(), f]));
    for (const [key, runs] of this.folders) {
      if (!wanted.has(key)) {
        runs.dispose();
        this.folders.delete(key);
      }
    }
    for (const [key, folder] of wanted) {
      if (this.folders.has(key)) continue;
      const runs = new FolderRuns(folder, (message) => this.log.warn(message));
      this.folders.set(key, runs);
      this.tree.track(runs);
    }
    this.tree.refresh();
  }

  dispose(): void {
    this.treeView.dispose();
    this.tree.dispose();
    for (const runs of this.folders.values()) runs.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
