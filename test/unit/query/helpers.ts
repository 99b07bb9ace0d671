// A run manifest for the query tests, built from the few fields a test cares about.
import { type MetricSummary, type ParamValue, type RunManifest } from '../../../src/core/model';

/** Shorthand for a metric summary whose last value is `last`. */
export function metric(last: number, min: number | null = last, max: number | null = last, count = 1): MetricSummary {
  return { count, last, lastStep: count - 1, min, max, nonFinite: Number.isFinite(last) ? 0 : 1 };
}

/** A finished run with the given overrides; `metrics` map names to last values or full summaries. */
export function run(id: string, o: {
  name?: string; experiment?: string | null; status?: RunManifest['status']; tags?: string[]; note?: string;
  params?: Record<string, ParamValue>; metrics?: Record<string, number | MetricSummary>;
} = {}): RunManifest {
  const metrics = Object.fromEntries(Object.entries(o.metrics ?? {}).map(([k, v]) => [k, typeof v === 'number' ? metric(v) : v]));
  return {
    format: 1, id, name: o.name ?? `run-${id}`, experiment: o.experiment === undefined ? 'train' : o.experiment,
    command: ['python', 'train.py'], shell: false, cwd: '/ws', params: o.params ?? {}, env: {},
    status: o.status ?? 'finished', createdAt: '2024-01-01T00:00:00.000Z', startedAt: null, endedAt: null,
    exitCode: 0, signal: null, error: null, process: null, versions: {}, metrics, badMetricLines: 0,
    tags: o.tags ?? [], starred: false, note: o.note ?? '', code: null, data: null, reproducedFrom: null,
  };
}
