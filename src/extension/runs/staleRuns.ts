// Which runs of each workspace folder are stale (docs/lineage.md), kept current for the Runs view:
// checked through the stat cache once the view drew a folder's rows (or a panel asks), then when runs
// end and when the declared dataset paths change (debounced; only those paths are watched), unless
// `runlens.staleCheck` is off.
import * as vscode from 'vscode';
import { HashCache } from '../../core/data/cache';
import { errorMessage } from '../../core/errors';
import { type StaleVerdict } from '../../core/lineage/stale';
import { statusOf } from '../../core/lineage/status';
import { watchPatterns } from '../../core/lineage/watch';
import { DisposableStore } from '../disposableStore';
import { type FolderRuns } from './folderRuns';
import { recordsOf } from './folderRecords';
import { followFolders } from './followFolders';
import { affectsLineage } from './lineageChange';
import { type RunsView } from './runsView';

/** Quiet time before a check: a data folder being rewritten, or a chain of runs ending, makes one check. */
const DEBOUNCE_MS = 500;

/** The setting that turns the check off (huge workspaces). */
export const STALE_SETTING = 'runlens.staleCheck';

/** What one folder's last check found, and its pending work. */
interface FolderState {
  verdicts: ReadonlyMap<string, StaleVerdict>;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The check in progress or last done, and the one waiting to start after it. */
  last: Promise<void>;
  queued: Promise<void> | undefined;
  patterns: string;
  readonly watchers: DisposableStore;
  /** Whether the marks can be seen (the Runs view drew rows, or a panel asked): checks wait for it. */
  wanted: boolean;
}

/** A folder's stale runs changed: the ids whose mark came, went or changed. */
export interface StaleChange {
  readonly folder: FolderRuns;
  readonly ids: readonly string[];
}

function enabled(folder: FolderRuns): boolean {
  return vscode.workspace.getConfiguration('runlens', folder.folder.uri).get<boolean>('staleCheck', true);
}

/** Keeps the stale verdicts of every folder of the Runs view. */
export class StaleRuns implements vscode.Disposable {
  private readonly states = new Map<FolderRuns, FolderState>();
  private readonly emitter = new vscode.EventEmitter<StaleChange>();
  /** Rows whose stale mark changed. */
  readonly onDidChange = this.emitter.event;
  private readonly checkedEmitter = new vscode.EventEmitter<FolderRuns>();
  /** A check of a folder ended (tests wait for it). */
  readonly onDidCheck = this.checkedEmitter.event;
  private readonly subscriptions = new DisposableStore();

