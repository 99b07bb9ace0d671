// Parallel coordinates of a sweep, drawn on a canvas: one vertical axis per differing param and a
// last one for the primary metric; each run is a polyline in its colour (the baseline thicker).
// Numeric params get a linear axis (log when they span two decades), others one tick per value.
import { type CompareRun, type WireParam } from '../../src/protocol/compare';
import { type ChartTheme } from './chartSetup';
import { formatNumber, lastOf, statsOf } from './deltas';
import { decades, logPosition, wantsLogAxis } from './logAxis';

/** One axis: a label and where each run sits on it (0 = bottom, 1 = top; null = missing). */
export interface ParallelAxis {
  readonly label: string;
  readonly ticks: readonly { readonly at: number; readonly text: string }[];
  readonly position: (run: CompareRun) => number | null;
}

function paramAxis(runs: readonly CompareRun[], name: string): ParallelAxis {
  const values = runs.map((r) => (Object.prototype.hasOwnProperty.call(r.params, name) ? r.params[name] : undefined));
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (numbers.length === values.filter((v) => v !== undefined && v !== null).length && numbers.length > 0) {
    const lo = Math.min(...numbers);
    const hi = Math.max(...numbers);
    const log = wantsLogAxis(numbers);
    const at = (v: number): number => (log ? logPosition(v, lo, hi) : hi === lo ? 0.5 : (v - lo) / (hi - lo));
    const ticks = log ? decades(lo, hi).map((d) => ({ at: at(d), text: formatNumber(d) })) : [{ at: 0, text: formatNumber(lo) }, { at: 1, text: formatNumber(hi) }];
    // The label says so: a log axis read as linear misleads.
    return { label: log ? `${name} (log)` : name, ticks,
      position: (r) => { const v = r.params[name]; return typeof v === 'number' && Number.isFinite(v) ? at(v) : null; } };
  }
  const key = (v: WireParam | undefined): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  const distinct = [...new Set(values.filter((v) => v !== undefined).map(key))].sort();
  const at = (i: number): number => (distinct.length === 1 ? 0.5 : i / (distinct.length - 1));
  return { label: name, ticks: distinct.map((text, i) => ({ at: at(i), text })),
    position: (r) => { const i = distinct.indexOf(key(Object.prototype.hasOwnProperty.call(r.params, name) ? r.params[name] : undefined)); return i < 0 ? null : at(i); } };
}

function metricAxis(runs: readonly CompareRun[], metric: string): ParallelAxis {
  const valueOf = (r: CompareRun): number | null => statsOf(r, metric)?.best ?? lastOf(r, metric);
  const values = runs.map(valueOf).filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  return { label: metric, ticks: [{ at: 0, text: formatNumber(lo) }, { at: 1, text: formatNumber(hi) }],
    position: (r) => { const v = valueOf(r); return v === null || !Number.isFinite(v) ? null : hi === lo ? 0.5 : (v - lo) / (hi - lo); } };
}

/** The axes for `params` → `metric`. */
export function parallelAxes(runs: readonly CompareRun[], params: readonly string[], metric: string | undefined): ParallelAxis[] {
  return [...params.map((p) => paramAxis(runs, p)), ...(metric ? [metricAxis(runs, metric)] : [])];
}

/** Draws the plot into `canvas` at its CSS size (sharp on high-DPI screens). */
export function drawParallel(canvas: HTMLCanvasElement, runs: readonly CompareRun[], axes: readonly ParallelAxis[], baseline: string | undefined, theme: ChartTheme): void {
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 600;
  const height = canvas.clientHeight || 260;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.scale(dpr, dpr);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, height);
  if (axes.length < 2) return;
  const top = 34;
  const bottom = height - 24;
  const left = 60;
  const right = width - 60;
  const xOf = (i: number): number => left + ((right - left) * i) / (axes.length - 1);
  const yOf = (at: number): number => bottom - (bottom - top) * at;
  ctx.lineJoin = 'round';
  for (const run of [...runs].sort((a, b) => Number(a.id === baseline) - Number(b.id === baseline))) {
    ctx.strokeStyle = run.color;
    ctx.globalAlpha = runs.length > 50 ? 0.45 : 0.8;
    ctx.lineWidth = run.id === baseline ? 3 : 1.5;
    ctx.beginPath();
    let pen = false;
    axes.forEach((axis, i) => {
      const at = axis.position(run);
      if (at === null) { pen = false; return; }
      if (pen) ctx.lineTo(xOf(i), yOf(at));
      else ctx.moveTo(xOf(i), yOf(at));
      pen = true;
    });
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  ctx.font = `12px ${theme.font}`;
  ctx.textAlign = 'center';
  axes.forEach((axis, i) => {
    const x = xOf(i);
    ctx.strokeStyle = theme.muted;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.fillStyle = theme.foreground;
    ctx.fillText(axis.label, x, top - 16, (right - left) / Math.max(1, axes.length - 1) - 6);
    ctx.fillStyle = theme.muted;
    const ticks = axis.ticks.length > 12 ? [axis.ticks[0], axis.ticks[axis.ticks.length - 1]] : axis.ticks;
    for (const tick of ticks) {
      if (!tick) continue;
      ctx.textAlign = i === axes.length - 1 ? 'left' : 'right';
      ctx.fillText(tick.text, x + (i === axes.length - 1 ? 6 : -6), yOf(tick.at) + 4, 54);
    }
    ctx.textAlign = 'center';
  });
}
