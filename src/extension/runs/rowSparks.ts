// The sparklines of the Runs view's rows: each run's primary metric read (downsampled) once per new
// value count and kept, so a redraw costs no file read unless the run logged since.
import { TERMINAL_STATUSES } from '../../core/model';
import { own } from '../../core/dict';
import { type RunSummary } from '../../core/store/summary';
import { readRunSeries } from '../../core/series/read';
import { sparkline } from '../../views/present/sparkline';
import { type FolderRuns } from './folderRuns';
import { currentSparkOptions, type SparkOptions } from './sparkSetting';

/** Rows per page whose sparklines are read before the page is shown. */
const SPARKLINES_AWAITED = 30;

/** Sparklines by run id, drawn with the current `runlens.runs.sparkline` options. */
export class RowSparks {
  private readonly sparks = new Map<string, { count: number; spark: string }>();
  private options: SparkOptions | undefined = currentSparkOptions();

  /** Whether sparklines are shown at all. */
  get enabled(): boolean {
    return this.options !== undefined;
  }

  /** A new style or theme: every cached sparkline is drawn again on the next load. */
  reset(): void {
    this.options = currentSparkOptions();
    this.sparks.clear();
  }

  /** The cached sparkline of a run ('' when none is known or sparklines are off). */
  of(id: string): string {
    return this.options ? this.sparks.get(id)?.spark ?? '' : '';
  }

  /** Reads the sparklines of `runs` whose primary metric got new values since the last read; returns their ids. */
  async load(folder: FolderRuns, runs: readonly RunSummary[]): Promise<string[]> {
    const spark = this.options;
    const drawn: string[] = [];
    if (!spark) return drawn;
    // Dots draw two values per character.
    const points = spark.style === 'dots' ? 2 * spark.width : spark.width;
    await Promise.all(runs.map(async (run) => {
      const metric = folder.goalOf(run).primary;
      const count = metric ? own(run.metrics, metric)?.count ?? 0 : 0;
      if (!metric || count === 0 || this.sparks.get(run.id)?.count === count) return;
      // Straight from the run's directory: the tree has the run's summary already, and the store's
      // readSeries would read its manifest (and check for a crash) for every row.
      const terminal = TERMINAL_STATUSES.includes(run.status);
      const series = await readRunSeries(folder.store.runDir(run.id), metric, { maxPoints: points, terminal }).catch(() => undefined); // a series unreadable right now (run being deleted, ingest mid-write) draws no sparkline; the next redraw retries
      if (this.options !== spark) return;
      this.sparks.set(run.id, { count, spark: series ? sparkline(series.values, spark.width, spark.style) : '' });
      drawn.push(run.id);
    }));
    return drawn;
  }

  /**
   * Reads the sparklines of a page's rows: the rows a sidebar shows at once before it resolves (a
   * first page of five groups would otherwise wait for 500 series reads), the rest after, calling
   * `redraw` with each run whose sparkline came later.
   */
  async loadPage(folder: FolderRuns, runs: readonly RunSummary[], redraw: (id: string) => void): Promise<void> {
    await this.load(folder, runs.slice(0, SPARKLINES_AWAITED));
    void this.load(folder, runs.slice(SPARKLINES_AWAITED)).then((drawn) => { for (const id of drawn) redraw(id); });
  }
}
