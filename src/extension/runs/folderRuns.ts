// The runs of one workspace folder as the views see them: their summaries from the store's index,
// kept current from store events (one run re-read per event, never a full reload), whole manifests
// only for the runs something asks about, plus each experiment's primary metric and goal.
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { loadConfig } from '../../core/config/config';
import { type ListedRun, type RunManifest, TERMINAL_STATUSES } from '../../core/model';
import { defaultPrimaryMetric } from '../../core/metrics/system';
import { RunStore, type StoreEvent } from '../../core/store/store';
import { summarize, type RunSummary } from '../../core/store/summary';
import { HEAD_RUNS } from '../../views/runs/headFirst';
import { RowsGate } from './rowsGate';

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
  /**
   * The folder's runs were listed for the first time (`changed` is empty): nothing was shown from
   * them but their newest runs (see {@link FolderRuns.newest}), so nothing is to be dropped.
   */
  readonly firstListing?: boolean;
}

/** The store directory the `runlens.storePath` setting names for `folder` (relative to it). */
export function storeDirOf(folder: vscode.WorkspaceFolder): string {
  const setting = vscode.workspace.getConfiguration('runlens', folder.uri).get<string>('storePath', '').trim();
  return resolve(folder.uri.fsPath, setting || '.runlens');
}

/** Coalescing window for store events: fast enough for "within 500 ms", slow enough to batch. */
const DEBOUNCE_MS = 30;

/** Whole manifests kept (runs that changed or were asked about last): a panel's few runs, not the store. */
const MANIFESTS_KEPT = 256;

/** Summaries read from the index between two turns of the event loop on the first listing. */
const LISTED_PER_TURN = 2000;

/**
 * Lets the event loop run what waits (a tree request, a heartbeat): a long read awaits this between
 * chunks, because awaits on reads that hit memory alone never let it run, and an extension host
 * that does not answer for 3 s is reported unresponsive.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * One folder's store and its cached runs. Every run is held as its summary (what rows show, filter,
 * group and sort on: tens of bytes a field, not a manifest's kilobytes); {@link manifest} reads the
 * whole manifest of one run when a tooltip, a panel or a command needs it.
 */
export class FolderRuns implements vscode.Disposable {
  readonly store: RunStore;
  private runs = new Map<string, RunSummary>();
  /** The runs newest first, rebuilt after a change: decorations and commands ask. */
  private sorted: RunSummary[] | undefined;
  /** Ids of runs not in a terminal status (the status bar's count walks these, not the store). */
  private readonly live = new Set<string>();
  /** Recently read manifests, least recently used first. */
  private readonly manifests = new Map<string, RunManifest>();
  /** Store events seen so far. */
  private events = 0;
  private goals = new Map<string, MetricGoal>();
  private loaded: Promise<void> | undefined;
  /** Every run listed once (the first {@link reload} done). */
  private listedOnce = false;
  /** While a reload lists the store: the runs changed meanwhile (undefined: gone), which it may have missed. */
  private changedWhileListing: Map<string, RunSummary | undefined> | undefined;
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly watcher: { dispose(): void };
  private readonly emitter = new vscode.EventEmitter<RunsChange>();
  readonly onDidChange = this.emitter.event;
  private readonly rawEmitter = new vscode.EventEmitter<StoreEvent>();
  /** Every store event as it arrives (the log editor follows 'log' events of a live run). */
  readonly onDidStoreEvent = this.rawEmitter.event;
  /** Opened when the Runs view drew this folder's rows: whole-store work waits for it (rowsGate.ts). */
  readonly rows: RowsGate;

  /** `viewVisible` says whether the Runs view is on screen (whole-store work then waits for its rows). */
  constructor(readonly folder: vscode.WorkspaceFolder, private readonly onError: (message: string) => void, viewVisible: () => boolean = () => false) {
    this.rows = new RowsGate(viewVisible);
    this.store = RunStore.open(folder.uri.fsPath, { onWarning: onError, storeDir: storeDirOf(folder) });
    this.watcher = this.store.watch((e) => this.onStoreEvent(e));
  }

