// The Runs tree view in the Runlens container. This first slice shows the view and its welcome
// content; rows for recorded runs come from the store (the engine) through `RunsProvider`.
import * as vscode from 'vscode';

/** The id the view is contributed under in package.json. */
export const RUNS_VIEW_ID = 'runlens.runs';

/** A row of the Runs view. */
export type RunsNode = vscode.TreeItem;

class RunsProvider implements vscode.TreeDataProvider<RunsNode> {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  getTreeItem(node: RunsNode): vscode.TreeItem {
    return node;
  }

  // With no rows VS Code shows the view's welcome content (package.json `viewsWelcome`).
  getChildren(): RunsNode[] {
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Owns the tree view and its provider. */
export class RunsView implements vscode.Disposable {
  private readonly provider = new RunsProvider();
  readonly treeView: vscode.TreeView<RunsNode>;

  constructor() {
    this.treeView = vscode.window.createTreeView(RUNS_VIEW_ID, {
      treeDataProvider: this.provider,
      canSelectMany: true,
      showCollapseAll: true,
    });
  }

  /** Shows the Runlens container and focuses the Runs view. */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${RUNS_VIEW_ID}.focus`);
  }

  dispose(): void {
    this.treeView.dispose();
    this.provider.dispose();
  }
}
