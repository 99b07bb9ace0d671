// The language server's cache of each store's runs: their summaries from the store's index on first
// use, then only the runs the client says changed are re-read, so a hover on a store of thousands of
// runs costs a filter over memory, not a read of every manifest. Also which store a config file reads.
import { dirname, isAbsolute, relative } from 'node:path';
import { workspaceStoreDir } from '../core/store/location';
import { RunStore } from '../core/store/store';
import { summarize, type RunSummary } from '../core/store/summary';
import { type HistoryRun } from './runHistory';
import { type FolderStore } from '../protocol/languageServer';

/**
 * The store a runlens.yaml reads its past runs from: that of the workspace folder holding it (the
 * client sends each folder's `runlens.storePath`), else the store the CLI would use in the file's
 * folder (`RUNLENS_STORE`, else `.runlens` beside the file).
 */
export function storeDirFor(file: string, stores: readonly FolderStore[], env: NodeJS.ProcessEnv = process.env): string {
  let best: FolderStore | undefined;
  for (const s of stores) {
    const rel = relative(s.folder, file);
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    // Nested folders: the innermost one wins, as VS Code's getWorkspaceFolder does.
    if (inside && (!best || s.folder.length > best.folder.length)) best = s;
  }
  return best ? best.storeDir : workspaceStoreDir(dirname(file), env);
}

/** A store's runs, or why they could not be read (hovers then say so and go on without them). */
export type RunsResult = { readonly ok: true; readonly runs: readonly HistoryRun[] } | { readonly ok: false; readonly message: string };

interface Entry {
  readonly store: RunStore;
  runs: Map<string, RunSummary> | undefined;
  /** The runs newest first, kept until a change: a hover must not sort 100,000 runs. */
  sorted: readonly RunSummary[] | undefined;
  loading: Promise<void> | undefined;
  /** Runs announced as changed since the last read; re-read on the next use. */
  readonly dirty: Set<string>;
  error: string | undefined;
}

/** Runs per store directory, refreshed lazily on the next request after a change. */
export class RunCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly onProblem: (storeDir: string, message: string) => void = () => undefined) {}

  /** Runs of the store at `storeDir`, newest first; never throws. */
  async runs(storeDir: string): Promise<RunsResult> {
    const entry = this.entry(storeDir);
    if (!entry.runs) {
      entry.loading ??= this.loadAll(entry, storeDir);
      await entry.loading;
    }
    if (entry.dirty.size > 0 && entry.runs) await this.refresh(entry);
    if (!entry.runs) return { ok: false, message: entry.error ?? 'the runs could not be read' };
    entry.sorted ??= [...entry.runs.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return { ok: true, runs: entry.sorted };
  }

  /** Runs of one experiment, newest first. */
  async runsOf(storeDir: string, experiment: string): Promise<RunsResult> {
    const all = await this.runs(storeDir);
    return all.ok ? { ok: true, runs: all.runs.filter((r) => r.experiment === experiment) } : all;
  }

  /** Marks runs as changed (null: every run, the store is re-listed on next use). */
  changed(storeDir: string, runIds: readonly string[] | null): void {
    const entry = this.entries.get(storeDir);
    if (!entry) return; // never read: nothing cached to refresh
    if (runIds === null) {
      entry.runs = undefined;
      entry.sorted = undefined;
      entry.loading = undefined;
      entry.dirty.clear();
    } else {
      for (const id of runIds) entry.dirty.add(id);
    }
  }

  /** Drops stores no longer named by any folder. */
  retain(storeDirs: ReadonlySet<string>): void {
    for (const dir of this.entries.keys()) if (!storeDirs.has(dir)) this.entries.delete(dir);
  }

  private entry(storeDir: string): Entry {
    let entry = this.entries.get(storeDir);
    if (!entry) {
      // The store's workspace root only matters for writing; the server only reads.
      const store = RunStore.open(storeDir, { storeDir, onWarning: () => undefined });
      entry = { store, runs: undefined, sorted: undefined, loading: undefined, dirty: new Set(), error: undefined };
      this.entries.set(storeDir, entry);
    }
    return entry;
  }

  private async loadAll(entry: Entry, storeDir: string): Promise<void> {
    entry.dirty.clear();
    try {
      const runs = await entry.store.listSummaries();
      entry.runs = new Map(runs.map((r) => [r.id, r]));
      entry.sorted = runs;
      entry.error = undefined;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // Reported once per distinct problem: every hover retries, the log should not repeat it.
      if (message !== entry.error) this.onProblem(storeDir, message);
      entry.error = message;
      entry.loading = undefined; // try again on the next request
    }
  }

  private async refresh(entry: Entry): Promise<void> {
    const ids = [...entry.dirty];
    entry.dirty.clear();
    const read = await Promise.all(ids.map(async (id) => [id, await entry.store.getRun(id).catch(() => undefined)] as const)); // a run deleted since it was announced reads as gone: it drops out of the cache
    for (const [id, run] of read) {
      if (run) entry.runs?.set(id, summarize(run));
      else entry.runs?.delete(id);
    }
    entry.sorted = undefined;
  }
}
