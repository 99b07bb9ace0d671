// The runs a folder holds for its views: every run's summary by id, which of them are live (queued,
// running) and the newest-first order, kept current one run at a time. No vscode: the Runs view,
// the Runs Table, the status bar and the commands all ask it through FolderRuns.
import { TERMINAL_STATUSES } from '../../core/model';
import { type RunSummary } from '../../core/store/summary';
import { SharedParts } from './sharedParts';

const newestFirst = (a: RunSummary, b: RunSummary): number => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Every run's summary by id, with the live runs and the newest-first order at hand. */
export class HeldRuns {
  private runs = new Map<string, RunSummary>();
  /** Ids of runs not in a terminal status (the status bar's count walks these, not the store). */
  private readonly live = new Set<string>();
  /** The runs newest first, rebuilt on the first ask after a change. */
  private sorted: RunSummary[] | undefined;
  /** Equal params, code, datasets... kept once (sharedParts.ts). */
  private shared = new SharedParts();

  /** How many runs are held. */
  get size(): number {
    return this.runs.size;
  }

  /** The summary of run `id`. */
  get(id: string): RunSummary | undefined {
    return this.runs.get(id);
  }

  /** Whether run `id` is held. */
  has(id: string): boolean {
    return this.runs.has(id);
  }

  /** Holds `run` (replacing its earlier summary); its equal parts are shared with other runs' (in place). */
  set(run: RunSummary): void {
    this.runs.set(run.id, this.shared.share(run));
    if (TERMINAL_STATUSES.includes(run.status)) this.live.delete(run.id);
    else this.live.add(run.id);
    this.sorted = undefined;
  }

  /** Lets run `id` go. */
  delete(id: string): void {
    this.runs.delete(id);
    this.live.delete(id);
    this.sorted = undefined;
  }

  /**
   * Holds exactly `runs` (a whole listing), in place of everything held before. `parts` are those
   * the listing shared its runs' parts through as it read them (a pass over 100,000 runs between
   * turns of the event loop, not here in one block); without them the runs' parts are shared now.
   */
  replaceAll(runs: readonly RunSummary[], parts?: SharedParts): void {
    this.runs = new Map();
    this.shared = parts ?? new SharedParts();
    this.live.clear();
    for (const r of runs) this.set(r);
  }

  /** Every run newest first (a copy the caller may keep). */
  newestFirst(): RunSummary[] {
    // Mostly in order already (new runs come last): the sort is close to one pass even at 100,000.
    this.sorted ??= [...this.runs.values()].sort(newestFirst);
    return this.sorted.slice();
  }

  /** The runs not in a terminal status (queued, running), newest first. */
  liveRuns(): RunSummary[] {
    return [...this.live].sort().reverse().map((id) => this.runs.get(id)).filter((r): r is RunSummary => r !== undefined);
  }

  /** The run called `name` (names are unique regardless of case), if any. */
  findByName(name: string): RunSummary | undefined {
    const key = name.toLowerCase();
    for (const run of this.runs.values()) if (run.name.toLowerCase() === key) return run;
    return undefined;
  }
}
