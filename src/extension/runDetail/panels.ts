// All Run Detail panels: one "preview" panel that a click in the Runs view reuses (it switches to
// the clicked run, keeping focus in the tree), and pinned panels, one per run, that keep their run.
// Opening a run that a panel already shows reveals that panel. Panels come back after a reload.
import * as vscode from 'vscode';
import { isRunDetailState } from '../../protocol/runDetail';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsView } from '../runs/runsView';
import { webviewOptions } from '../webviews/html';
import { RUN_DETAIL_VIEW_TYPE, RunDetailPanel } from './panel';

/** How a run is opened: in the reusable preview panel (a click) or in a panel of its own. */
export interface ShowOptions {
  readonly preview: boolean;
  /** Keep focus where it is (a click in the tree must not take it from the tree). */
  readonly preserveFocus?: boolean;
}

/** Owns the panels; also the WebviewPanelSerializer that restores them after a window reload. */
export class RunDetailPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Set<RunDetailPanel>();
  private readonly retired: vscode.Disposable;

  constructor(private readonly view: RunsView, private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {
    // A folder closed or its store moved (runlens.storePath): its runs' panels close with it.
    this.retired = view.onDidRetireFolder((folder) => { for (const p of this.all()) if (p.folder === folder) p.panel.dispose(); });
  }

  /** Every open panel (tests look inside them). */
  all(): RunDetailPanel[] {
    return [...this.panels];
  }

  /** The panel showing run `id` of `folder`, if one does. */
  find(folder: FolderRuns, id: string): RunDetailPanel | undefined {
    return this.all().find((p) => p.folder === folder && p.id === id);
  }

  /** Shows run `id`: reveals the panel already showing it, else reuses the preview panel or opens one. */
  show(folder: FolderRuns, id: string, options: ShowOptions): RunDetailPanel {
    const preserveFocus = options.preserveFocus ?? false;
    const existing = this.find(folder, id);
    if (existing) {
      if (!options.preview && !existing.pinned) existing.pin();
      existing.panel.reveal(undefined, preserveFocus);
      return existing;
    }
    const preview = this.all().find((p) => !p.pinned);
    if (options.preview && preview) {
      preview.show(folder, id);
      preview.panel.reveal(undefined, preserveFocus);
      return preview;
    }
    const panel = vscode.window.createWebviewPanel(RUN_DETAIL_VIEW_TYPE, 'Run details', { viewColumn: vscode.ViewColumn.Active, preserveFocus }, webviewOptions(this.extensionUri));
    return this.adopt(panel, folder, id, !options.preview);
  }

  /** Restores a panel VS Code kept across a reload, from the state its page saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    panel.webview.options = webviewOptions(this.extensionUri);
    const folder = isRunDetailState(state) ? this.view.folderOf(state.folder) : undefined;
    if (!isRunDetailState(state) || !folder) {
      // Its folder was closed, or the page never saved state: nothing to show.
      panel.dispose();
      return;
    }
    await folder.list();
    this.adopt(panel, folder, state.id, state.pinned);
  }

  private adopt(panel: vscode.WebviewPanel, folder: FolderRuns, id: string, pinned: boolean): RunDetailPanel {
    const p = new RunDetailPanel(panel, this.extensionUri, folder, id, pinned, this.log);
    this.panels.add(p);
    p.onDidDispose(() => this.panels.delete(p));
    return p;
  }

  dispose(): void {
    this.retired.dispose();
    for (const p of this.all()) p.dispose();
  }
}
