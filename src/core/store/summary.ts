// The compact summary of a run that listings hand out (`RunStore.listSummaries`, `runlens ls`, the
// Runs view and table): everything a row shows, filters or sorts on, without the run's full manifest.
import { isRunStatus, type MetricSummary, type ParamValue, type ReproduceVerdict, type RunManifest, type RunStatus } from '../model';
import { toMetricValue } from '../metrics/record';

/** A dataset or output of a summary: its spec and its content hash (full SHA-256). */
export interface SummaryDataset {
  readonly spec: string;
  readonly hash: string;
}

/** The run's code as a summary shows it. */
export interface SummaryCode {
  readonly commit: string | null;
  readonly branch: string | null;
  readonly dirty: boolean;
}

/**
 * One run as listings see it: identity, status and times, params, metric summaries (last, min, max,
 * count: the best value of a metric is its min or max by the metric's goal), user edits, code and
 * data links (hashes only) and a reproduction's origin and verdict. Field names and types are those
 * of {@link RunManifest}, so filter and sort (src/core/query) take either.
 */
export interface RunSummary {
  readonly id: string;
  readonly status: RunStatus;
  readonly name: string;
  readonly experiment: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly exitCode: number | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly metrics: Readonly<Record<string, MetricSummary>>;
  readonly tags: readonly string[];
  readonly starred: boolean;
  readonly note: string;
  readonly code: SummaryCode | null;
  readonly datasets: readonly SummaryDataset[];
  readonly outputs: readonly SummaryDataset[];
  readonly reproducedFrom: string | null;
  readonly verdict?: ReproduceVerdict;
  /** A pulled run's origin (who, which host, which remote); absent on the workspace's own runs. */
  readonly origin?: SummaryOrigin;
  /** A run submitted to Slurm: its submission and task (kept after it ends: requeue and reruns need it). */
  readonly slurm?: { readonly submission: string; readonly task: number };
}

/** A pulled run's origin as listings show it. */
export interface SummaryOrigin {
  readonly author: string;
  readonly email: string;
  readonly host: string | null;
  readonly remote: string;
}

/** The summary of a manifest (a new object; the manifest can be dropped afterwards). */
export function summarize(m: RunManifest): RunSummary {
  const data = (list: readonly { spec: string; hash: string }[] | undefined): SummaryDataset[] => (list ?? []).map((d) => ({ spec: d.spec, hash: d.hash }));
  return {
    // id and status first: the index finds a record's run and status at fixed offsets (store/index-file.ts).
    id: m.id, status: m.status, name: m.name, experiment: m.experiment, createdAt: m.createdAt, startedAt: m.startedAt,
    endedAt: m.endedAt, exitCode: m.exitCode, params: m.params, metrics: m.metrics, tags: m.tags, starred: m.starred, note: m.note,
    code: m.code ? { commit: m.code.commit, branch: m.code.branch, dirty: m.code.dirty } : null,
    datasets: data(m.data?.datasets), outputs: data(m.data?.outputs), reproducedFrom: m.reproducedFrom,
    ...(m.verdict ? { verdict: m.verdict } : {}),
    ...(m.origin ? { origin: { author: m.origin.author, email: m.origin.email, host: m.origin.host, remote: m.origin.remote } } : {}),
    ...(m.slurm ? { slurm: { submission: m.slurm.submission, task: m.slurm.task } } : {}),
  };
}

/** A run as a summary: a manifest summarized, a summary as it is (a listing may hold either). */
export function asSummary(run: RunManifest | RunSummary): RunSummary {
  return 'format' in run ? summarize(run) : run;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isTextOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const isDataList = (v: unknown): boolean => Array.isArray(v) && v.every((d) => isObject(d) && isText(d.spec) && isText(d.hash));

/**
 * Checks a summary read back from the index; undefined when it is not one (a damaged index). Turns
 * the strings "NaN"/"Infinity"/"-Infinity" of `last` back into numbers.
 */
export function parseSummary(raw: unknown): RunSummary | undefined {
  if (!isObject(raw)) return undefined;
  const s = raw;
  if (!isText(s.id) || !isText(s.name) || !isRunStatus(s.status) || !isText(s.createdAt)) return undefined;
  if (!isTextOrNull(s.experiment) || !isTextOrNull(s.startedAt) || !isTextOrNull(s.endedAt) || !isTextOrNull(s.reproducedFrom)) return undefined;
  if (!isObject(s.params) || !isObject(s.metrics) || !Array.isArray(s.tags) || !s.tags.every(isText)) return undefined;
  if (typeof s.starred !== 'boolean' || !isText(s.note) || !isDataList(s.datasets) || !isDataList(s.outputs)) return undefined;
  if (s.code !== null && !(isObject(s.code) && isTextOrNull(s.code.commit) && isTextOrNull(s.code.branch) && typeof s.code.dirty === 'boolean')) return undefined;
  if (s.exitCode !== null && typeof s.exitCode !== 'number') return undefined;
  if (s.verdict !== undefined && s.verdict !== 'reproduced' && s.verdict !== 'diverged') return undefined;
  if (s.origin !== undefined && !(isObject(s.origin) && isText(s.origin.author) && isText(s.origin.email) && isTextOrNull(s.origin.host) && isText(s.origin.remote))) return undefined;
  if (s.slurm !== undefined && !(isObject(s.slurm) && isText(s.slurm.submission) && typeof s.slurm.task === 'number')) return undefined;
  for (const summary of Object.values(s.metrics)) {
    if (!isObject(summary)) return undefined;
    if (typeof summary.last === 'string') summary.last = toMetricValue(summary.last) ?? NaN;
  }
  return s as unknown as RunSummary;
}
