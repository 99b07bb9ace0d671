// A notification when a run ends (finished, failed, stopped, crashed), for runs that were active
// in this session: seen queued or running, or created since activation. Old runs found ended at
// startup are never announced. Failed and crashed runs offer "Show Logs"; all offer "Reveal".
// Reproductions are left to the Reproduce command, which announces their verdict instead.
import * as vscode from 'vscode';
import { type RunManifest, TERMINAL_STATUSES } from '../core/model';
import { type RunSummary } from '../core/store/summary';
import { formatDuration, runDuration } from '../core/present/format';
import { type FolderRuns, type RunsChange } from './runs/folderRuns';
import { type RunsView } from './runs/runsView';
import { followFolders } from './runs/followFolders';
import { REVEAL_RUN_COMMAND, metricText } from './statusBar';

/** Which endings to announce (setting `runlens.notifyOnRunEnd`). */
type NotifyMode = 'all' | 'failures' | 'off';

/** The message for a run that ended; exported for tests. */
export function endMessage(run: RunManifest, metric: string): string {
  const duration = runDuration(run);
  const took = duration !== undefined ? ` after ${formatDuration(duration)}` : '';
  switch (run.status) {
    case 'finished': return `Runlens: ${run.name} finished${took}${metric ? ` · ${metric}` : ''}.`;
    case 'stopped': return `Runlens: ${run.name} was stopped${took}${metric ? ` · ${metric}` : ''}.`;
    case 'failed': return `Runlens: ${run.name} failed${took}: ${run.error ?? (run.exitCode !== null ? `exit code ${run.exitCode}` : 'see its logs')}.`;
    // Only ended runs are announced: a queued or running one here was read as it ended, i.e. lost its supervisor.
    case 'crashed': case 'queued': case 'running': return `Runlens: ${run.name} crashed: ${run.error ?? 'its supervisor stopped without recording an end'}.`;
  }
}

/** Watches every folder's runs and announces endings. */
export class RunEndNotifier implements vscode.Disposable {
  private readonly active = new Set<string>();
  private readonly announced = new Set<string>();
  private readonly since = new Date().toISOString();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly view: RunsView) {
    this.subscription = followFolders(view, (c) => void this.onChange(c));
    // Runs already going when the window opened count as seen running in this session.
    // After the Runs view's first rows: nothing ends unseen meanwhile (a change names its run).
    for (const folder of view.folderRuns()) void folder.listAfterRows().then((runs) => { for (const run of runs) this.consider(folder, run); });
  }

  private async onChange(c: RunsChange): Promise<void> {
    const runs = c.changed.size > 0 ? [...c.changed].map((id) => c.folder.get(id)) : await c.folder.list();
    for (const run of runs) if (run) this.consider(c.folder, run);
  }

  private consider(folder: FolderRuns, run: RunSummary): void {
    const key = `${folder.folder.uri.toString()}|${run.id}`;
    if (!TERMINAL_STATUSES.includes(run.status)) {
      this.active.add(key);
      return;
    }
    const ours = this.active.delete(key) || run.createdAt >= this.since;
    if (!ours || this.announced.has(key)) return;
    this.announced.add(key);
    // A reproduction's outcome is its verdict: the Reproduce command's one notification says it,
    // and the ✓/✗ on its row keeps it. An "ended" toast beside it would be the second of two.
    if (run.reproducedFrom) return;
    const mode = vscode.workspace.getConfiguration('runlens', folder.folder.uri).get<NotifyMode>('notifyOnRunEnd', 'all');
    const bad = run.status === 'failed' || run.status === 'crashed';
    if (mode === 'off' || (mode === 'failures' && !bad)) return;
    void this.show(folder, run, bad);
  }

  private async show(folder: FolderRuns, summary: RunSummary, bad: boolean): Promise<void> {
    const showLogs = 'Show Logs';
    const reveal = 'Reveal';
    // The message says why a run failed: that is in its manifest, read for the one run announced.
    const run = await folder.manifest(summary.id);
    if (!run) return; // deleted as it ended: nothing to announce
    const message = endMessage(run, metricText(folder, run));
    const choice = bad
      ? await vscode.window.showErrorMessage(message, showLogs, reveal)
      : run.status === 'stopped'
        ? await vscode.window.showWarningMessage(message, reveal)
        : await vscode.window.showInformationMessage(message, reveal);
    if (choice === showLogs) {
      try {
        await vscode.window.showTextDocument(vscode.Uri.file(folder.store.logPath(run.id)), { preview: false });
      } catch (e) {
        void vscode.window.showErrorMessage(`Runlens: cannot open the logs of ${run.name}: ${(e as Error).message}`);
      }
    } else if (choice === reveal) {
      await vscode.commands.executeCommand(REVEAL_RUN_COMMAND, { folder: folder.folder.uri.fsPath, id: run.id });
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
