// When a sweep's numeric param gets a log axis (parallel coordinates, scatter): when every value is
// positive and they span two decades or more (max/min >= 100), e.g. a learning rate 1e-4..1e-1.
// A linear axis would crowd all but the largest values at its bottom.

/** The ratio max/min from which an axis is logarithmic. */
export const LOG_AXIS_RATIO = 100;

/** True when `values` (non-finite ones ignored) are all > 0 and max/min >= 100. */
export function wantsLogAxis(values: readonly number[]): boolean {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2 || finite.some((v) => v <= 0)) return false;
  return Math.max(...finite) / Math.min(...finite) >= LOG_AXIS_RATIO;
}

/** Where `v` sits between `lo` and `hi` (0..1) on a log scale; all three must be > 0. */
export function logPosition(v: number, lo: number, hi: number): number {
  return hi === lo ? 0.5 : (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
}

/** The powers of ten between `lo` and `hi` (inclusive), e.g. 1e-4, 1e-3, …; the axis's ticks. */
export function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(lo) - 1e-9); e <= Math.floor(Math.log10(hi) + 1e-9); e++) out.push(Number(`1e${e}`));
  return out;
}
