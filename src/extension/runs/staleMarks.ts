// The stale mark of a Runs view row (docs/lineage.md): "stale" in front of the description, a ↻
// badge in the warning colour (a file decoration on the row's runlens-run: URI), the reasons in the
// tooltip (which files changed, which upstream run), and `.stale` in the context value for the menu.
import * as vscode from 'vscode';
import { type StaleReason, type StaleVerdict } from '../../core/lineage/stale';
import { escapeMarkdown } from '../../core/present/markdown';
import { DisposableStore } from '../disposableStore';
import { type FolderRuns } from './folderRuns';
import { type RunsView } from './runsView';
import { type StaleRuns } from './staleRuns';
import { RUN_URI_SCHEME, runUri } from './verdictDecorations';

/** The badge of a stale row: "rerun me". */
export const STALE_BADGE = '↻';

/** One tooltip line per reason: the message, and for changed data the files by kind. */
export function reasonLines(r: StaleReason): string[] {
  const lines = [escapeMarkdown(r.message)];
  if (r.kind === 'data-changed' && r.files) {
    const list = (what: string, files: readonly string[]): string[] => (files.length === 0 ? [] : [
      `  - ${what}: ${files.slice(0, 5).map(escapeMarkdown).join(', ')}${files.length > 5 ? `, and ${files.length - 5} more` : ''}`,
    ]);
    lines.push(...list('changed', r.files.changed), ...list('added', r.files.added), ...list('removed', r.files.removed));
  }
  return lines;
}

/** The tooltip section of a stale run. */
export function staleTooltip(v: StaleVerdict): string {
  const lines = v.reasons.flatMap((r) => {
    const [first, ...rest] = reasonLines(r);
    return [`- ${first ?? ''}`, ...rest];
  });
  return `---\n\n$(history) **Stale**: rerun it (Rerun Stale Chain reruns what it depends on first)\n\n${lines.join('\n')}\n`;
}

/** Marks stale rows in the Runs view and keeps the marks current. */
export class StaleMarks implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changeEmitter.event;
  private readonly subscriptions = new DisposableStore();

  constructor(private readonly view: RunsView, private readonly stale: StaleRuns) {
    view.tree.rowDecorator = (item, folder, run) => this.decorate(item, folder, run.id);
    view.tree.tooltipDecorator = (tooltip, folder, run) => {
      const v = this.stale.staleOf(folder, run.id);
      if (v) tooltip.appendMarkdown(`\n\n${staleTooltip(v)}`);
    };
    this.subscriptions.addAll(
      vscode.window.registerFileDecorationProvider(this),
      stale.onDidChange((c) => {
        view.tree.redrawRows(c.folder, c.ids);
        this.changeEmitter.fire(c.ids.map((id) => runUri(c.folder.folder, id)));
      }),
    );
  }

  /** Adds the mark to a row's item when its run is stale. */
  decorate(item: vscode.TreeItem, folder: FolderRuns, id: string): void {
    const v = this.stale.staleOf(folder, id);
    if (!v) return;
    item.contextValue = `${item.contextValue ?? 'run'}.stale`;
    item.description = typeof item.description === 'string' && item.description ? `stale · ${item.description}` : 'stale';
    if (item.accessibilityInformation) item.accessibilityInformation = { ...item.accessibilityInformation, label: `${item.accessibilityInformation.label}, stale` };
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== RUN_URI_SCHEME) return undefined;
    const folder = this.view.folderRuns().find((f) => f.folder.uri.toString() === uri.query);
    const v = folder && this.stale.staleOf(folder, uri.path.slice(1));
    if (!v) return undefined;
    return new vscode.FileDecoration(STALE_BADGE, `Stale: ${v.reasons[0]?.message ?? ''}`, new vscode.ThemeColor('list.warningForeground'));
  }

  dispose(): void {
    this.view.tree.rowDecorator = undefined;
    this.view.tree.tooltipDecorator = undefined;
    this.subscriptions.dispose();
    this.changeEmitter.dispose();
  }
}
