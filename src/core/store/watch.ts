// Watching a store for changes (the extension's live views): new/removed run directories, manifest,
// metrics and log changes of live runs, and edits of finished runs (announced in journal.log).
// Only live runs get a directory watcher, at most MAX_RUN_WATCHES of them (the newest): a store of
// 100,000 runs costs a fixed handful of watches whatever its size or how many runs claim to be live.
import { watch, promises as fsp, type FSWatcher } from 'node:fs';
import { TERMINAL_STATUSES } from '../model';
import { isRunId } from './ids';
import { RUN_FILES, type StoreLayout } from './layout';
import { readManifest } from './manifest';
import { indexedTerminalIds } from './run-index';

/** A change in the store: which run, and what changed. */
export interface StoreEvent {
  readonly runId: string;
  readonly kind: 'manifest' | 'metrics' | 'log' | 'removed';
}

/** Events for the same run and kind closer than this are delivered once. */
const COALESCE_MS = 25;
/** How often a store that does not exist yet is looked for. */
const APPEAR_POLL_MS = 500;
/**
 * Most run directories watched at once. Live runs beyond it (the oldest, e.g. runs other hosts
 * left `running`) are followed through journal.log only, which announces every manifest change
 * but not their metrics; they get a watch when a watched run ends.
 */
export const MAX_RUN_WATCHES = 64;

/** Options of {@link watchStore}. */
export interface WatchOptions {
  /** Overrides {@link MAX_RUN_WATCHES} (tests). */
  readonly maxRunWatches?: number;
  /**
   * Resolves when the scan for live runs to watch may start (it reads both listing indexes and
   * lists `runs/`: at 100,000 runs the extension lets the Runs view's first rows go first). New
   * runs, removals and journal.log are watched from the start.
   */
  readonly scanAfter?: Promise<void>;
}

