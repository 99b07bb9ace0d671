// Whether each row of the Runs view is local only, pushed (as it is now, or with changes since) or
// pulled from a teammate: a prefix in the row's description for pulled runs, a `.pulled` context
// value (no edit or delete in their menus), and a line at the end of the tooltip for each of the
// workspace's own runs (a pulled run's origin heads its tooltip: src/views/runs/tooltip.ts).
import * as vscode from 'vscode';
import { type RunManifest } from '../../core/model';
import { loadAllStates, shareMarks, type ShareMark, type ShareState } from '../../core/share/state';
import { asSummary, type RunSummary } from '../../core/store/summary';
import { DisposableStore } from '../disposableStore';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsView } from '../runs/runsView';
import { PULLED_MARK } from '../../views/runs/tooltip';

/** The words of each mark in a tooltip. */
const MARK_TEXT: Record<ShareMark, string> = {
  local: '$(device-desktop) Local only: not pushed yet (Push Runs shares it)',
  pushed: '$(cloud) Pushed: the team has it as it is',
  changed: '$(cloud-upload) Pushed, changed since: Push Runs sends the change',
  pulled: PULLED_MARK,
};

/** Keeps what each folder's store knows of its remotes and marks the rows by it. */
export class ShareMarks implements vscode.Disposable {
  /** Per folder: the states being read, and once read, the states. */
  private readonly states = new WeakMap<FolderRuns, { readonly reading: Promise<ShareState[]>; value?: ShareState[] }>();
  private readonly subscriptions = new DisposableStore();

  constructor(private readonly view: RunsView) {
    view.tree.shareDecorator = (item, folder, run) => this.decorate(item, folder, run);
    view.tree.shareTooltip = (tooltip, folder, run) => this.tooltip(tooltip, folder, run);
    // A push or pull from a terminal changes the marks too.
    const watcher = vscode.workspace.createFileSystemWatcher('**/.runlens/share/*.json');
    this.subscriptions.addAll(watcher, watcher.onDidChange(() => this.invalidate()), watcher.onDidCreate(() => this.invalidate()));
  }

  /** Forgets the cached states (after a push or pull); the rows are redrawn once they are read again. */
  invalidate(): void {
    for (const f of this.view.folderRuns()) {
      const before = this.states.get(f)?.value;
      this.states.delete(f);
      // Tooltips already built show the old marks: the rows are redrawn (dropping them) once read,
      // but only when a tooltip can show states that changed: none was built from unread states, and
      // the watcher reports a push's or pull's files again after the command's own invalidate. A
      // needless redraw drops the hover the user just began.
      void this.entry(f).reading.then((now) => {
        if (before !== undefined && JSON.stringify(now) !== JSON.stringify(before)) this.view.tree.redraw();
      });
    }
  }

  /** The mark of run `id` of `folder`, once the folder's states are read. */
  async markOf(folder: FolderRuns, id: string): Promise<ShareMark | undefined> {
    const run = folder.get(id);
    return run && this.mark(await this.entry(folder).reading, run);
  }

  private entry(folder: FolderRuns): { readonly reading: Promise<ShareState[]>; value?: ShareState[] } {
    let e = this.states.get(folder);
    if (!e) {
      // Unreadable bookkeeping: every run shows as local only, which a push corrects.
      const reading = loadAllStates(folder.store.root).catch(() => [] as ShareState[]);
      const made: { readonly reading: Promise<ShareState[]>; value?: ShareState[] } = { reading };
      // No redraw on a first read: rows do not show these states, only tooltips do, and a tooltip
      // waits for them. Redrawing here dropped the hover that asked (its row was re-rendered).
      void reading.then((v) => {
        made.value = v;
      });
      this.states.set(folder, made);
      e = made;
    }
    return e;
  }

  private mark(states: readonly ShareState[], run: RunManifest | RunSummary): ShareMark {
    return shareMarks([asSummary(run)], states).get(run.id) ?? 'local';
  }

  /** A pulled run's row: its author before the description, and `.pulled` in its context value (menus offer no edit or delete). */
  private decorate(item: vscode.TreeItem, _folder: FolderRuns, run: RunSummary): void {
    if (!run.origin) return;
    item.contextValue = `${item.contextValue ?? 'run'}.pulled`;
    const who = run.origin.author.split(/\s+/)[0] || run.origin.author;
    item.description = typeof item.description === 'string' && item.description ? `${who} · ${item.description}` : who;
    if (item.accessibilityInformation) {
      item.accessibilityInformation = { ...item.accessibilityInformation, label: `${item.accessibilityInformation.label}, pulled from ${run.origin.author}` };
    }
  }

  /** The mark of a run of this workspace; a pulled run's origin is in the tooltip already, under its title (views/runs/tooltip.ts). */
  private async tooltip(md: vscode.MarkdownString, folder: FolderRuns, run: RunManifest): Promise<void> {
    if (run.origin) return;
    const states = await this.entry(folder).reading;
    md.appendMarkdown(`\n\n---\n\n${MARK_TEXT[this.mark(states, run)]}\n`);
  }

  dispose(): void {
    this.view.tree.shareDecorator = undefined;
    this.view.tree.shareTooltip = undefined;
    this.subscriptions.dispose();
  }
}

