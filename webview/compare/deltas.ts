// Reading metric summaries against the baseline: the delta of each run and whether it is better
// or worse by the metric's goal, and which run is best. No DOM here.
import { fromWireNumber, type CompareRun, type Goal, type RunMetricStats } from '../../src/protocol/compare';

/** A run's difference to the baseline for one value. */
export interface Delta {
  /** value − baseline; null when either is missing or non-finite. */
  readonly delta: number | null;
  /** null: no goal, no delta, or the run is the baseline. */
  readonly verdict: 'better' | 'worse' | 'same' | null;
}

/** The delta of `value` to `base` judged by `goal` (lower is better for 'min'). */
export function deltaOf(value: number | null, base: number | null, goal: Goal | null): Delta {
  if (value === null || base === null || !Number.isFinite(value) || !Number.isFinite(base)) return { delta: null, verdict: null };
  const delta = value - base;
  if (goal === null) return { delta, verdict: null };
  if (delta === 0) return { delta, verdict: 'same' };
  return { delta, verdict: (goal === 'min') === delta < 0 ? 'better' : 'worse' };
}

/** A run's stats of `metric`, if it logged it. */
export function statsOf(run: CompareRun, metric: string): RunMetricStats | undefined {
  return run.stats.find((s) => s.metric === metric);
}

/** The last value of a run's metric as a number (NaN and ±Infinity included), or null. */
export function lastOf(run: CompareRun, metric: string): number | null {
  const s = statsOf(run, metric);
  return s ? fromWireNumber(s.last) : null;
}

/** The id of the run with the best `best` value by `goal`; null without a goal or any value. Ties go to the first. */
export function bestRun(runs: readonly CompareRun[], metric: string, goal: Goal | null): string | null {
  if (goal === null) return null;
  let best: { id: string; v: number } | null = null;
  for (const run of runs) {
    const v = statsOf(run, metric)?.best;
    if (v === undefined || v === null || !Number.isFinite(v)) continue;
    if (!best || (goal === 'min' ? v < best.v : v > best.v)) best = { id: run.id, v };
  }
  return best?.id ?? null;
}

/** A number for a table cell: up to 4 significant digits, exponent for very small or large ones. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return v.toExponential(3);
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

/** A delta with its sign (+0.12, −0.05). */
export function formatDelta(d: number): string {
  return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${formatNumber(Math.abs(d))}`;
}