/** Starts watching; call dispose() to stop. */
export function watchStore(layout: StoreLayout, listener: (e: StoreEvent) => void, options: WatchOptions = {}): { dispose(): void } {
  let disposed = false;
  const maxRunWatches = options.maxRunWatches ?? MAX_RUN_WATCHES;
  const runWatchers = new Map<string, FSWatcher>();
  /** Live runs waiting for a watch (over the limit). */
  const waiting = new Set<string>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  let rootWatchers: FSWatcher[] = [];
  let journalOffset = 0;
  let poll: ReturnType<typeof setTimeout> | undefined;

  const emit = (runId: string, kind: StoreEvent['kind']): void => {
    const key = `${runId}:${kind}`;
    if (disposed || pending.has(key)) return;
    pending.set(key, setTimeout(() => {
      pending.delete(key);
      if (!disposed) listener({ runId, kind });
    }, COALESCE_MS));
  };

  const unwatchRun = (id: string): void => {
    waiting.delete(id);
    if (!runWatchers.has(id)) return;
    runWatchers.get(id)?.close();
    runWatchers.delete(id);
    // A watch came free: the newest waiting run gets it (it may have ended meanwhile: checked).
    const next = [...waiting].sort().pop();
    if (next === undefined || disposed) return;
    waiting.delete(next);
    watchRun(next);
    void stopIfTerminal(next);
  };

  const watchRun = (id: string): void => {
    if (disposed || runWatchers.has(id)) return;
    if (runWatchers.size >= maxRunWatches) {
      // Full: a newer run takes the watch of the oldest one watched (ids sort by creation time).
      const oldest = [...runWatchers.keys()].sort()[0];
      if (oldest === undefined || oldest > id) {
        waiting.add(id);
        return;
      }
      runWatchers.get(oldest)?.close();
      runWatchers.delete(oldest);
      waiting.add(oldest);
    }
    try {
      const w = watch(layout.runDir(id), (_event, file) => {
        const name = file?.toString() ?? '';
        if (name === RUN_FILES.metrics) emit(id, 'metrics');
        else if (name === RUN_FILES.log) emit(id, 'log');
        else if (name === RUN_FILES.manifest || name.startsWith(`.${RUN_FILES.manifest}.`)) {
          emit(id, 'manifest');
          void stopIfTerminal(id);
        }
      });
      w.on('error', () => unwatchRun(id));
      runWatchers.set(id, w);
    } catch {
      // The directory vanished before it could be watched: the runs/ watcher reports that.
    }
  };

  const stopIfTerminal = async (id: string): Promise<void> => {
    const m = await readManifest(layout.runDir(id), id).catch(() => undefined); // a run deleted or mid-replace: it is checked again on its next change
    if (m && TERMINAL_STATUSES.includes(m.status)) unwatchRun(id);
  };

  const onRunsDirEntry = async (id: string): Promise<void> => {
    const exists = await fsp.stat(layout.runDir(id)).then(() => true, () => false);
    if (exists) {
      emit(id, 'manifest');
      watchRun(id);
      await stopIfTerminal(id);
    } else {
      unwatchRun(id);
      emit(id, 'removed');
    }
  };

  const readJournal = async (): Promise<void> => {
    const fh = await fsp.open(layout.journalFile, 'r').catch(() => undefined); // no journal yet: no renames or deletions to report
    if (!fh) return;
    try {
      const size = (await fh.stat()).size;
      if (size < journalOffset) journalOffset = 0;
      if (size === journalOffset) return;
      const buf = Buffer.alloc(size - journalOffset);
      await fh.read(buf, 0, buf.length, journalOffset);
      const end = buf.lastIndexOf(10) + 1;
      journalOffset += end;
      for (const id of buf.toString('utf8', 0, end).split('\n')) if (isRunId(id)) void onRunsDirEntry(id);
    } finally {
      await fh.close();
    }
  };

  /** `appeared`: the store was created after watching began, so its runs are all news. */
  const start = async (appeared: boolean): Promise<void> => {
    journalOffset = (await fsp.stat(layout.journalFile).catch(() => undefined))?.size ?? 0; // no journal yet: it starts from offset 0 when it appears
    const runsWatcher = watch(layout.runsDir, (_event, file) => {
      const id = file?.toString() ?? '';
      if (isRunId(id)) void onRunsDirEntry(id);
    });
    const rootWatcher = watch(layout.root, (_event, file) => {
      if (file?.toString() === 'journal.log') void readJournal();
    });
    rootWatchers = [runsWatcher, rootWatcher];
    if (disposed) return stop();
    await options.scanAfter;
    if (disposed) return;
    const finished = await indexedTerminalIds(layout);
    // Newest first: a live run is most likely among the newest, and watched before any old one is read.
    for (const id of (await fsp.readdir(layout.runsDir)).filter(isRunId).sort().reverse()) {
      if (appeared) emit(id, 'manifest');
      if (finished.has(id)) continue;
      // No manifest yet means the run is being created right now (createRun makes the directory
      // first): it is live, and skipping it would miss every later change of that run.
      const m = await readManifest(layout.runDir(id), id).catch(() => undefined);
      if (!m || !TERMINAL_STATUSES.includes(m.status)) watchRun(id);
    }
  };

  const tryStart = (appeared: boolean): void => {
    poll = undefined;
    if (disposed) return;
    start(appeared).catch(() => { // the store vanished while watching started: polled for again below
      for (const w of rootWatchers) w.close();
      rootWatchers = [];
      if (!disposed) poll = setTimeout(() => tryStart(true), APPEAR_POLL_MS);
    });
  };

  const stop = (): void => {
    disposed = true;
    if (poll) clearTimeout(poll);
    for (const w of rootWatchers) w.close();
    for (const w of runWatchers.values()) w.close();
    for (const t of pending.values()) clearTimeout(t);
    runWatchers.clear();
    waiting.clear();
    pending.clear();
  };

  tryStart(false);
  return { dispose: stop };
}
