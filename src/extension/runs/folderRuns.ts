// The runs of one workspace folder as the views see them: a cache of manifests kept current from
// store events (one run re-read per event, never a full reload), plus each experiment's primary
// metric and goal from runlens.yaml.
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { loadConfig } from '../../core/config/config';
import { type RunManifest } from '../../core/model';
import { defaultPrimaryMetric } from '../../core/metrics/system';
import { RunStore, type StoreEvent } from '../../core/store/store';

/** Which metric ranks an experiment's runs, and which direction is better. */
export interface MetricGoal {
  readonly primary: string | undefined;
  readonly goal: 'min' | 'max';
}

/** What changed: the ids of runs whose rows must be redrawn, and whether rows came or went. */
export interface RunsChange {
  readonly folder: FolderRuns;
  readonly changed: ReadonlySet<string>;
  readonly structural: boolean;
}

/** The store directory the `runlens.storePath` setting names for `folder` (relative to it). */
export function storeDirOf(folder: vscode.WorkspaceFolder): string {
  const setting = vscode.workspace.getConfiguration('runlens', folder.uri).get<string>('storePath', '').trim();
  return resolve(folder.uri.fsPath, setting || '.runlens');
}

/** Coalescing window for store events: fast enough for "within 500 ms", slow enough to batch. */
const DEBOUNCE_MS = 30;

/** One folder's store and its cached runs. */
export class FolderRuns implements vscode.Disposable {
  readonly store: RunStore;
  private runs = new Map<string, RunManifest>();
  /** The runs newest first, rebuilt after a change: the status bar, decorations and commands all ask. */
  private sorted: RunManifest[] | undefined;
  private goals = new Map<string, MetricGoal>();
  private loaded: Promise<void> | undefined;
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly watcher: { dispose(): void };
  private readonly emitter = new vscode.EventEmitter<RunsChange>();
  readonly onDidChange = this.emitter.event;
  private readonly rawEmitter = new vscode.EventEmitter<StoreEvent>();
  /** Every store event as it arrives (the log editor follows 'log' events of a live run). */
  readonly onDidStoreEvent = this.rawEmitter.event;

  constructor(readonly folder: vscode.WorkspaceFolder, private readonly onError: (message: string) => void) {
    this.store = RunStore.open(folder.uri.fsPath, { onWarning: onError, storeDir: storeDirOf(folder) });
    this.watcher = this.store.watch((e) => this.onStoreEvent(e));
  }

  /** All cached runs (loading them on first use), newest first. */
  async list(): Promise<RunManifest[]> {
    this.loaded ??= this.reload();
    await this.loaded;
    // Mostly in order already (new runs come last): the sort is close to one pass even at 100,000.
    this.sorted ??= [...this.runs.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return this.sorted.slice();
  }

  /** How many runs are cached (every run, filtered or not). */
  get size(): number {
    return this.runs.size;
  }

  /** The cached manifest of one run. */
  get(id: string): RunManifest | undefined {
    return this.runs.get(id);
  }

  /** The cached run called `name` (names are unique regardless of case), if any. */
  findByName(name: string): RunManifest | undefined {
    const key = name.toLowerCase();
    for (const run of this.runs.values()) if (run.name.toLowerCase() === key) return run;
    return undefined;
  }

  /** The primary metric and goal of an experiment (or of ad-hoc runs, from the settings). */
  goalOf(run: RunManifest): MetricGoal {
    const fromConfig = run.experiment ? this.goals.get(run.experiment) : undefined;
    const setting = vscode.workspace.getConfiguration('runlens', this.folder.uri).get<string>('primaryMetric') || undefined;
    const primary = fromConfig?.primary ?? setting ?? defaultPrimaryMetric(Object.keys(run.metrics));
    return { primary, goal: fromConfig?.goal ?? 'min' };
  }

  /** The primary metric and goal runlens.yaml declares for an experiment, if any. */
  experimentGoal(experiment: string): MetricGoal | undefined {
    return this.goals.get(experiment);
  }

  /** Re-reads every manifest and the config; used on first load and when asked to refresh. */
  async reload(): Promise<void> {
    const [runs] = await Promise.all([this.store.listRuns().catch((e: unknown) => this.fail(e)), this.reloadConfig()]);
    this.runs = new Map((runs ?? []).map((r) => [r.id, r]));
    this.sorted = undefined;
    this.emitter.fire({ folder: this, changed: new Set(), structural: true });
  }

  /**
   * Re-reads runlens.yaml for primary metrics and goals. A broken or unreadable config keeps the
   * last good goals (a typo mid-edit should not reshuffle the view); a deleted one drops them.
   */
  async reloadConfig(): Promise<void> {
    // A config that cannot be read keeps the last good goals; why goes to the output channel.
    const config = await loadConfig(this.folder.uri.fsPath).catch((e: unknown) => {
      this.onError(`Runlens could not read the config of ${this.folder.name}: ${errorMessage(e)}`);
      return null;
    });
    if (config === null) return;
    if (config === undefined) {
      this.goals = new Map();
      return;
    }
    const goals = new Map<string, MetricGoal>();
    for (const [name, exp] of config.experiments) goals.set(name, { primary: exp.metrics.primary, goal: exp.metrics.goal });
    if (goals.size > 0 || config.problems.length === 0) this.goals = goals;
  }

  private onStoreEvent(e: StoreEvent): void {
    this.rawEmitter.fire(e);
    // Output does not change the manifest: no need to re-read it for every line a run prints.
    if (e.kind === 'log') return;
    this.pending.add(e.runId);
    this.timer ??= setTimeout(() => void this.flush(), DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const ids = [...this.pending];
    this.pending.clear();
    let structural = false;
    const changed = new Set<string>();
    await Promise.all(ids.map(async (id) => {
      const before = this.runs.get(id);
      const after = await this.store.getRun(id).catch(() => undefined); // gone or unreadable (deleted, mid-replace): removed from the view; a later change brings it back
      if (after) this.runs.set(id, after);
      else this.runs.delete(id);
      this.sorted = undefined;
      // A row appears, disappears or may move to another group: its parent must be redrawn.
      if (!before || !after || before.status !== after.status || before.name !== after.name
        || before.starred !== after.starred || before.tags.join() !== after.tags.join()) structural = true;
      changed.add(id);
    }));
    this.emitter.fire({ folder: this, changed, structural });
  }

  private fail(e: unknown): undefined {
    this.onError(`Runlens could not read the runs of ${this.folder.name}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher.dispose();
    this.emitter.dispose();
    this.rawEmitter.dispose();
  }
}
