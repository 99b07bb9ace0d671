// The series behind the Runs Table's sparklines: read only for the rows the page shows (it asks
// for those in view), downsampled, and kept per run and metric until the run logs more values.
import { TERMINAL_STATUSES } from '../../core/model';
import { own } from '../../core/dict';
import { readRunSeries } from '../../core/series/read';
import { type RunSummary } from '../../core/store/summary';
import { type SparkSeries } from '../../protocol/runsTable';

/** Points a sparkline draws (a cell is ~120 px wide). */
export const SPARK_POINTS = 40;

/** Reads and caches sparkline series of one folder's runs. */
export class SparkSeriesCache {
  /** By `metric\0id`: the value count read and its points. */
  private readonly cache = new Map<string, { count: number; values: number[] }>();

  /** @param runDir the directory of a run, by id */
  constructor(private readonly runDir: (id: string) => string) {}

  /**
   * The series of `metric` for each of `runs` (their summaries say how many values each has; a
   * cached series is read again only when that count moved). A run without the metric, or whose
   * series cannot be read now (being deleted, mid-ingest), gets no points; asking again retries.
   */
  async read(metric: string, runs: readonly RunSummary[]): Promise<SparkSeries[]> {
    return Promise.all(runs.map(async (run) => {
      const count = own(run.metrics, metric)?.count ?? 0;
      if (count === 0) return { id: run.id, values: [] };
      const key = `${metric}\0${run.id}`;
      const cached = this.cache.get(key);
      if (cached?.count === count) return { id: run.id, values: cached.values };
      const terminal = TERMINAL_STATUSES.includes(run.status);
      // A series unreadable right now (run being deleted, ingest mid-write) draws no line; the page asks again later.
      const series = await readRunSeries(this.runDir(run.id), metric, { maxPoints: SPARK_POINTS, terminal }).catch(() => undefined);
      if (!series) return { id: run.id, values: [] };
      // JSON has no NaN or Infinity, and a line has no place for them: finite values only.
      const values = Array.from(series.values).filter(Number.isFinite);
      this.cache.set(key, { count, values });
      return { id: run.id, values };
    }));
  }

}
