// The runs of one workspace folder as the views see them: their summaries from the store's index,
// kept current from store events (one run re-read per event, never a full reload), whole manifests
// only for the runs something asks about, plus each experiment's primary metric and goal.
import * as vscode from 'vscode';
import { type ListedRun, type RunManifest } from '../../core/model';
import { RunStore, type StoreEvent } from '../../core/store/store';
import { summarize, type RunSummary } from '../../core/store/summary';
import { HEAD_RUNS } from '../../views/runs/headFirst';
import { HeldRuns } from '../../views/runs/heldRuns';
import { SharedParts } from '../../views/runs/sharedParts';
import { listInChunks } from './chunkedListing';
import { FolderGoals, type MetricGoal, storeDirOf } from './folderGoals';
import { ManifestCache } from './manifestCache';
import { RowsGate } from './rowsGate';

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

/** Coalescing window for store events: fast enough for "within 500 ms", slow enough to batch. */
const DEBOUNCE_MS = 30;

/**
 * One folder's store and its cached runs. Every run is held as its summary (what rows show, filter,
 * group and sort on: tens of bytes a field, not a manifest's kilobytes); {@link manifest} reads the
 * whole manifest of one run when a tooltip, a panel or a command needs it.
 */
export class FolderRuns implements vscode.Disposable {
  readonly store: RunStore;
  private readonly runs = new HeldRuns();
  /** Recently read manifests. */
  private readonly manifests = new ManifestCache();
  /** Store events seen so far. */
  private events = 0;
  private readonly goals: FolderGoals;
  private loaded: Promise<void> | undefined;
  /** The newest runs' summaries, read before the whole listing on first use (see {@link newest}). */
  private head: Promise<RunSummary[] | undefined> | undefined;
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
    this.goals = new FolderGoals(folder, onError);
    this.store = RunStore.open(folder.uri.fsPath, { onWarning: onError, storeDir: storeDirOf(folder) });
    // Which live runs to watch is found by reading the store's indexes: after the view's first rows.
    this.watcher = this.store.watch((e) => this.onStoreEvent(e), { scanAfter: this.rows.listingMayStart() });
  }

  /** All cached runs' summaries (loading them on first use), newest first. */
  async list(): Promise<RunSummary[]> {
    this.loaded ??= this.firstLoad();
    await this.loaded;
    return this.runs.newestFirst();
  }

  /** Whether every run's summary has been listed (else {@link newest} gives the newest before the rest). */
  get listed(): boolean {
    return this.listedOnce;
  }

  /**
   * Every run, as {@link list}, once the Runs view drew this folder's first rows (at once when the
   * view is not on screen, or draws from the whole listing): for whole-store work nobody is waiting
   * for (the status bar's count, run-end notices), which would otherwise share the host's one thread
   * with the rows a person opening the view waits for.
   */
  async listAfterRows(): Promise<RunSummary[]> {
    if (!this.loaded) await this.rows.listingMayStart();
    return this.list();
  }

  /**
   * The newest runs' summaries, newest first, read from their directories before the whole listing
   * (which this does not start): what the Runs view draws first. Undefined once every run is listed,
   * or when the store has no more runs than that (the whole listing is as quick).
   */
  async newest(): Promise<RunSummary[] | undefined> {
    if (this.listedOnce) return undefined;
    const head = await this.readHead();
    return head && head.length >= HEAD_RUNS && !this.listedOnce ? head : undefined;
  }

  /**
   * The first load: the newest runs, then every run. The whole listing waits for the newest runs
   * because both at once share the host's one thread: at 100,000 runs the listing's chunks made the
   * newest runs (what the view draws first) take several times as long (docs/benchmarks.md).
   */
  private async firstLoad(): Promise<void> {
    await this.readHead();
    await this.reload();
  }

  /** Reads the newest runs once; a full head goes into the cache, so rows and commands find them by id. */
  private readHead(): Promise<RunSummary[] | undefined> {
    this.head ??= this.store.newestSummaries(HEAD_RUNS).catch(() => undefined).then((head) => { // unreadable now: the whole listing reports it
      if (!head || head.length < HEAD_RUNS || this.listedOnce) return head;
      // A run held already changed since: its store event brought a newer summary.
      for (const r of head) if (!this.runs.has(r.id)) this.runs.set(r);
      return head;
    });
    return this.head;
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
    return this.runs.liveRuns();
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
    if (read && read.id === id && this.runs.has(id) && events === this.events) this.manifests.keep(read);
    return read?.id === id ? read : undefined;
  }

  /** The manifest of run `id` if it was read since its last change (every run a change event names is). */
  cachedManifest(id: string): RunManifest | undefined {
    return this.manifests.get(id);
  }

  /** The cached run called `name` (names are unique regardless of case), if any. */
  findByName(name: string): RunSummary | undefined {
    return this.runs.findByName(name);
  }

  /** The primary metric and goal of an experiment (or of ad-hoc runs, from the settings). */
  goalOf(run: Pick<ListedRun, 'experiment' | 'metrics'>): MetricGoal {
    return this.goals.goalOf(run);
  }

  /** The primary metric and goal runlens.yaml declares for an experiment, if any. */
  experimentGoal(experiment: string): MetricGoal | undefined {
    return this.goals.experimentGoal(experiment);
  }

  /** Re-reads every run's summary and the config; used on first load and when asked to refresh. */
  async reload(): Promise<void> {
    const first = !this.listedOnce;
    const changed = (this.changedWhileListing = new Map<string, RunSummary | undefined>());
    const parts = new SharedParts();
    const [runs] = await Promise.all([listInChunks(this.store, (r) => parts.share(r)).catch((e: unknown) => this.fail(e)), this.reloadConfig()]);
    this.changedWhileListing = undefined;
    this.runs.replaceAll(runs ?? [], parts);
    // A run that started or changed after the listing read the run directories, or its record.
    for (const [id, run] of changed) {
      if (run) this.runs.set(run);
      else this.runs.delete(id);
    }
    this.manifests.clear();
    this.listedOnce = true;
    this.emitter.fire({ folder: this, changed: new Set(), structural: true, ...(first ? { firstListing: true } : {}) });
  }

  /** Re-reads runlens.yaml for primary metrics and goals; says whether they changed (see {@link FolderGoals.reload}). */
  reloadConfig(): Promise<boolean> {
    return this.goals.reload();
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
        this.runs.set(after);
        this.manifests.keep(read);
      } else {
        this.runs.delete(id);
      }
      this.changedWhileListing?.set(id, after);
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
    this.rows.dispose();
    this.watcher.dispose();
    this.emitter.dispose();
    this.rawEmitter.dispose();
  }
}
