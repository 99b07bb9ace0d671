// A run's curve in the page: decoded from the snapshot's Float32 columns, grown by live points
// (halved into min/max buckets when it passes twice its budget), placed on the x axis the user
// chose, aligned across runs for the tooltip and smoothed like TensorBoard. No DOM here.
import { type AppendedPoints, fromWireNumber, type WireSeries, type XAxisMode } from '../../src/protocol/compare';

/** One run's series of one metric; `time` in ms since the epoch. */
export interface RunSeries {
  readonly runId: string;
  readonly metric: string;
  total: number;
  step: number[];
  time: number[];
  value: number[];
  /** Per-bucket extremes, or null while every point is its own bucket. */
  min: number[] | null;
  max: number[] | null;
}

/** Decodes base64 little-endian Float32 (the host's encodeFloat32). */
export function decodeFloat32(base64: string): number[] {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  const out = new Array<number>(bytes.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** The page's form of a snapshot series. */
export function fromWire(w: WireSeries): RunSeries {
  const rel = decodeFloat32(w.time);
  return {
    runId: w.runId, metric: w.metric, total: w.total,
    step: decodeFloat32(w.step), time: rel.map((s) => w.t0 + s * 1000), value: decodeFloat32(w.value),
    min: w.min === null ? null : decodeFloat32(w.min), max: w.max === null ? null : decodeFloat32(w.max),
  };
}

/** An empty series (a metric a live run starts logging after the snapshot). */
export function emptySeries(runId: string, metric: string): RunSeries {
  return { runId, metric, total: 0, step: [], time: [], value: [], min: null, max: null };
}

/**
 * Appends live points, skipping those the snapshot already holds (the host follows a run from
 * just before it read the series), and halves the series once it holds more than 2 × `maxPoints`.
 */
export function appendPoints(s: RunSeries, p: AppendedPoints, maxPoints: number): number {
  let added = 0;
  for (let i = 0; i < p.time.length; i++) {
    const t = p.time[i] as number;
    const step = p.step[i] ?? NaN;
    const n = s.time.length;
    const lastT = n > 0 ? (s.time[n - 1] as number) : -Infinity;
    const lastStep = n > 0 ? (s.step[n - 1] as number) : NaN;
    // Float32 times lose a few ms: a point no later than the last one (within 2 ms) at a step not after it is a repeat.
    if (t < lastT - 2 || (Math.abs(t - lastT) <= 2 && !(step > lastStep))) continue;
    const v = fromWireNumber(p.value[i] ?? 'NaN');
    s.step.push(step);
    s.time.push(t);
    s.value.push(v);
    s.min?.push(v);
    s.max?.push(v);
    s.total++;
    added++;
  }
  if (s.value.length > 2 * maxPoints) halve(s);
  return added;
}

/** Merges neighbouring pairs into one bucket (last point's step, time and value; min and max of both). */
export function halve(s: RunSeries): void {
  const n = Math.floor(s.value.length / 2);
  const lo = s.min ?? s.value;
  const hi = s.max ?? s.value;
  const pick = (xs: number[], i: number): number => xs[Math.min(2 * i + 1, xs.length - 1)] as number;
  const min: number[] = [];
  const max: number[] = [];
  for (let i = 0; i < n; i++) {
    min.push(minOf(lo[2 * i] as number, lo[2 * i + 1] as number));
    max.push(maxOf(hi[2 * i] as number, hi[2 * i + 1] as number));
  }
  s.step = Array.from({ length: n }, (_, i) => pick(s.step, i));
  s.time = Array.from({ length: n }, (_, i) => pick(s.time, i));
  s.value = Array.from({ length: n }, (_, i) => pick(s.value, i));
  s.min = min;
  s.max = max;
}

const minOf = (a: number, b: number): number => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b));
const maxOf = (a: number, b: number): number => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b));

/**
 * The x of every point: its step (its index when the writer gave none), its wall-clock time in ms,
 * or seconds since `startedAt` (the run's start; its first point when unknown).
 */
export function xValues(s: RunSeries, mode: XAxisMode, startedAt: number | null): number[] {
  if (mode === 'step') return s.step.map((st, i) => (Number.isNaN(st) ? i : st));
  if (mode === 'time') return s.time.slice();
  const origin = startedAt ?? s.time[0] ?? 0;
  return s.time.map((t) => (t - origin) / 1000);
}

/** Index of the x nearest to `x` in ascending `xs` (binary search); -1 when empty. */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs((xs[lo - 1] as number) - x) <= Math.abs((xs[lo] as number) - x)) return lo - 1;
  return lo;
}

/** One run's value at an x, as the tooltip lists it. */
export interface AlignedValue {
  readonly runId: string;
  readonly x: number;
  readonly value: number;
  readonly index: number;
}

/**
 * Every run's point nearest to `x` on the chosen axis: what each run had at that step or time.
 * A run whose curve ends before `x` (or starts after it) by more than `tolerance` is left out.
 */
export function alignAt(series: readonly RunSeries[], mode: XAxisMode, x: number, startedAt: (runId: string) => number | null, tolerance = Infinity): AlignedValue[] {
  const out: AlignedValue[] = [];
  for (const s of series) {
    const xs = xValues(s, mode, startedAt(s.runId));
    const i = nearestIndex(xs, x);
    if (i < 0 || Math.abs((xs[i] as number) - x) > tolerance) continue;
    out.push({ runId: s.runId, x: xs[i] as number, value: s.value[i] as number, index: i });
  }
  return out;
}

/**
 * Exponential moving average with TensorBoard's debiasing (the first points are not pulled towards
 * zero). Non-finite values pass through unsmoothed and do not disturb the average.
 */
export function ema(values: readonly number[], weight: number): number[] {
  if (!(weight > 0)) return values.slice();
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    n++;
    return last / (1 - Math.pow(weight, n));
  });
}
