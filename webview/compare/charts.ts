// One chart per metric with every run overlaid. Charts are created when they scroll into view
// (IntersectionObserver) and redrawn only while visible, so 200 runs × many metrics stay smooth. A
// metric of which no run has more than one point (a final score) is a list of values, not a chart.
import { Chart, type ChartDataset, type ChartOptions } from 'chart.js';
import { type MetricInfo } from '../../src/protocol/compare';
import { h, icon, replaceChildren } from '../shared/dom';
import { formatNumber } from './deltas';
import {
  attachZoom, backgroundPlugin, type ChartTheme, formatX, hiddenInTooltip, readTheme, registerCharts, resetZoom,
  type RunDatasetExtras, withAlpha, xTitle,
} from './chartSetup';
import { type CompareModel } from './model';
import { ema, xValues } from './series';

/** Runs up to which the min/max band and the unsmoothed line are drawn (beyond, they are clutter). */
const DETAIL_RUNS = 10;

interface Card {
  readonly metric: MetricInfo;
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  chart: Chart | undefined;
  /** Shown instead of the chart while every run has at most one point of the metric. */
  readonly values: HTMLElement;
  visible: boolean;
  dirty: boolean;
}

type LineData = ChartDataset<'line', { x: number; y: number | null }[]> & RunDatasetExtras;

/** The curves section: one card per metric. */
export class CurveCharts {
  private cards = new Map<string, Card>();
  private theme: ChartTheme = readTheme();
  private readonly observer: IntersectionObserver;

