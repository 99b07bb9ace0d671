// The status bar item: how many runs are running (spinning while any is) and the focused run's
// primary metric: the run selected in the Runs view, else the newest running one. A click reveals
// that run. Hidden while no folder has any run.
import * as vscode from 'vscode';
import { DisposableStore } from './disposableStore';
import { type ListedRun } from '../core/model';
import { type RunSummary } from '../core/store/summary';
import { formatMetric } from '../core/present/format';
import { type FolderRuns } from './runs/folderRuns';
import { codeSpan, escapeMarkdown } from '../core/present/markdown';
import { type RunsView } from './runs/runsView';
import { followFolders } from './runs/followFolders';
import { type RunLocation } from './runs/reveal';
import { own } from '../core/dict';

/** The command the item runs on click (registered by the run module). */
export const REVEAL_RUN_COMMAND = 'runlens.revealRun';

interface Focused {
  readonly folder: FolderRuns;
  readonly run: RunSummary;
}

/** "val_loss 0.213" for the run's primary metric, or '' when it has logged none yet. */
export function metricText(folder: FolderRuns, run: Pick<ListedRun, 'experiment' | 'metrics'>): string {
  const primary = folder.goalOf(run).primary;
  const summary = primary ? own(run.metrics, primary) : undefined;
  return primary && summary ? `${primary} ${formatMetric(summary.last)}` : '';
}

/** Owns the status bar item and keeps it current. */
export class RunsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('runlens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions = new DisposableStore();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly view: RunsView) {
    this.item.name = 'Runlens Runs';
    this.subscriptions.addAll(
      this.item,
      followFolders(view, () => this.schedule(), () => this.schedule()),
      view.treeView.onDidChangeSelection(() => this.schedule()),
    );
    this.schedule();
  }

  /** Coalesces bursts of store events (a live run changes many times a second) into one update. */
  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, 100);
  }

  private selected(): Focused | undefined {
    for (const node of this.view.treeView.selection) {
      if (node.kind !== 'run') continue;
      const run = node.folder.get(node.id);
      if (run) return { folder: node.folder, run };
    }
    return undefined;
  }

  /** What the item shows (text and whether it is visible), for tests. */
  get state(): { readonly text: string; readonly visible: boolean; readonly command: vscode.Command | undefined } {
    return { text: this.item.text, visible: this.visible, command: typeof this.item.command === 'object' ? this.item.command : undefined };
  }

  private visible = false;

  /** Recomputes the item from the folders' cached runs (their live runs only: never a walk over the store). */
  async update(): Promise<void> {
    let total = 0;
    const running: Focused[] = [];
    for (const folder of this.view.folderRuns()) {
      await folder.listAfterRows(); // loaded, after the Runs view's first rows: a count waits, rows are waited for
      total += folder.size;
      for (const run of folder.liveRuns()) if (run.status === 'running') running.push({ folder, run });
    }
    if (total === 0) {
      this.item.hide();
      this.visible = false;
      return;
    }
    running.sort((a, b) => (a.run.id < b.run.id ? 1 : -1));
    const focused = this.selected() ?? running[0];
    const count = running.length > 0 ? `$(loading~spin) ${running.length} running` : '$(beaker)';
    const metric = focused ? metricText(focused.folder, focused.run) : '';
    const about = focused ? `${focused.run.name}${metric ? ` ${metric}` : ''}` : 'Runlens';
    this.item.text = running.length > 0 ? `${count} · ${about}` : `${count} ${about}`;
    this.item.tooltip = this.tooltip(running, focused, metric);
    this.item.accessibilityInformation = { label: `Runlens: ${running.length} running${focused ? `; ${focused.run.name} ${focused.run.status} ${metric}` : ''}` };
    const where: RunLocation | undefined = focused && { folder: focused.folder.folder.uri.fsPath, id: focused.run.id };
    this.item.command = where
      ? { command: REVEAL_RUN_COMMAND, title: 'Reveal Run', arguments: [where] }
      : { command: 'runlens.showRuns', title: 'Show Runs' };
    this.item.show();
    this.visible = true;
  }

  private tooltip(running: readonly Focused[], focused: Focused | undefined, metric: string): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = false;
    md.appendMarkdown(running.length === 0 ? 'No run is running.\n\n' : `**${running.length} running:** ${running.slice(0, 8).map((r) => escapeMarkdown(r.run.name)).join(', ')}${running.length > 8 ? ', …' : ''}\n\n`);
    if (focused) {
      md.appendMarkdown(`${escapeMarkdown(focused.run.name)} (${focused.run.status})${metric ? `: ${codeSpan(metric)}` : ''}\n\n`);
      md.appendMarkdown('Click to reveal it in the Runs view.');
    } else {
      md.appendMarkdown('Click to show the Runs view.');
    }
    return md;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscriptions.dispose();
  }
}
