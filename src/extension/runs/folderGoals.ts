// A folder's settings as its runs are read: where its store is (`runlens.storePath`) and what ranks
// its runs (each experiment's primary metric and goal from runlens.yaml, else `runlens.primaryMetric`
// or the usual metric names). A broken config keeps the last good goals.
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { loadConfig } from '../../core/config/config';
import { type ListedRun } from '../../core/model';
import { defaultPrimaryMetric } from '../../core/metrics/system';

/** Which metric ranks an experiment's runs, and which direction is better. */
export interface MetricGoal {
  readonly primary: string | undefined;
  readonly goal: 'min' | 'max';
}

/** The store directory the `runlens.storePath` setting names for `folder` (relative to it). */
export function storeDirOf(folder: vscode.WorkspaceFolder): string {
  const setting = vscode.workspace.getConfiguration('runlens', folder.uri).get<string>('storePath', '').trim();
  return resolve(folder.uri.fsPath, setting || '.runlens');
}

/** One workspace folder's goals, re-read from its runlens.yaml when asked. */
export class FolderGoals {
  private goals = new Map<string, MetricGoal>();

  constructor(private readonly folder: vscode.WorkspaceFolder, private readonly onError: (message: string) => void) {}

  /** The primary metric and goal of an experiment (or of ad-hoc runs, from the settings). */
  goalOf(run: Pick<ListedRun, 'experiment' | 'metrics'>): MetricGoal {
    const fromConfig = run.experiment ? this.goals.get(run.experiment) : undefined;
    const setting = vscode.workspace.getConfiguration('runlens', this.folder.uri).get<string>('primaryMetric') || undefined;
    const primary = fromConfig?.primary ?? setting ?? defaultPrimaryMetric(Object.keys(run.metrics));
    return { primary, goal: fromConfig?.goal ?? 'min' };
  }

  /** The primary metric and goal runlens.yaml declares for an experiment, if any. */
  experimentGoal(experiment: string): MetricGoal | undefined {
    return this.goals.get(experiment);
  }

  /**
   * Re-reads runlens.yaml. A broken or unreadable config keeps the last good goals (a typo mid-edit
   * should not reshuffle the view); a deleted one drops them. Says whether the goals changed: a
   * save that changes none redraws nothing.
   */
  async reload(): Promise<boolean> {
    // A config that cannot be read keeps the last good goals; why goes to the output channel.
    const config = await loadConfig(this.folder.uri.fsPath).catch((e: unknown) => {
      this.onError(`Runlens could not read the config of ${this.folder.name}: ${errorMessage(e)}`);
      return null;
    });
    if (config === null) return false;
    const goals = new Map<string, MetricGoal>();
    for (const [name, exp] of config?.experiments ?? []) goals.set(name, { primary: exp.metrics.primary, goal: exp.metrics.goal });
    if (config !== undefined && goals.size === 0 && config.problems.length > 0) return false;
    const changed = JSON.stringify([...goals]) !== JSON.stringify([...this.goals]);
    this.goals = goals;
    return changed;
  }
}