  constructor(private readonly root: HTMLElement, private readonly model: CompareModel, private readonly onExport: (metric: string, dataUrl: string) => void, private readonly onFirstDraw: () => void) {
    registerCharts();
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const card = [...this.cards.values()].find((c) => c.element === entry.target);
        if (!card) continue;
        card.visible = entry.isIntersecting;
        if (card.visible && (card.dirty || !card.chart)) this.draw(card);
      }
    }, { rootMargin: '300px 0px' });
    // A theme change swaps body classes: re-read the colours and redraw.
    new MutationObserver(() => {
      this.theme = readTheme();
      this.invalidate();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /** Rebuilds the cards for the model's metrics (after a snapshot or a new metric). */
  rebuild(): void {
    for (const card of this.cards.values()) {
      this.observer.unobserve(card.element);
      card.chart?.destroy();
    }
    this.cards.clear();
    const cards = this.model.metrics.map((metric) => this.card(metric));
    replaceChildren(this.root, ...(cards.length > 0 ? cards.map((c) => c.element) : [h('p', { class: 'muted' }, 'No run logged a metric yet.')]));
    for (const c of cards) this.observer.observe(c.element);
    // The first chart (the primary metric) is drawn at once, even below the tables of many runs.
    if (cards[0]) this.draw(cards[0]);
  }

  /** Marks every chart for a redraw (settings changed); visible ones redraw now. */
  invalidate(metrics?: readonly string[]): void {
    for (const card of this.cards.values()) {
      if (metrics && !metrics.includes(card.metric.name)) continue;
      card.dirty = true;
      if (card.visible) this.draw(card);
    }
  }

  private card(metric: MetricInfo): Card {
    const canvas = h('canvas', { tabindex: 0, role: 'img', 'aria-label': `${metric.name} of every compared run; Ctrl+wheel or + and − zoom, drag or arrow keys pan, 0 resets` });
    const goal = metric.goal === 'min' ? 'lower is better' : metric.goal === 'max' ? 'higher is better' : '';
    const values = h('ul', { class: 'single-values', 'aria-label': `${metric.name} of every compared run`, hidden: true });
    const card: Card = { metric, canvas, values, element: h('section', { class: 'chart-card', 'data-metric': metric.name }), chart: undefined, visible: false, dirty: true };
    this.cards.set(metric.name, card);
    const exportPng = h('button', { class: 'icon-button', type: 'button', title: 'Export as PNG', 'aria-label': `Export the ${metric.name} chart as PNG`,
      onclick: () => { if (card.chart) this.onExport(metric.name, card.chart.toBase64Image('image/png', 1)); } }, icon('desktop-download'));
    const reset = h('button', { class: 'icon-button', type: 'button', title: 'Reset zoom', 'aria-label': `Reset the zoom of the ${metric.name} chart`,
      onclick: () => { if (card.chart) resetZoom(card.chart); } }, icon('zoom-out'));
    replaceChildren(card.element,
      h('header', { class: 'chart-head' }, h('h3', {}, metric.name), goal ? h('span', { class: 'muted' }, goal) : null, metric.primary ? h('span', { class: 'chip-tag' }, 'primary') : null,
        h('span', { class: 'spacer' }), reset, exportPng),
      h('div', { class: 'chart-box' }, canvas), values);
    return card;
  }

  private datasets(metric: string): LineData[] {
    const { view } = this.model;
    const bySeries = this.model.series.get(metric);
    const detail = this.model.runs.length <= DETAIL_RUNS;
    const clean = (y: number): number | null => (Number.isFinite(y) && (!view.logScale || y > 0) ? y : null);
    const out: LineData[] = [];
    const baseline = this.model.baseline()?.id;
    for (const run of this.model.runs) {
      const s = bySeries?.get(run.id);
      if (!s || s.value.length === 0) continue;
      const xs = xValues(s, view.xAxis, run.startedAt);
      const ys = ema(s.value, view.smoothing);
      const common = { runId: run.id, xs, raw: s.value, pointRadius: xs.length === 1 ? 3 : 0, pointHoverRadius: 3, spanGaps: false };
      out.push({ ...common, kind: 'line', label: run.name, data: xs.map((x, i) => ({ x, y: clean(ys[i] as number) })),
        borderColor: run.color, backgroundColor: run.color, borderWidth: run.id === baseline ? 2.5 : 1.5, order: 0 });
      if (detail && view.smoothing > 0) {
        out.push({ ...common, kind: 'raw', label: `${run.name} (raw)`, data: xs.map((x, i) => ({ x, y: clean(s.value[i] as number) })),
          borderColor: withAlpha(run.color, 0.3), borderWidth: 1, order: 1 });
      }
      if (detail && s.min && s.max) {
        const { min, max } = s;
        out.push({ ...common, kind: 'band', label: `${run.name} max`, data: xs.map((x, i) => ({ x, y: clean(max[i] as number) })),
          borderWidth: 0, backgroundColor: withAlpha(run.color, 0.15), fill: '+1', pointRadius: 0, order: 2 });
        out.push({ ...common, kind: 'band', label: `${run.name} min`, data: xs.map((x, i) => ({ x, y: clean(min[i] as number) })),
          borderWidth: 0, backgroundColor: withAlpha(run.color, 0.15), fill: false, pointRadius: 0, order: 2 });
      }
    }
    return out;
  }

  private options(): ChartOptions<'line'> {
    const { view } = this.model;
    const t = this.theme;
    const axis = { ticks: { color: t.muted, font: { family: t.font } }, grid: { color: withAlphaCss(t.grid) }, border: { color: t.grid } };
    return {
      animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
      interaction: { mode: 'eachRun', intersect: false },
      scales: {
        x: { type: 'linear', ...axis, title: { display: true, text: xTitle(view.xAxis), color: t.muted }, ticks: { ...axis.ticks, maxRotation: 0, callback: (v) => formatX(Number(v), view.xAxis) } },
        y: { type: view.logScale ? 'logarithmic' : 'linear', ...axis, ticks: { ...axis.ticks, callback: (v) => formatNumber(Number(v)) } },
      },
      plugins: {
        tooltip: {
          backgroundColor: t.tooltipBackground, borderColor: t.tooltipBorder, borderWidth: 1, titleColor: t.foreground, bodyColor: t.foreground, footerColor: t.muted,
          titleFont: { family: t.font }, bodyFont: { family: t.font }, boxPadding: 4,
          callbacks: {
            title: (items) => (items[0] ? `${xTitle(view.xAxis)} ${formatX((items[0].raw as { x: number }).x, view.xAxis)}` : ''),
            label: (item) => {
              const ds = item.dataset as unknown as LineData;
              const y = (item.raw as { y: number }).y;
              const raw = ds.raw[item.dataIndex];
              return `${ds.label ?? ''}: ${formatNumber(y)}${view.smoothing > 0 && raw !== undefined ? ` (raw ${formatNumber(raw)})` : ''}`;
            },
            footer: (items) => {
              const chart = items[0]?.chart;
              const hidden = chart ? hiddenInTooltip(chart) : 0;
              return hidden > 0 ? `+${hidden} more runs` : '';
            },
          },
        },
      },
    };
  }

  /** The runs' only values of `metric`, or undefined when some run has a curve (two points or more). */
  private singleValues(metric: string): { name: string; color: string; value: number }[] | undefined {
    const bySeries = this.model.series.get(metric);
    const out: { name: string; color: string; value: number }[] = [];
    for (const run of this.model.runs) {
      const s = bySeries?.get(run.id);
      if (!s || s.value.length === 0) continue;
      if (s.value.length > 1) return undefined;
      out.push({ name: run.name, color: run.color, value: s.value[0] as number });
    }
    return out.length > 0 ? out : undefined;
  }

  /** Shows the values list instead of the chart (or back); true when the values are shown. */
  private drawValues(card: Card): boolean {
    const values = this.singleValues(card.metric.name);
    const box = card.canvas.parentElement;
    card.values.hidden = !values;
    if (box) box.hidden = values !== undefined;
    card.element.classList.toggle('value-card', values !== undefined);
    // Zoom and PNG export act on a chart: a list of values has none.
    for (const b of card.element.querySelectorAll<HTMLElement>('.chart-head .icon-button')) b.hidden = values !== undefined;
    if (!values) return false;
    const goal = card.metric.goal;
    const finite = values.map((v) => v.value).filter(Number.isFinite);
    const best = goal === 'min' ? Math.min(...finite) : goal === 'max' ? Math.max(...finite) : undefined;
    replaceChildren(card.values, ...values.map((v) => {
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      // Through the CSSOM: the page's CSP allows no inline style attribute.
      swatch.style.background = v.color;
      return h('li', {}, swatch, h('span', { class: 'run-name' }, v.name),
        h('span', { class: `single-value${v.value === best && values.length > 1 ? ' better' : ''}` }, formatNumber(v.value)));
    }));
    card.element.dataset.points = String(values.length);
    return true;
  }

  private draw(card: Card): void {
    card.dirty = false;
    if (this.drawValues(card)) {
      if (![...this.cards.values()].some((c) => c.chart) && card === [...this.cards.values()][0]) requestAnimationFrame(() => this.onFirstDraw());
      return;
    }
    const data = { datasets: this.datasets(card.metric.name) };
    // How many points the runs' lines hold: a live run's growth is visible to tests and tools.
    card.element.dataset.points = String(data.datasets.filter((d) => d.kind === 'line').reduce((n, d) => n + d.data.length, 0));
    if (!card.chart) {
      const first = ![...this.cards.values()].some((c) => c.chart);
      card.chart = new Chart(card.canvas, { type: 'line', data, options: this.options(), plugins: [backgroundPlugin(() => this.theme)] });
      attachZoom(card.chart, card.canvas);
      if (first) requestAnimationFrame(() => this.onFirstDraw());
      return;
    }
    const zoom = card.chart.options.scales?.x;
    const keep = { min: zoom?.min, max: zoom?.max };
    card.chart.data = data;
    card.chart.options = this.options();
    if (card.chart.options.scales?.x) Object.assign(card.chart.options.scales.x, keep);
    card.chart.update('none');
  }
}

/** Grid lines a little fainter than borders. */
function withAlphaCss(color: string): string {
  return /^#[0-9a-f]{6}$/i.test(color) ? withAlpha(color, 0.5) : color;
}