  /** All cached runs' summaries (loading them on first use), newest first. */
  async list(): Promise<RunSummary[]> {
    this.loaded ??= this.reload();
    await this.loaded;
    // Mostly in order already (new runs come last): the sort is close to one pass even at 100,000.
    this.sorted ??= [...this.runs.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return this.sorted.slice();
  }

  /** Whether every run's summary has been listed (else {@link newest} gives the newest before the rest). */
  get listed(): boolean {
    return this.listedOnce;
  }

  /**
   * The newest runs' summaries, newest first, read from their directories while the whole listing
   * (started here if need be) scans a big store: what the Runs view draws first. Undefined once every
   * run is listed, or when the store has no more runs than that (the whole listing is as quick).
   */
  async newest(): Promise<RunSummary[] | undefined> {
    if (this.listedOnce) return undefined;
    this.loaded ??= this.reload();
    const head = await this.store.newestSummaries(HEAD_RUNS).catch(() => undefined); // unreadable now: the whole listing reports it
    if (!head || head.length < HEAD_RUNS || this.listedOnce) return undefined;
    // Rows, commands and changes find these runs by id until the listing replaces the cache.
    for (const r of head) {
      if (this.runs.has(r.id)) continue;
      this.runs.set(r.id, r);
      if (!TERMINAL_STATUSES.includes(r.status)) this.live.add(r.id);
    }
    this.sorted = undefined;
    return head;
  }

  /** How many runs are cached (every run, filtered or not). */
  get size(): number {
    return this.runs.size;
  }

  /** The cached summary of one run. */
  get(id: string): RunSummary | undefined {
    return this.runs.get(id);
  }

  /** The summaries of the runs not in a terminal status (queued, running), newest first. */
  liveRuns(): RunSummary[] {
    return [...this.live].sort().reverse().map((id) => this.runs.get(id)).filter((r): r is RunSummary => r !== undefined);
  }

  /**
   * The whole manifest of run `id` (crash detection applied), read from its run.json unless it was
   * read since its last change; undefined when the run is gone or unreadable.
   */
  async manifest(id: string): Promise<RunManifest | undefined> {
    const kept = this.cachedManifest(id);
    if (kept) return kept;
    const events = this.events;
    const read = await this.store.getRun(id).catch(() => undefined); // gone or unreadable (deleted, mid-replace): no manifest
    // Kept only if no change arrived meanwhile (it could be older than what the change brings).
    if (read && read.id === id && this.runs.has(id) && events === this.events) this.keep(read);
    return read?.id === id ? read : undefined;
  }

  /** The manifest of run `id` if it was read since its last change (every run a change event names is). */
  cachedManifest(id: string): RunManifest | undefined {
    const m = this.manifests.get(id);
    if (!m) return undefined;
    this.manifests.delete(id); // most recently used last
    this.manifests.set(id, m);
    return m;
  }

  /** The cached run called `name` (names are unique regardless of case), if any. */
  findByName(name: string): RunSummary | undefined {
    const key = name.toLowerCase();
    for (const run of this.runs.values()) if (run.name.toLowerCase() === key) return run;
    return undefined;
  }

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

  /** Re-reads every run's summary and the config; used on first load and when asked to refresh. */
  async reload(): Promise<void> {
    const first = !this.listedOnce;
    const changed = (this.changedWhileListing = new Map<string, RunSummary | undefined>());
    const [runs] = await Promise.all([this.listAll().catch((e: unknown) => this.fail(e)), this.reloadConfig()]);
    this.changedWhileListing = undefined;
    this.runs = new Map((runs ?? []).map((r) => [r.id, r]));
    // A run that started or changed after the listing read the run directories, or its record.
    for (const [id, run] of changed) {
      if (run) this.runs.set(id, run);
      else this.runs.delete(id);
    }
    this.live.clear();
    for (const r of this.runs.values()) if (!TERMINAL_STATUSES.includes(r.status)) this.live.add(r.id);
    this.manifests.clear();
    this.sorted = undefined;
    this.listedOnce = true;
    this.emitter.fire({ folder: this, changed: new Set(), structural: true, ...(first ? { firstListing: true } : {}) });
  }

  /** Every run's summary from the index, newest first, letting the event loop run every few thousand. */
  private listAll(): Promise<RunSummary[]> {
    return this.store.withListing(async (listing) => {
      const out: RunSummary[] = [];
      for (let i = 0; i < listing.size; i++) {
        const r = await listing.get(i);
        if (r) out.push(r);
        if (i % LISTED_PER_TURN === LISTED_PER_TURN - 1) await yieldToEventLoop();
      }
      return out;
    });
  }

  /**
   * Re-reads runlens.yaml for primary metrics and goals. A broken or unreadable config keeps the
   * last good goals (a typo mid-edit should not reshuffle the view); a deleted one drops them.
   * Says whether the goals changed: a save that changes none redraws nothing.
   */
  async reloadConfig(): Promise<boolean> {
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

  private onStoreEvent(e: StoreEvent): void {
    this.rawEmitter.fire(e);
    // Output does not change the manifest: no need to re-read it for every line a run prints.
    if (e.kind === 'log') return;
    this.events++;
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
      this.manifests.delete(id);
      const read = await this.store.getRun(id).catch(() => undefined); // gone or unreadable (deleted, mid-replace): removed from the view; a later change brings it back
      const after = read && summarize(read);
      if (read && after) {
        this.runs.set(id, after);
        this.keep(read);
      } else {
        this.runs.delete(id);
      }
      this.changedWhileListing?.set(id, after);
      if (after && !TERMINAL_STATUSES.includes(after.status)) this.live.add(id);
      else this.live.delete(id);
      this.sorted = undefined;
      // A row appears, disappears or may move to another group: its parent must be redrawn.
      if (!before || !after || before.status !== after.status || before.name !== after.name
        || before.starred !== after.starred || before.tags.join() !== after.tags.join()) structural = true;
      changed.add(id);
    }));
    this.emitter.fire({ folder: this, changed, structural });
  }

  private keep(m: RunManifest): void {
    this.manifests.delete(m.id);
    this.manifests.set(m.id, m);
    if (this.manifests.size > MANIFESTS_KEPT) this.manifests.delete(this.manifests.keys().next().value as string);
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
