// System metrics: the `system/*` series the supervisor samples beside a run (CPU, memory, GPU).
// They are shown like any metric but never chosen as a run's primary metric and never judged by
// reproduce (a CPU load does not reproduce); this module is the one place that knows their names.

/** Every system metric's name starts with this. */
export const SYSTEM_METRIC_PREFIX = 'system/';

/** True for a metric the supervisor sampled (`system/cpu_percent`, `system/gpu0/memory_mb`, ...). */
export function isSystemMetric(name: string): boolean {
  return name.startsWith(SYSTEM_METRIC_PREFIX);
}

/** The metric names of the process tree's CPU and memory (docs/metrics-protocol.md). */
export const SYSTEM_METRICS = {
  cpuPercent: 'system/cpu_percent',
  memoryMb: 'system/memory_mb',
  memoryPercent: 'system/memory_percent',
} as const;

/** The metric names of GPU `index`. */
export function gpuMetricNames(index: number): { utilization: string; memoryMb: string; memoryPercent: string } {
  const base = `${SYSTEM_METRIC_PREFIX}gpu${index}/`;
  return { utilization: `${base}utilization_percent`, memoryMb: `${base}memory_mb`, memoryPercent: `${base}memory_percent` };
}

/** The first metric of `names` (sorted) that is not a system metric: the default primary metric. */
export function defaultPrimaryMetric(names: Iterable<string>): string | undefined {
  return [...names].filter((n) => !isSystemMetric(n)).sort()[0];
}

/** runlens.yaml's `systemMetrics:` (false, true, or `{ interval: SECONDS }`), normalised. */
export interface SystemMetricsSetting {
  readonly enabled: boolean;
  /** Seconds between samples; absent: the default. */
  readonly intervalS?: number;
}

/** Reads the `systemMetrics` value of a schema-valid config; undefined when absent. */
export function parseSystemMetricsSetting(raw: unknown): SystemMetricsSetting | undefined {
  if (typeof raw === 'boolean') return { enabled: raw };
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as { enabled?: unknown; interval?: unknown };
  return { enabled: r.enabled !== false, ...(typeof r.interval === 'number' ? { intervalS: r.interval } : {}) };
}
