// Sorting runs for the Runs view: newest first (the default), by name, or by a metric's last value
// in either direction, with runs that lack the metric (or log a non-finite last value) last.
import { type ListedRun } from '../model';

/** How runs are ordered inside their group. */
export type RunSort =
  | { readonly by: 'newest' }
  | { readonly by: 'name' }
  | { readonly by: 'metric'; readonly metric: string; readonly direction: 'asc' | 'desc' };

/** The default order: newest first (run ids sort by creation time). */
export const NEWEST_FIRST: RunSort = { by: 'newest' };

function newestFirst(a: ListedRun, b: ListedRun): number {
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** A sorted copy of `runs`; ties keep the newest first. */
export function sortRuns<R extends ListedRun>(runs: readonly R[], sort: RunSort): R[] {
  return [...runs].sort(runComparator(sort));
}

/** The order of {@link sortRuns} as a comparator, for keeping a sorted list sorted one run at a time. */
export function runComparator(sort: RunSort): (a: ListedRun, b: ListedRun) => number {
  if (sort.by === 'newest') return newestFirst;
  if (sort.by === 'name') return (a, b) => collator.compare(a.name, b.name) || newestFirst(a, b);
  const sign = sort.direction === 'asc' ? 1 : -1;
  const valueOf = (r: ListedRun): number | undefined => {
    const v = Object.hasOwn(r.metrics, sort.metric) ? r.metrics[sort.metric]?.last : undefined;
    return v !== undefined && Number.isFinite(v) ? v : undefined;
  };
  return (a, b) => {
    const va = valueOf(a);
    const vb = valueOf(b);
    if (va === undefined || vb === undefined) return va === vb ? newestFirst(a, b) : va === undefined ? 1 : -1;
    return (va - vb) * sign || newestFirst(a, b);
  };
}

/** Every metric name logged by at least one of `runs`, alphabetically, with how many runs have it. */
export function metricNames(runs: readonly ListedRun[]): { name: string; runs: number }[] {
  const counts = new Map<string, number>();
  for (const r of runs) for (const name of Object.keys(r.metrics)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, n]) => ({ name, runs: n })).sort((a, b) => collator.compare(a.name, b.name));
}

/** A short label for a sort, e.g. "acc ↓" or "name". */
export function describeSort(sort: RunSort): string {
  if (sort.by === 'newest') return 'newest first';
  if (sort.by === 'name') return 'by name';
  return `by ${sort.metric} ${sort.direction === 'asc' ? '↑' : '↓'}`;
}

/**
 * Parses a sort typed by a person (`runlens ls --sort`): `newest`, `name`, or a metric name with an
 * optional `:asc` / `:desc` (default `desc`, largest first). A metric called `name` or `newest` is
 * written with its direction (`name:desc`). Throws a sentence for an empty key.
 */
export function parseSortKey(text: string, defaultDirection: 'asc' | 'desc' = 'desc'): RunSort {
  const key = text.trim();
  if (key === 'newest') return NEWEST_FIRST;
  if (key === 'name') return { by: 'name' };
  const m = /^(.*):(asc|desc)$/i.exec(key);
  const metric = m ? (m[1] ?? '') : key;
  if (metric === '') throw new Error(`"${text}" is not a sort key; use newest, name, or METRIC[:asc|desc]`);
  return { by: 'metric', metric, direction: m ? (m[2]?.toLowerCase() as 'asc' | 'desc') : defaultDirection };
}

/** Reads a stored sort back, falling back to newest first for anything unrecognised. */
export function asRunSort(value: unknown): RunSort {
  const v = value as { by?: unknown; metric?: unknown; direction?: unknown } | null | undefined;
  if (v?.by === 'name') return { by: 'name' };
  if (v?.by === 'metric' && typeof v.metric === 'string' && (v.direction === 'asc' || v.direction === 'desc')) {
    return { by: 'metric', metric: v.metric, direction: v.direction };
  }
  return NEWEST_FIRST;
}
