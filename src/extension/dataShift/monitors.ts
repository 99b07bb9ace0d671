// The monitor watcher: for every `monitor:` of each folder's runlens.yaml, file system watchers on
// its `current` globs (prediction files included: they are globs like any other), a debounced
// re-check when a matching file is created, changed or deleted, and one when runs end (the
// reference may now be another run), and a periodic stat sweep for the events a watcher drops.
// Each monitor's last outcome is kept here.
import * as vscode from 'vscode';
import { loadConfig } from '../../core/config/config';
import { type MonitorConfig } from '../../core/config/monitors';
import { monitorFilesPrint } from '../../core/drift/monitorPrint';
import { errorMessage } from '../../core/errors';
import { DisposableStore } from '../disposableStore';
import { followFolders } from '../runs/followFolders';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsView } from '../runs/runsView';
import { runShiftCheck, type ShiftOutcome, type ShiftSpec } from './check';

/** Quiet time after the last file event before a monitor is checked (copying many files is one check). */
export const MONITOR_DEBOUNCE_MS = 500;

/**
 * Gap between sweeps that stat each monitor's files and re-check the ones that changed unseen.
 * VS Code's watcher can drop events (under load, on network drives, in a folder created just
 * before); a sweep costs one stat per file, so a sweep that took long waits 50 times as long.
 */
export const MONITOR_SWEEP_MS = 5000;

/** One monitor and what is known of it. */
export interface MonitorState {
  /** `<folder uri>|<monitor name>`. */
  readonly key: string;
  readonly folder: FolderRuns;
  readonly monitor: MonitorConfig;
  readonly spec: ShiftSpec;
  checking: boolean;
  outcome?: ShiftOutcome;
}

