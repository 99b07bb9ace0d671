// Equal parts of the summaries a folder holds, kept once: runs of a sweep share their params, runs
// of a commit their code, runs of a data version their datasets, and most runs have no tags, no
// outputs. At 100,000 runs a part kept once instead of per run is megabytes of the host's heap.
import { type ParamValue } from '../../core/model';
import { type RunSummary, type SummaryCode, type SummaryDataset } from '../../core/store/summary';

/** Distinct values of one part kept for sharing; beyond it new values are held as they come. */
const DISTINCT_KEPT = 4096;

/** The parts of a summary that are shared (all replaced by equal values, never changed after). */
type Shareable = { -readonly [K in 'params' | 'tags' | 'code' | 'datasets' | 'outputs' | 'experiment' | 'status']: RunSummary[K] };

const NO_TAGS: readonly string[] = Object.freeze([]);
const NO_DATA: readonly SummaryDataset[] = Object.freeze([]);

/** One part's table: equal values (by their JSON) map to the first one seen. */
class Table<T> {
  private readonly seen = new Map<string, T>();

  constructor(private readonly cap: number) {}

  share(value: T): T {
    const key = JSON.stringify(value);
    const kept = this.seen.get(key);
    if (kept !== undefined) return kept;
    // Past the cap (every run of a random search has its own params) sharing would keep a key per run.
    if (this.seen.size < this.cap) this.seen.set(key, value);
    return value;
  }
}

/** The shared parts of one folder's summaries (dropped with the folder's whole listing). */
export class SharedParts {
  private readonly params: Table<Readonly<Record<string, ParamValue>>>;
  private readonly code: Table<SummaryCode>;
  private readonly datasets: Table<readonly SummaryDataset[]>;
  private readonly strings = new Map<string, string>();

  constructor(private readonly cap = DISTINCT_KEPT) {
    this.params = new Table(cap);
    this.code = new Table(cap);
    this.datasets = new Table(cap);
  }

  /**
   * Replaces `run`'s parts by equal ones held already, in place: the object keeps its shape (a
   * copy would lose the compact layout JSON.parse gives it and weigh more), and nothing reads a
   * summary's parts as its own (they are readonly everywhere).
   */
  share(run: RunSummary): RunSummary {
    const r = run as unknown as Shareable;
    if (r.tags === NO_TAGS && r.outputs === NO_DATA) return run; // shared already (a listing passed it through)
    r.status = this.string(r.status) as RunSummary['status'];
    if (r.experiment !== null) r.experiment = this.string(r.experiment);
    r.params = this.params.share(r.params);
    r.tags = r.tags.length === 0 ? NO_TAGS : r.tags;
    if (r.code) r.code = this.code.share(r.code);
    r.datasets = r.datasets.length === 0 ? NO_DATA : this.datasets.share(r.datasets);
    // Outputs differ from run to run (they are what a run made): only "none" is shared.
    if (r.outputs.length === 0) r.outputs = NO_DATA;
    return run;
  }

  private string(s: string): string {
    const kept = this.strings.get(s);
    if (kept !== undefined) return kept;
    if (this.strings.size < this.cap) this.strings.set(s, s);
    return s;
  }
}