  constructor(private readonly view: RunsView, private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.addAll(
      // A run ending (or going) changes the lineage; a run starting and a live run's values do not.
      // A reload names no run: everything is judged again.
      followFolders(view, (c) => {
        if (c.structural && (c.changed.size === 0 || affectsLineage(c.changed, (id) => c.folder.get(id)?.status))) this.schedule(c.folder);
      }, () => this.syncFolders()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(STALE_SETTING)) for (const f of view.folderRuns()) this.schedule(f, 0);
      }),
    );
    this.syncFolders();
  }

  /** The verdict on a run when it is stale; undefined when fresh, not judged, or the check is off. */
  staleOf(folder: FolderRuns, id: string): StaleVerdict | undefined {
    const v = this.states.get(folder)?.verdicts.get(id);
    return v?.stale ? v : undefined;
  }

  /**
   * Every verdict of the folder's last check (fresh and stale). The first ask before the Runs view
   * drew the folder's rows starts its first check; `onDidChange` tells when its marks come.
   */
  verdicts(folder: FolderRuns): StaleVerdict[] {
    const state = this.states.get(folder);
    if (state && !state.wanted) this.want(folder, state);
    return [...(state?.verdicts.values() ?? [])];
  }

  /**
   * Checks `folder` now and resolves when done. Checks of a folder never overlap: a request while
   * one runs queues one more (later requests join it), so the last state on disk is always judged.
   */
  check(folder: FolderRuns): Promise<void> {
    const state = this.stateOf(folder);
    state.wanted = true; // asked for: kept current from now on
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    if (state.queued) return state.queued;
    const queued = state.last.then(() => {
      state.queued = undefined;
      return this.run(folder, state);
    });
    state.queued = queued;
    state.last = queued.catch((e: unknown) => this.log.warn(`Runlens: stale check failed: ${errorMessage(e)}`));
    return queued;
  }

  /** From now on the folder's marks are kept current: a first check now. */
  private want(folder: FolderRuns, state: FolderState): void {
    if (state.wanted || this.states.get(folder) !== state) return;
    state.wanted = true;
    this.schedule(folder, 0);
  }

  private schedule(folder: FolderRuns, delay = DEBOUNCE_MS): void {
    const state = this.stateOf(folder);
    // Nobody sees the marks yet: reading every run's lineage now would only slow the first rows.
    if (!state.wanted) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => void this.check(folder), delay);
  }

  private stateOf(folder: FolderRuns): FolderState {
    let state = this.states.get(folder);
    if (!state) {
      const created: FolderState = { verdicts: new Map(), timer: undefined, last: Promise.resolve(), queued: undefined, patterns: '', watchers: new DisposableStore(), wanted: false };
      this.states.set(folder, created);
      // The first check waits for the Runs view's rows: before them no mark can be seen.
      void folder.rows.drawn.then(() => this.want(folder, created));
      state = created;
    }
    return state;
  }

  private syncFolders(): void {
    const current = new Set(this.view.folderRuns());
    for (const [folder, state] of this.states) {
      if (current.has(folder)) continue;
      if (state.timer) clearTimeout(state.timer);
      state.watchers.dispose();
      this.states.delete(folder);
    }
    for (const folder of current) this.stateOf(folder);
  }

  private async run(folder: FolderRuns, state: FolderState): Promise<void> {
    let verdicts = new Map<string, StaleVerdict>();
    let specs: string[] = [];
    if (enabled(folder)) {
      try {
        // Opened afresh each time: the CLI's runs add entries to the same cache file.
        const cache = await HashCache.open(folder.store.root);
        const report = await statusOf(await recordsOf(folder).records(), folder.store.workspaceRoot, cache);
        verdicts = new Map(report.runs.map((v) => [v.run, v]));
        specs = report.specs;
        for (const p of report.problems) this.log.info(`Stale check of ${folder.folder.name}: ${p}`);
        await cache.save().catch((e: unknown) => this.log.warn(`Runlens could not save the hash cache of ${folder.folder.name}: ${errorMessage(e)}`));
      } catch (e) {
        this.log.warn(`Runlens could not check which runs of ${folder.folder.name} are stale: ${errorMessage(e)}`);
        verdicts = new Map(state.verdicts);
      }
    }
    if (!this.states.has(folder)) return; // the folder went away meanwhile
    this.watch(folder, state, specs);
    const before = state.verdicts;
    state.verdicts = verdicts;
    const ids = new Set<string>();
    for (const id of new Set([...before.keys(), ...verdicts.keys()])) {
      const a = before.get(id);
      const b = verdicts.get(id);
      if (!!a?.stale !== !!b?.stale || (a?.stale && JSON.stringify(a.reasons) !== JSON.stringify(b?.reasons))) ids.add(id);
    }
    if (ids.size > 0) this.emitter.fire({ folder, ids: [...ids] });
    this.checkedEmitter.fire(folder);
  }

  /** Watches the declared dataset paths of the runs judged (only those, and at most a bounded number). */
  private watch(folder: FolderRuns, state: FolderState, specs: readonly string[]): void {
    const patterns = watchPatterns(specs);
    const key = patterns.join('\n');
    if (key === state.patterns) return;
    state.patterns = key;
    state.watchers.clear();
    const onData = (): void => this.schedule(folder);
    for (const p of patterns) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder.folder, p));
      state.watchers.addAll(w, w.onDidChange(onData), w.onDidCreate(onData), w.onDidDelete(onData));
    }
  }

  dispose(): void {
    for (const state of this.states.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.watchers.dispose();
    }
    this.states.clear();
    this.subscriptions.dispose();
    this.emitter.dispose();
    this.checkedEmitter.dispose();
  }
}
