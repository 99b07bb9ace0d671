// How a sweep's tasks become job arrays: one `sbatch --array=0-N%C` when the cluster allows it, split
// into several arrays when the sweep exceeds MaxArraySize or MaxJobCount (read from `scontrol show config`).
import { type ClusterLimits } from './commands';

/** One job array of a submission: tasks `first` .. `first + count - 1` as array indices 0 .. count-1. */
export interface ArrayChunk {
  readonly first: number;
  readonly count: number;
}

/** A sweep larger than the cluster will hold at once. */
export class ArrayLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArrayLimitError';
  }
}

/**
 * Splits `tasks` into arrays whose indices stay below MaxArraySize; the whole must fit in
 * MaxJobCount (every array task counts as a job in the controller).
 */
export function splitIntoArrays(tasks: number, limits: ClusterLimits): ArrayChunk[] {
  if (tasks > limits.maxJobCount) {
    throw new ArrayLimitError(`${tasks} tasks exceed the cluster's MaxJobCount of ${limits.maxJobCount}: submit the sweep in parts (fewer points per sweep)`);
  }
  const size = Math.max(1, limits.maxArraySize);
  const chunks: ArrayChunk[] = [];
  for (let first = 0; first < tasks; first += size) chunks.push({ first, count: Math.min(size, tasks - first) });
  return chunks;
}

/** The `--array` value of a chunk: `0-(count-1)`, with `%C` when at most C may run at once. */
export function arraySpec(chunk: ArrayChunk, concurrency: number | null): string {
  const range = chunk.count === 1 ? '0' : `0-${chunk.count - 1}`;
  return concurrency !== null && concurrency > 0 ? `${range}%${concurrency}` : range;
}

/** Compresses task indices into `--array` ranges (`0-3,7,9-10`) for resubmitting some of them. */
export function indexRanges(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
