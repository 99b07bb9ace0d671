// The page's model of one comparison: the snapshot's runs, metrics and params, the curves (kept up
// to date by live messages) and the view state the user chose. No DOM here; views read it.
import {
  type CompareRun, type CompareSnapshot, type CompareViewState, type MetricInfo, type RunChangedMessage,
} from '../../src/protocol/compare';
import { appendPoints, emptySeries, fromWire, type RunSeries } from './series';
import { type AppendPointsMessage } from '../../src/protocol/compare';

/** The view state of a page that has no snapshot yet. */
export const DEFAULT_VIEW: Omit<CompareViewState, 'folder' | 'ids' | 'baseline'> = {
  xAxis: 'step', smoothing: 0, logScale: false, onlyDiff: true, scatterParam: null, scatterMetric: null,
};

/** Everything the page shows. */
export class CompareModel {
  folder = '';
  runs: CompareRun[] = [];
  metrics: MetricInfo[] = [];
  params: string[] = [];
  differing: string[] = [];
  sweep = false;
  notes: string[] = [];
  maxPoints = 1000;
  /** metric → runId → series. */
  readonly series = new Map<string, Map<string, RunSeries>>();

  constructor(public view: CompareViewState) {}

  /** Takes a snapshot whole (the first one, or after runs were added or removed). */
  load(s: CompareSnapshot): void {
    this.folder = s.folder;
    this.runs = [...s.runs];
    this.metrics = [...s.metrics];
    this.params = [...s.params];
    this.differing = [...s.differing];
    this.sweep = s.sweep;
    this.notes = [...s.notes];
    this.maxPoints = s.maxPoints;
    this.series.clear();
    for (const w of s.series) this.seriesOf(w.metric).set(w.runId, fromWire(w));
    const keepBaseline = this.view.baseline !== null && this.runs.some((r) => r.id === this.view.baseline);
    this.view = { ...this.view, folder: s.folder, ids: this.runs.map((r) => r.id), baseline: keepBaseline ? this.view.baseline : s.baseline };
  }

  /** The series of one metric by run. */
  seriesOf(metric: string): Map<string, RunSeries> {
    let m = this.series.get(metric);
    if (!m) this.series.set(metric, (m = new Map<string, RunSeries>()));
    return m;
  }

  /** Adds a live run's points; returns the metrics whose curves changed. */
  append(m: AppendPointsMessage): string[] {
    if (!this.runs.some((r) => r.id === m.runId)) return [];
    const changed: string[] = [];
    for (const p of m.points) {
      const bySeries = this.seriesOf(p.metric);
      let s = bySeries.get(m.runId);
      if (!s) bySeries.set(m.runId, (s = emptySeries(m.runId, p.metric)));
      if (appendPoints(s, p, this.maxPoints) > 0) changed.push(p.metric);
    }
    return changed;
  }

  /** A run's record changed; returns whether the set of metrics changed. */
  update(m: RunChangedMessage): boolean {
    const i = this.runs.findIndex((r) => r.id === m.run.id);
    if (i < 0) return false;
    this.runs[i] = m.run;
    const before = this.metrics.map((x) => x.name).join('\n');
    this.metrics = [...m.metrics];
    return before !== this.metrics.map((x) => x.name).join('\n');
  }

  /** Runs that went away. */
  remove(ids: readonly string[]): void {
    this.runs = this.runs.filter((r) => !ids.includes(r.id));
    for (const bySeries of this.series.values()) for (const id of ids) bySeries.delete(id);
    this.view = { ...this.view, ids: this.runs.map((r) => r.id), baseline: this.runs.some((r) => r.id === this.view.baseline) ? this.view.baseline : (this.runs[0]?.id ?? null) };
  }

  /** The run by id. */
  run(id: string): CompareRun | undefined {
    return this.runs.find((r) => r.id === id);
  }

  /** The baseline run. */
  baseline(): CompareRun | undefined {
    return this.runs.find((r) => r.id === this.view.baseline) ?? this.runs[0];
  }

  /** The params the table shows: the differing ones by default, all when the user asks. */
  shownParams(): string[] {
    return this.view.onlyDiff ? this.differing : this.params;
  }

  /** The primary metric (the first metric when none is declared). */
  primaryMetric(): MetricInfo | undefined {
    return this.metrics.find((m) => m.primary) ?? this.metrics[0];
  }
}
