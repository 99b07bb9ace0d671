// The run store: the public API every front end (CLI, extension, language server) uses to create,
// list, read, edit and delete runs in a workspace's `.runlens/` directory (docs/store-format.md).
import { promises as fsp } from 'node:fs';
import { join, resolve } from 'node:path';
import { type RunManifest, TERMINAL_STATUSES } from '../model';
import { type MetricRecord } from '../metrics/record';
import { readLines, parseLines } from '../series/jsonl';
import { readRunSeries } from '../series/read';
import { type Series } from '../series/downsample';
import { detectCrash } from './crash';
import { isRunId } from './ids';
import { type StoreIo } from './io';
import { ensureStore, readFormat, RUN_FILES, STORE_DIR, StoreLayout } from './layout';
import { type ManifestError, readManifest, type NewRun } from './manifest';
import { claimQueued } from './queued';
import { type CatalogOptions, type CatalogRead, readCatalog } from './catalogFile';
import { createRunsIn } from './createMany';
import { createRunIn } from './createOne';
import { matchesQuery, type RunQuery } from './query';
import { invalidName, nameOwner } from './names';
import { reopenRun, settleRun, type SettledEnd } from './settle';
import { type IndexKind, journalChange, listAllRuns, MANIFEST_INDEX, SUMMARY_INDEX } from './run-index';
import { type IndexRecord, type RunListing } from './listing';
import { summarize, type RunSummary } from './summary';
import { emptyTrashDir, listTrashed, restoreFromTrash, RunStillRunningError, trashUnlessRunning } from './trash';
import { applyUpdate, type RunUpdate } from './update';
import { watchStore, type StoreEvent, type WatchOptions } from './watch';
import { RunWriter } from './writer';
import { PulledRunError } from '../share/errors';

export { STORE_DIR, STORE_FORMAT_VERSION, StoreFormatError } from './layout';
export type { NewRun } from './manifest';
export type { Series } from '../series/downsample';
export type { StoreEvent } from './watch';
export type { RunUpdate } from './update';
export type { RunSummary, SummaryCode, SummaryDataset } from './summary';
export type { RunListing } from './listing';
export { matchesQuery };
export type { RunQuery };

/** Options of {@link RunStore.open}. */
export interface StoreOptions {
  /** The store directory; `<workspaceRoot>/.runlens` by default. */
  readonly storeDir?: string;
  /** Receives each problem once (e.g. an unreadable run.json that listing skipped). Default: console.warn. */
  readonly onWarning?: (message: string) => void;
  /** How a new run's files are written; the real filesystem by default (tests inject failures). */
  readonly io?: StoreIo;
}

/** A workspace's run store. Cheap to open: nothing is read or written until first use. */
export class RunStore {
  readonly root: string;
  private readonly layout: StoreLayout;
  private formatChecked = false;
  private readonly warned = new Set<string>();

  private constructor(readonly workspaceRoot: string, private readonly options: StoreOptions) {
    this.root = resolve(options.storeDir ?? join(workspaceRoot, STORE_DIR));
    this.layout = new StoreLayout(this.root, options.io);
  }

  /** Opens the store of a workspace (nothing is created until the first write). */
  static open(workspaceRoot: string, options: StoreOptions = {}): RunStore {
    return new RunStore(resolve(workspaceRoot), options);
  }

  /** Creates the store's folder (with its .gitignore and format file) when it does not exist yet. */
  async ensure(): Promise<void> {
    await this.checkFormat();
    await ensureStore(this.layout);
  }

  /** Creates a run (unique id and human name, first manifest, heartbeat) and returns its writer. */
  async createRun(init: NewRun): Promise<RunWriter> {
    await this.checkFormat();
    await ensureStore(this.layout);
    return createRunIn(this.layout, init);
  }

  /**
   * Creates many runs at once (a sweep queued on Slurm): as {@link createRun} with allocated names,
   * made durable as one batch. Returns their manifests in the order of `inits`.
   */
  async createRuns(inits: readonly NewRun[]): Promise<RunManifest[]> {
    await this.checkFormat();
    await ensureStore(this.layout);
    return createRunsIn(this.layout, inits);
  }

  /**
   * Takes over a `queued` run to start it: marks it `running` with this process as its supervisor
   * and returns its writer (same id and name). Undefined when the run was cancelled, removed or
   * already started by another runner.
   */
  async startQueued(id: string): Promise<RunWriter | undefined> {
    await this.checkFormat();
    const m = await claimQueued(this.runDir(id), id);
    return m && new RunWriter(this.layout, m);
  }

  /**
   * Runs newest first as whole manifests, with crash detection applied. Prefer
   * {@link listSummaries} or {@link withListing} for listings: whole manifests of 100,000 runs cost
   * seconds and gigabytes.
   */
  async listRuns(query: RunQuery = {}): Promise<RunManifest[]> {
    let runs = await this.withIndex(MANIFEST_INDEX, (listing) => listing.all());
    if (query.includeTrash) runs = [...runs, ...(await this.listTrash())].sort((a, b) => (a.id < b.id ? 1 : -1));
    return runs.filter((m) => matchesQuery(m, query));
  }

