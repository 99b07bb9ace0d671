// Builds the Compare view's snapshot from run manifests and their series: params and which differ,
// each metric's goal and per-run summary, and every run's curves downsampled to a point budget per
// chart (1,000 per series at most; fewer when many runs share a chart) so 200 runs fit in 2 MB.
import { type CompareRun, type CompareSnapshot, type MetricInfo, type RunMetricStats, toWireNumber, type WireSeries } from '../../protocol/compare';
import { type RunManifest } from '../../core/model';
import { type Series } from '../../core/series/downsample';
import { bestOf, type DeclaredGoal, goalOfMetric } from '../../core/compare/metricGoals';
import { diffParamsAcross, looksLikeSweep } from '../../core/compare/paramDiff';
import { toWireSeries } from './wireSeries';
import { reproducesBadge } from '../reproduction';

/** Most points of one series in the payload. */
export const MAX_POINTS_PER_SERIES = 1000;
/** Points one chart may hold across all its runs; below 1,000 per run once more than 10 runs share it. */
export const POINTS_PER_CHART = 10_000;
/** Fewest points a series is cut to, however many runs. */
export const MIN_POINTS_PER_SERIES = 40;

/** Colours by position (Tableau 10: distinct in light and dark themes), then golden-angle hues. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** The colour of the run at `index` of a comparison (the same index always gets the same colour). */
export function colorAt(index: number): string {
  const fixed = PALETTE[index];
  if (fixed) return fixed;
  const hue = Math.round((index * 137.508) % 360);
  return hslToHex(hue, 0.55, 0.55);
}

function hslToHex(h: number, s: number, l: number): string {
  const f = (n: number): string => {
    const k = (n + h / 30) % 12;
    const c = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** Points per series for a chart of `runs` runs. */
export function pointsPerSeries(runs: number): number {
  return Math.max(MIN_POINTS_PER_SERIES, Math.min(MAX_POINTS_PER_SERIES, Math.floor(POINTS_PER_CHART / Math.max(1, runs))));
}

/** What the builder needs besides the manifests. */
export interface PayloadInput {
  readonly folder: string;
  /** The runs in the order the view shows them (the first is the default baseline). */
  readonly runs: readonly RunManifest[];
  readonly baseline: string | null;
  /** The primary metric and goal of the runs' experiment. */
  readonly declared: DeclaredGoal | undefined;
  /** Reads a run's series of the given metrics, each downsampled to its `maxPoints`, in that order (see readRunMetrics). */
  readonly readRun: (run: RunManifest, wanted: readonly { metric: string; maxPoints: number }[]) => Promise<Series[]>;
  /** Notes from the caller (runs that could not be found). */
  readonly notes?: readonly string[];
  /** Parallel reads. */
  readonly concurrency?: number;
  /** Names runs outside the comparison (a reproduction's original). */
  readonly nameOf?: (id: string) => string | undefined;
}

/** The metrics of the comparison, sorted, the primary one first. */
export function metricInfos(runs: readonly RunManifest[], declared: DeclaredGoal | undefined): MetricInfo[] {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const primary = declared?.primary;
  names.sort((a, b) => (a === primary ? -1 : b === primary ? 1 : 0));
  return names.map((name) => ({ name, goal: goalOfMetric(name, declared), primary: name === primary }));
}

/** The wire form of one run (its metric summaries judged by `metrics`' goals). */
export function compareRunOf(run: RunManifest, index: number, metrics: readonly MetricInfo[], nameOf: (id: string) => string | undefined = () => undefined): CompareRun {
  const stats: RunMetricStats[] = [];
  for (const info of metrics) {
    const s = Object.prototype.hasOwnProperty.call(run.metrics, info.name) ? run.metrics[info.name] : undefined;
    if (!s) continue;
    stats.push({ metric: info.name, last: toWireNumber(s.last), best: bestOf(s, info.goal), min: s.min, max: s.max, count: s.count });
  }
  const started = run.startedAt ? Date.parse(run.startedAt) : NaN;
  return {
    id: run.id, name: run.name, status: run.status, experiment: run.experiment, color: colorAt(index),
    startedAt: Number.isFinite(started) ? started : null, params: { ...run.params }, stats,
    code: run.code ? { commit: run.code.commit, branch: run.code.branch, dirty: run.code.dirty, snapshot: run.code.dirty ? run.code.snapshot?.commit ?? null : null } : null,
    data: [
      ...(run.data?.datasets ?? []).map((d) => ({ kind: 'dataset' as const, spec: d.spec, hash: d.hash })),
      ...(run.data?.outputs ?? []).map((d) => ({ kind: 'output' as const, spec: d.spec, hash: d.hash })),
    ],
    ...(run.reproducedFrom ? { reproduces: reproducesBadge(run, nameOf) } : {}),
  };
}

/** Builds the snapshot; a series that cannot be read becomes a note, never a failure. */
export async function buildComparePayload(input: PayloadInput): Promise<CompareSnapshot> {
  const { runs } = input;
  const diff = diffParamsAcross(runs);
  const metrics = metricInfos(runs, input.declared);
  const notes = [...(input.notes ?? [])];
  const logged = (r: RunManifest, metric: string): boolean => Object.prototype.hasOwnProperty.call(r.metrics, metric) && (r.metrics[metric]?.count ?? 0) > 0;
  const budget = new Map(metrics.map((m) => [m.name, pointsPerSeries(runs.filter((r) => logged(r, m.name)).length)]));
  const jobs = runs.map((run) => ({ run, wanted: metrics.filter((m) => logged(run, m.name)).map((m) => ({ metric: m.name, maxPoints: budget.get(m.name) ?? MAX_POINTS_PER_SERIES })) }));
  const perRun = new Array<WireSeries[] | undefined>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i];
      if (!job || job.wanted.length === 0) continue;
      try {
        perRun[i] = (await input.readRun(job.run, job.wanted)).map((s) => toWireSeries(job.run.id, s));
      } catch (e) {
        notes.push(`The curves of ${job.run.name} could not be read: ${(e as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency ?? 8) }, worker));
  const baseline = input.baseline !== null && runs.some((r) => r.id === input.baseline) ? input.baseline : (runs[0]?.id ?? null);
  return {
    type: 'snapshot', folder: input.folder,
    runs: runs.map((r, i) => compareRunOf(r, i, metrics, (id) => runs.find((o) => o.id === id)?.name ?? input.nameOf?.(id))),
    baseline, metrics, params: diff.names, differing: diff.differing,
    series: perRun.flatMap((s) => s ?? []),
    maxPoints: pointsPerSeries(runs.length),
    sweep: looksLikeSweep(runs, diff), notes,
  };
}
