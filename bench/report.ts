// Shared printing for `npm run bench`: every figure is shown beside the baseline measured in the
// same run and the target it must meet, so a reader never compares against numbers from elsewhere.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One measured figure, its peer measured in the same run, and the target it must meet. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The peer or baseline measured in the same run, when there is one. */
  readonly baseline?: { readonly name: string; readonly value: number };
  /** Human-readable target, e.g. "<= 300 ms" or ">= 80% of tee". */
  readonly target: string;
  readonly pass: boolean;
}

// Each bench file is its own bundle with its own copy of this module, so the list of figures
// lives on globalThis where the runner (bench/index.ts) and every bench module see the same one.
const registry = globalThis as { __runlensBenchFigures?: Figure[] };
const results: Figure[] = (registry.__runlensBenchFigures ??= []);

/** Records and prints one figure. */
export function report(figure: Figure): void {
  results.push(figure);
  const base = figure.baseline
    ? `  | ${figure.baseline.name}: ${fmt(figure.baseline.value)} ${figure.unit} (ratio ${fmt(figure.value / figure.baseline.value)})`
    : '';
  console.log(`${figure.pass ? 'ok  ' : 'MISS'} ${figure.name}: ${fmt(figure.value)} ${figure.unit}${base}  | target ${figure.target}`);
}

/** All figures reported so far (for the summary table). */
export function reported(): readonly Figure[] {
  return results;
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/** Times `fn` `runs` times after one warm-up and returns the median in milliseconds. */
export async function timeMedian(runs: number, fn: () => unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

/** The repository's root (where esbuild.mjs is), found upwards from the bench bundle. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'esbuild.mjs'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repo root not found');
    dir = parent;
  }
  return dir;
}