/** Watches and checks every folder's monitors. */
export class MonitorWatcher implements vscode.Disposable {
  private readonly states = new Map<string, MonitorState>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Per monitor: the loop of checks running now, and whether another check was asked for. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly subscriptions = new DisposableStore();
  /**
   * Watchers by monitor key (and `config|<folder>` for runlens.yaml), kept across reloads while the
   * monitor is unchanged: a watcher re-created at each reload misses a file written while the new
   * one registers, and saving runlens.yaml itself triggers a reload.
   */
  private readonly watchers = new Map<string, DisposableStore>();
  private readonly emitter = new vscode.EventEmitter<MonitorState>();
  /** Fires when a monitor starts or finishes a check, or the set of monitors changed (then with no state). */
  readonly onDidChange = this.emitter.event;
  private readonly listEmitter = new vscode.EventEmitter<void>();
  /** Fires after the monitors were (re)read from runlens.yaml. */
  readonly onDidLoad = this.listEmitter.event;
  private loading: Promise<void> = Promise.resolve();
  /** Per monitor: the stat print of its current files when its last check started. */
  private readonly prints = new Map<string, string>();
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly runs: RunsView, private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.addAll(
      this.emitter, this.listEmitter,
      followFolders(runs, (c) => { if (c.structural) this.scheduleFolder(c.folder); }, () => void this.reload()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('runlens.dataShift')) void this.reload(); }),
    );
    void this.reload();
    this.sweepLater(MONITOR_SWEEP_MS);
  }

  /** Every monitor, in folder and name order. */
  all(): MonitorState[] {
    return [...this.states.values()];
  }

  /** The monitor `name` of `folder` (the only folder when not given). */
  find(name: string, folder?: FolderRuns): MonitorState | undefined {
    return this.all().find((s) => s.monitor.name === name && (folder === undefined || s.folder === folder));
  }

  /** Re-reads every folder's monitors and re-creates the watchers; resolves once all are checked. */
  reload(): Promise<void> {
    this.loading = this.loading.then(() => this.load()).catch((e: unknown) => this.log.warn(`Runlens monitors: ${errorMessage(e)}`));
    return this.loading;
  }

  /**
   * Checks one monitor now; resolves with its state once no check of it is asked for any more. A
   * check asked for while one runs makes the running loop go once more (callers share that loop).
   */
  async check(state: MonitorState): Promise<MonitorState> {
    this.again.add(state.key);
    let loop = this.running.get(state.key);
    if (!loop) {
      loop = (async (): Promise<void> => {
        while (this.again.delete(state.key)) await this.run(state);
      })().finally(() => this.running.delete(state.key));
      this.running.set(state.key, loop);
    }
    await loop;
    return state;
  }

  private async run(state: MonitorState): Promise<void> {
    state.checking = true;
    this.emitter.fire(state);
    try {
      // Printed before the check reads the files: a change made during the check shows in the next sweep.
      this.prints.set(state.key, await this.printOf(state));
      state.outcome = await runShiftCheck(state.folder, state.spec, (line) => this.log.warn(line));
      const r = state.outcome.result;
      if (r.error !== undefined) this.log.warn(`Runlens monitor ${state.monitor.name}: not checked: ${r.error}`);
      for (const p of r.problems) this.log.warn(`Runlens monitor ${state.monitor.name}: ${p}`);
    } finally {
      state.checking = false;
      this.emitter.fire(state);
    }
  }

  private async load(): Promise<void> {
    const watch = vscode.workspace.getConfiguration('runlens').get<boolean>('dataShift.watch', true);
    const next = new Map<string, MonitorState>();
    const keep = new Set<string>();
    for (const folder of this.runs.folderRuns()) {
      keep.add(this.watchConfig(folder));
      if (!watch) continue;
      const config = await loadConfig(folder.folder.uri.fsPath).catch((e: unknown) => {
        this.log.warn(`Runlens could not read the monitors of ${folder.folder.name}: ${errorMessage(e)}`);
        return undefined;
      });
      for (const monitor of config?.monitors ?? []) {
        const key = `${folder.folder.uri.toString()}|${monitor.name}`;
        const old = this.states.get(key);
        const same = old && old.folder === folder && JSON.stringify(old.monitor) === JSON.stringify(monitor);
        const state: MonitorState = same ? old : { key, folder, monitor, spec: { ...monitor, configured: true }, checking: false };
        next.set(key, state);
        // The watchers follow the monitor's globs, not the FolderRuns object: a store re-read makes a
        // new one, and watchers re-created then would miss a file written while they register.
        if (JSON.stringify(old?.monitor) !== JSON.stringify(monitor)) this.unwatch(key);
        this.watchCurrent(state);
        keep.add(key);
      }
    }
    // Monitors (and folders) gone: their watchers and pending checks go too.
    for (const key of [...this.watchers.keys()]) if (!keep.has(key)) this.unwatch(key);
    this.states.clear();
    for (const [k, s] of next) this.states.set(k, s);
    void vscode.commands.executeCommand('setContext', 'runlens.hasMonitors', this.states.size > 0);
    this.listEmitter.fire();
    await Promise.all(this.all().filter((s) => !s.outcome).map((s) => this.check(s)));
  }

  private printOf(state: MonitorState): Promise<string> {
    return monitorFilesPrint(state.folder.folder.uri.fsPath, state.monitor.current);
  }

  private sweepLater(ms: number): void {
    if (!this.disposed) this.sweepTimer = setTimeout(() => void this.sweep(), ms);
  }

  /** Re-checks each idle monitor whose files changed since its last check without a watcher event. */
  private async sweep(): Promise<void> {
    const started = Date.now();
    for (const state of this.all()) {
      if (state.checking || this.running.has(state.key) || this.timers.has(state.key)) continue;
      const before = this.prints.get(state.key);
      if (before === undefined) continue; // never checked yet: its first check is on its way
      const now = await this.printOf(state).catch(() => before);
      if (now !== before && this.states.get(state.key) === state) this.schedule(state.key);
    }
    this.sweepLater(Math.max(MONITOR_SWEEP_MS, 50 * (Date.now() - started)));
  }

  private unwatch(key: string): void {
    this.watchers.get(key)?.dispose();
    this.watchers.delete(key);
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  /** runlens.yaml edited, created or deleted: the monitors are read again. Returns the watcher's key. */
  private watchConfig(folder: FolderRuns): string {
    const key = `config|${folder.folder.uri.toString()}`;
    if (this.watchers.has(key)) return key;
    const store = new DisposableStore();
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder.folder, 'runlens.{yaml,yml}'));
    const again = (): void => void this.reload();
    store.addAll(w, w.onDidChange(again), w.onDidCreate(again), w.onDidDelete(again));
    this.watchers.set(key, store);
    return key;
  }

  /** Each current glob, and everything below it when it names a folder (once per unchanged monitor). */
  private watchCurrent(state: MonitorState): void {
    if (this.watchers.has(state.key)) return;
    const store = new DisposableStore();
    for (const spec of state.monitor.current) {
      const glob = spec.replace(/^\.\//, '').replace(/\/+$/, '');
      for (const pattern of /[*?{[]/.test(glob) ? [glob] : [glob, `${glob}/**`]) {
        const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(state.folder.folder, pattern));
        const later = (): void => this.schedule(state.key);
        store.addAll(w, w.onDidChange(later), w.onDidCreate(later), w.onDidDelete(later));
      }
    }
    this.watchers.set(state.key, store);
  }

  private scheduleFolder(folder: FolderRuns): void {
    for (const s of this.all()) if (s.folder === folder) this.schedule(s.key);
  }

  /** Checks a monitor once its files have been quiet for MONITOR_DEBOUNCE_MS. */
  private schedule(key: string): void {
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      const state = this.states.get(key);
      if (state) void this.check(state);
    }, MONITOR_DEBOUNCE_MS));
  }

  dispose(): void {
    this.disposed = true;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    for (const t of this.timers.values()) clearTimeout(t);
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    this.subscriptions.dispose();
  }
}
