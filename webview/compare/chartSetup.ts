// chart.js for the Compare view: only the parts it uses are registered, colours come from the
// VS Code theme, the tooltip lists every run's value at the hovered x ("eachRun" mode), and the x
// axis zooms (Ctrl/⌘+wheel, +/−) and pans (drag, ←/→) by hand-written handlers.
import {
  Chart, Filler, Interaction, type InteractionItem, type InteractionModeFunction, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, ScatterController, Tooltip, type Plugin,
} from 'chart.js';
import { getRelativePosition } from 'chart.js/helpers';
import { type XAxisMode } from '../../src/protocol/compare';
import { nearestIndex } from './series';

declare module 'chart.js' {
  interface InteractionModeMap {
    eachRun: InteractionModeFunction;
  }
}

/** Most runs the tooltip lists (those nearest the pointer); the footer counts the rest. */
export const TOOLTIP_RUNS = 12;

/** A dataset's role: a run's line, its unsmoothed line, or the min/max band around it. */
export type DatasetKind = 'line' | 'raw' | 'band';

/** The extra fields our line datasets carry. */
export interface RunDatasetExtras {
  readonly kind: DatasetKind;
  readonly runId: string;
  /** x of each point, ascending, for the tooltip's search. */
  readonly xs: readonly number[];
  /** Unsmoothed value of each point (the tooltip shows it beside the smoothed one). */
  readonly raw: readonly number[];
}

const hiddenCounts = new WeakMap<Chart, number>();

/** How many runs the tooltip of `chart` left out last time. */
export function hiddenInTooltip(chart: Chart): number {
  return hiddenCounts.get(chart) ?? 0;
}

const eachRun: InteractionModeFunction = (chart, e) => {
  const pos = getRelativePosition(e, chart);
  const area = chart.chartArea;
  if (pos.x < area.left || pos.x > area.right || pos.y < area.top || pos.y > area.bottom) return [];
  const x = chart.scales.x?.getValueForPixel(pos.x);
  if (x === undefined) return [];
  let items: InteractionItem[] = [];
  chart.data.datasets.forEach((ds, di) => {
    const extra = ds as unknown as RunDatasetExtras;
    if (extra.kind !== 'line' || !chart.isDatasetVisible(di)) return;
    const i = nearestIndex(extra.xs, x);
    const element = i >= 0 ? chart.getDatasetMeta(di).data[i] : undefined;
    const point = ds.data[i] as { y: number | null } | undefined;
    if (element && point && point.y !== null) items.push({ element, datasetIndex: di, index: i });
  });
  let hidden = 0;
  if (items.length > TOOLTIP_RUNS) {
    items.sort((a, b) => Math.abs(a.element.y - pos.y) - Math.abs(b.element.y - pos.y));
    hidden = items.length - TOOLTIP_RUNS;
    items = items.slice(0, TOOLTIP_RUNS);
  }
  hiddenCounts.set(chart, hidden);
  return items.sort((a, b) => a.element.y - b.element.y);
};

let registered = false;

/** Registers the chart.js parts and the tooltip mode once. */
export function registerCharts(): void {
  if (registered) return;
  registered = true;
  Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Filler);
  Interaction.modes.eachRun = eachRun;
}

/** Theme colours the canvases need (they cannot use CSS variables). */
export interface ChartTheme {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
  readonly tooltipBackground: string;
  readonly tooltipBorder: string;
  readonly font: string;
}

/** Reads the theme from VS Code's CSS variables (again after a theme change). */
export function readTheme(): ChartTheme {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    foreground: v('--vscode-foreground', '#cccccc'),
    muted: v('--vscode-descriptionForeground', '#999999'),
    grid: v('--vscode-editorWidget-border', v('--vscode-panel-border', 'rgba(128,128,128,0.35)')),
    background: v('--vscode-editor-background', '#1e1e1e'),
    tooltipBackground: v('--vscode-editorHoverWidget-background', '#252526'),
    tooltipBorder: v('--vscode-editorHoverWidget-border', '#454545'),
    font: v('--vscode-font-family', 'sans-serif'),
  };
}

/** A #rrggbb colour with an alpha. */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Fills the canvas with the editor background first, so an exported PNG is not transparent. */
export function backgroundPlugin(theme: () => ChartTheme): Plugin {
  return {
    id: 'runlensBackground',
    beforeDraw(chart) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.fillStyle = theme().background;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
  };
}

/** An x value as the axis and tooltip show it. */
export function formatX(v: number, mode: XAxisMode): string {
  if (mode === 'step') return Number.isInteger(v) ? String(v) : v.toFixed(1);
  if (mode === 'time') return new Date(v).toLocaleTimeString();
  const s = Math.abs(v);
  const sign = v < 0 ? '−' : '';
  if (s < 60) return `${sign}${Number(s.toFixed(1))}s`;
  if (s < 3600) return `${sign}${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${sign}${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The x axis title of a mode. */
export function xTitle(mode: XAxisMode): string {
  return mode === 'step' ? 'step' : mode === 'time' ? 'time' : 'time since start';
}

/** Wheel/drag/keyboard zoom and pan of a chart's x axis; double-click or 0 resets. */
export function attachZoom(chart: Chart, canvas: HTMLCanvasElement): void {
  const range = (): [number, number] => [chart.scales.x?.min ?? 0, chart.scales.x?.max ?? 1];
  const set = (min: number | undefined, max: number | undefined): void => {
    const x = chart.options.scales?.x;
    if (!x) return;
    x.min = min;
    x.max = max;
    chart.update('none');
  };
  const zoom = (factor: number, center?: number): void => {
    const [min, max] = range();
    const c = center ?? (min + max) / 2;
    set(c - (c - min) * factor, c + (max - c) * factor);
  };
  const pan = (fraction: number): void => {
    const [min, max] = range();
    const d = (max - min) * fraction;
    set(min + d, max + d);
  };
  canvas.addEventListener('wheel', (e) => {
    if (!e.ctrlKey && !e.metaKey) return; // a plain wheel scrolls the page
    e.preventDefault();
    zoom(e.deltaY > 0 ? 1.25 : 0.8, chart.scales.x?.getValueForPixel(e.offsetX));
  }, { passive: false });
  let drag: { x: number; min: number; max: number } | undefined;
  canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const [min, max] = range();
    drag = { x: e.offsetX, min, max };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const width = chart.chartArea.right - chart.chartArea.left || 1;
    const d = ((drag.x - e.offsetX) / width) * (drag.max - drag.min);
    if (Math.abs(drag.x - e.offsetX) > 2) set(drag.min + d, drag.max + d);
  });
  const end = (): void => { drag = undefined; };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  canvas.addEventListener('dblclick', () => set(undefined, undefined));
  canvas.addEventListener('keydown', (e) => {
    const actions: Record<string, () => void> = {
      '+': () => zoom(0.8), '=': () => zoom(0.8), '-': () => zoom(1.25), ArrowLeft: () => pan(-0.1), ArrowRight: () => pan(0.1), '0': () => set(undefined, undefined),
    };
    const act = actions[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  });
}

/** Resets a chart's zoom. */
export function resetZoom(chart: Chart): void {
  const x = chart.options.scales?.x;
  if (!x) return;
  x.min = undefined;
  x.max = undefined;
  chart.update('none');
}
