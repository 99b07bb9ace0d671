// Slurm in the Runs view (docs/slurm.md): a queued or running row of a run on Slurm shows its job id
// and state (`PENDING (Priority) · job 12_3`, `RUNNING on node7 · job 12_3`); every row of a run on
// Slurm, ended ones too, carries the `.slurm` context marker its menu entries are gated on. One SlurmPoller per
// folder asks Slurm at most every 30 s while a job is active, once more on Refresh, never otherwise;
// progress itself arrives through the store as for local runs.
import * as vscode from 'vscode';
import { slurmCommands } from '../../core/slurm/commands';
import { SlurmPoller } from '../../core/slurm/poller';
import { type TaskState } from '../../core/slurm/reconcile';
import { DisposableStore } from '../disposableStore';
import { type FolderRuns } from './folderRuns';
import { type RunsView } from './runsView';

/** The words a row shows for a task: state, why it waits or where it runs, and the job id. */
export function taskDescription(t: TaskState): string {
  const where = t.state === 'PENDING' ? (t.reason ? ` (${t.reason})` : '') : t.node ? ` on ${t.node}` : '';
  return `${t.state}${where} · job ${t.job}`;
}

/** Keeps the Slurm state of every folder's runs and shows it on their rows. */
export class SlurmRows implements vscode.Disposable {
  private readonly pollers = new Map<FolderRuns, SlurmPoller>();
  private readonly tasks = new Map<FolderRuns, Readonly<Record<string, TaskState>>>();
  private readonly subscriptions = new DisposableStore();
  private readonly problems = new Set<string>();

  constructor(private readonly view: RunsView, private readonly log: (message: string) => void) {
    view.tree.slurmDecorator = (item, folder, id) => this.decorate(item, folder, id);
    this.subscriptions.addAll(
      // New runs (a submission from a terminal) may be Slurm's: one look, unless polling goes on anyway.
      view.onDidChangeRuns((c) => {
        if (c.structural && vscode.workspace.isTrusted) this.pollerOf(c.folder).nudge();
      }),
      view.onDidRetireFolder((folder) => {
        this.pollers.get(folder)?.dispose();
        this.pollers.delete(folder);
        this.tasks.delete(folder);
      }),
    );
    this.refresh();
  }

  /** Looks at Slurm now for every folder (the user acted: the view opened, Refresh). */
  refresh(): void {
    if (!vscode.workspace.isTrusted) return; // squeue is a process: none in an untrusted workspace
    for (const folder of this.view.folderRuns()) void this.pollerOf(folder).poke();
  }

  private pollerOf(folder: FolderRuns): SlurmPoller {
    let poller = this.pollers.get(folder);
    if (!poller) {
      poller = new SlurmPoller(folder.store, slurmCommands(), {
        onResult: (r) => {
          const before = this.tasks.get(folder) ?? {};
          this.tasks.set(folder, r.snapshot.tasks);
          const changed = new Set([...Object.keys(before), ...Object.keys(r.snapshot.tasks), ...r.settled]);
          if (changed.size > 0) this.view.tree.redrawRows(folder, [...changed]);
        },
        onProblem: (message) => {
          // Said once each: a cluster that is unreachable for a while must not flood the log.
          if (this.problems.has(message)) return;
          this.problems.add(message);
          this.log(message);
        },
      });
      this.pollers.set(folder, poller);
    }
    return poller;
  }

  private decorate(item: vscode.TreeItem, folder: FolderRuns, id: string): void {
    const t = this.tasks.get(folder)?.[id];
    // The marker stays once the run ended: Requeue on Slurm and Rerun Failed Points are offered on it.
    if (t || folder.get(id)?.slurm) item.contextValue = `${item.contextValue ?? 'run'}.slurm`;
    if (!t) return;
    const words = taskDescription(t);
    item.description = typeof item.description === 'string' && item.description ? `${words} · ${item.description}` : words;
  }

  dispose(): void {
    this.view.tree.slurmDecorator = undefined;
    for (const p of this.pollers.values()) p.dispose();
    this.subscriptions.dispose();
  }
}