  /**
   * Runs newest first as compact summaries (what a listing shows, filters and sorts on), from the
   * summary index: no run.json is read but those of live runs and of runs changed since the last
   * listing. Crash detection is applied as in {@link listRuns}.
   */
  async listSummaries(query: RunQuery = {}): Promise<RunSummary[]> {
    let runs = await this.withListing((listing) => listing.all());
    if (query.includeTrash) runs = [...runs, ...(await this.listTrash()).map(summarize)].sort((a, b) => (a.id < b.id ? 1 : -1));
    return runs.filter((m) => matchesQuery(m, query));
  }

  /**
   * Calls `fn` with a listing of every run's summary, newest first, whose records are read from the
   * index one at a time as `fn` asks for them: memory stays small at any store size. The listing is
   * closed when `fn` settles.
   */
  async withListing<R>(fn: (listing: RunListing<RunSummary>) => Promise<R>): Promise<R> {
    return this.withIndex(SUMMARY_INDEX, fn);
  }

  /**
   * The names of every param, metric and dataset of the runs in the summary index, without reading
   * them (the catalog kept beside the index: catalogFile.ts), and the runs changed since the index's
   * last batch; undefined when there is no summary index yet (list first, or walk the runs), or
   * when the catalog would have to be rebuilt and `options.rebuild` is false.
   */
  async summaryCatalog(options: CatalogOptions = {}): Promise<CatalogRead | undefined> {
    await this.checkFormat();
    return readCatalog(this.layout, (what, why) => this.warnOnce(`Runlens could not write ${what}: ${why}`), options);
  }

  /**
   * Calls `fn` with a listing of every run's whole manifest, newest first, read from the manifest
   * index one at a time as `fn` asks: a reader that keeps only what it derives from each manifest
   * (the lineage records) never holds 100,000 manifests at once, as {@link listRuns} does.
   */
  async withManifests<R>(fn: (listing: RunListing<RunManifest>) => Promise<R>): Promise<R> {
    return this.withIndex(MANIFEST_INDEX, fn);
  }

  /**
   * The summaries of the newest `count` runs, newest first, read from their run.json files (crash
   * detection applied) without scanning the index: what a view draws first while {@link withListing}
   * lists a store of 100,000 runs. The same records as the first `count` of {@link listSummaries},
   * less any run unreadable right now (the whole listing reports those).
   */
  async newestSummaries(count: number): Promise<RunSummary[]> {
    await this.checkFormat();
    const ids = (await fsp.readdir(this.layout.runsDir).catch(() => [] as string[])).filter(isRunId).sort().reverse().slice(0, count); // no runs folder yet: no runs
    const out: RunSummary[] = [];
    // A few dozen files open at a time, not `count` at once.
    for (let from = 0; from < ids.length; from += 32) {
      const read = await Promise.all(ids.slice(from, from + 32).map((id) => this.loadRun(id).catch(() => undefined))); // gone or unreadable: the whole listing reports it
      for (const m of read) if (m) out.push(summarize(m));
    }
    return out;
  }

  private async withIndex<T extends IndexRecord, R>(kind: IndexKind<T>, fn: (listing: RunListing<T>) => Promise<R>): Promise<R> {
    await this.checkFormat();
    const listing = await listAllRuns(this.layout, kind, {
      load: (id) => this.loadRun(id),
      // A crashed run's process may have logged more while it was being stopped: fold that in too
      // (the index keeps terminal runs, so listing is the one place that sees it).
      recheck: async (r) => {
        const m = await this.loadRun(r.id).catch(() => undefined); // a run deleted meanwhile: its listed summary stands
        return m ? kind.project(m) : r;
      },
      manifestError: (e) => this.warn(e),
      warn: (message) => this.warnOnce(message),
    });
    try {
      return await fn(listing);
    } finally {
      await listing.close();
    }
  }

  /** One run by id, unique id prefix or human name; undefined when none (or the prefix is ambiguous). */
  async getRun(idOrNameOrPrefix: string): Promise<RunManifest | undefined> {
    await this.checkFormat();
    const key = idOrNameOrPrefix;
    // Resolving a key answers "which run": a run that is gone or unreadable is no match (listRuns reports corrupt ones).
    if (isRunId(key)) return this.loadRun(key).catch(() => undefined);
    if (invalidName(key) === undefined) {
      const owner = await nameOwner(this.layout, key);
      if (owner && isRunId(owner)) {
        const m = await this.loadRun(owner).catch(() => undefined); // the name's run is gone or unreadable: no match (listRuns reports corrupt runs)
        if (m && m.name.toLowerCase() === key.toLowerCase()) return m;
      }
    }
    if (!/^[0-9a-z-]+$/.test(key)) return undefined;
    const ids = (await fsp.readdir(this.layout.runsDir).catch(() => [] as string[])).filter((d) => isRunId(d) && d.startsWith(key)); // no runs folder yet: no id to match
    const only = ids.length === 1 ? ids[0] : undefined;
    return only === undefined ? undefined : this.loadRun(only).catch(() => undefined); // gone or unreadable: no match (listRuns reports corrupt runs)
  }

  /** Directory of run `id` (not in the trash). */
  runDir(id: string): string {
    if (!isRunId(id)) throw new Error(`not a run id: ${JSON.stringify(id)}`);
    return this.layout.runDir(id);
  }

  /** The combined stdout+stderr log of run `id`. */
  logPath(id: string): string {
    return join(this.runDir(id), RUN_FILES.log);
  }

  /** One metric's series, downsampled to `maxPoints` (min/max buckets) when given. */
  async readSeries(id: string, metric: string, options: { maxPoints?: number } = {}): Promise<Series> {
    const m = await this.requireRun(id);
    return readRunSeries(this.runDir(m.id), metric, { maxPoints: options.maxPoints, terminal: TERMINAL_STATUSES.includes(m.status) });
  }

  /** Complete metric records appended since byte `fromOffset`; pass the returned offset next time. */
  async tailMetrics(id: string, fromOffset: number): Promise<{ records: MetricRecord[]; bad: number; offset: number }> {
    await this.checkFormat();
    const chunk = await readLines(join(this.runDir(id), RUN_FILES.metrics), fromOffset, false, 64 * 1024 * 1024);
    const parsed = parseLines(chunk.lines, Date.now());
    return { records: parsed.records, bad: parsed.bad + chunk.overlong, offset: chunk.end };
  }

  /**
   * Records how a run ended as its scheduler reports it (store/settle.ts); `decide` sees the
   * manifest under the run's lock. Undefined when nothing changed.
   */
  async settle(id: string, decide: (m: RunManifest) => SettledEnd | undefined): Promise<RunManifest | undefined> {
    await this.checkFormat();
    const settled = await settleRun(this.runDir(id), id, decide);
    if (settled) await journalChange(this.layout, id);
    return settled;
  }

  /** Puts an ended Slurm run back to queued for another attempt in the same run (store/settle.ts reopenRun). */
  async reopen(id: string, allow: (m: RunManifest) => boolean): Promise<RunManifest | undefined> {
    await this.checkFormat();
    const reopened = await reopenRun(this.runDir(id), id, allow);
    if (reopened) await journalChange(this.layout, id);
    return reopened;
  }

  /** Renames, tags, stars or annotates a run (also while it runs); names stay unique. A pulled run is refused (PulledRunError). */
  async update(id: string, patch: RunUpdate): Promise<RunManifest> {
    const m = await this.requireRun(id);
    if (m.origin) throw new PulledRunError(m.id, m.origin.author);
    const updated = await applyUpdate(this.layout, this.runDir(m.id), m.id, patch);
    await journalChange(this.layout, m.id);
    return updated;
  }

  /**
   * Moves a run to the trash, waiting for its lock if someone holds it a moment. Refused with
   * RunStillRunningError while it runs (as read from disk now, not from any cache): stop it first.
   */
  async delete(id: string): Promise<void> {
    const m = await this.requireRun(id);
    if (m.origin) throw new PulledRunError(m.id, m.origin.author);
    const running = new RunStillRunningError(m);
    if (m.status === 'running') throw running;
    // A queued run may be started by its sweep at this very moment: the lock settles who wins.
    if (!(await trashUnlessRunning(this.layout, m.id, m.status))) throw running;
    await journalChange(this.layout, m.id);
  }

  /** Moves a run back from the trash. */
  async restore(id: string): Promise<void> {
    await this.checkFormat();
    if (!isRunId(id)) throw new Error(`not a run id: ${JSON.stringify(id)}`);
    await restoreFromTrash(this.layout, id);
    await journalChange(this.layout, id);
  }

  /** Runs in the trash, newest first. */
  async listTrash(): Promise<RunManifest[]> {
    await this.checkFormat();
    return listTrashed(this.layout, (e) => this.warn(e));
  }

  /** Deletes trashed runs for good (their names become free); returns how many. */
  async emptyTrash(): Promise<number> {
    await this.checkFormat();
    return emptyTrashDir(this.layout);
  }

  /** Calls `listener` when a run is created, changes, logs, or is removed (see {@link WatchOptions}). */
  watch(listener: (e: StoreEvent) => void, options: WatchOptions = {}): { dispose(): void } {
    return watchStore(this.layout, listener, options);
  }

  private async loadRun(id: string): Promise<RunManifest | undefined> {
    const m = await readManifest(this.layout.runDir(id), id);
    return m && this.checkCrash(m);
  }

  private checkCrash(m: RunManifest): Promise<RunManifest> {
    return detectCrash(this.layout.runDir(m.id), m, (changed) => journalChange(this.layout, changed));
  }

  private async requireRun(id: string): Promise<RunManifest> {
    const m = await this.getRun(id);
    if (!m) throw new Error(`no run ${JSON.stringify(id)} in ${this.root}`);
    return m;
  }

  private async checkFormat(): Promise<void> {
    if (this.formatChecked) return;
    await readFormat(this.layout);
    this.formatChecked = true;
  }

  private warn(e: ManifestError): void {
    this.warnOnce(`${e.message}; the run is skipped`);
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    (this.options.onWarning ?? ((msg: string) => console.warn(`runlens: ${msg}`)))(message);
  }
}
