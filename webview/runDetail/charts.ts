// One small chart.js line chart per metric, coloured from the theme; a metric with a single point
// (a final test score) is a value card instead, not a dot on a made-up axis. A live run's new points
// are appended (never redrawn from scratch); a chart holding too many points halves itself, keeping
// each pair's last point, so a long run stays at most twice the snapshot's 1,000 points.
import { CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip, type ScriptableContext } from 'chart.js';
import { h } from '../shared/dom';
import { type MetricRow, type SeriesData } from '../../src/protocol/runDetail';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip);

/** Past this many points a chart is thinned to half. */
const MAX_CHART_POINTS = 2000;

interface Point {
  x: number;
  y: number | null;
}

interface MetricChart {
  readonly chart: Chart<'line', Point[]>;
  readonly card: HTMLElement;
  readonly count: HTMLElement;
  total: number;
  /** Points without a step are placed by their index. */
  next: number;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function toPoints(s: SeriesData, start: number): Point[] {
  return s.values.map((y, i) => ({ x: s.steps[i] ?? start + i, y }));
}

/** A metric with one point so far: its value, big, until a second point makes it a chart. */
interface ValueCard {
  readonly card: HTMLElement;
  readonly value: HTMLElement;
  readonly series: SeriesData;
}

/** The charts of one page; `grid` is the element the chart cards go into. */
export class MetricCharts {
  private readonly charts = new Map<string, MetricChart>();
  private readonly values = new Map<string, ValueCard>();
  /** The host's formatted last value of each metric (the page formats no numbers itself). */
  private lastText = new Map<string, string>();

  constructor(private readonly grid: HTMLElement) {
    // Theme switches change the body's class: recolour every chart.
    new MutationObserver(() => this.recolour()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /** Replaces every chart with the snapshot's series. */
  reset(series: readonly SeriesData[], summaries: readonly MetricRow[]): void {
    for (const c of this.charts.values()) c.chart.destroy();
    this.charts.clear();
    this.values.clear();
    this.grid.replaceChildren();
    this.lastText = new Map(summaries.map((m) => [m.name, m.last]));
    for (const s of series) this.add(s);
    this.updateEmpty();
  }

  /** Appends a live run's new points (a metric seen for the first time gets a chart). */
  append(series: readonly SeriesData[]): void {
    for (const s of series) {
      const single = this.values.get(s.metric);
      if (single) {
        // A second point: the value card becomes a chart in the same place.
        const merged: SeriesData = { ...s, steps: [...single.series.steps, ...s.steps], values: [...single.series.values, ...s.values], total: single.series.total + s.total };
        this.values.delete(s.metric);
        const marker = single.card;
        this.add(merged, marker);
        marker.remove();
        continue;
      }
      const c = this.charts.get(s.metric);
      if (!c) {
        this.add(s);
        continue;
      }
      const data = c.chart.data.datasets[0]?.data;
      if (!data) continue;
      data.push(...toPoints(s, c.next));
      c.next += s.values.length;
      c.total += s.total;
      if (data.length > MAX_CHART_POINTS) {
        const kept = data.filter((_, i) => i % 2 === 1 || i === data.length - 1);
        data.splice(0, data.length, ...kept);
      }
      c.count.textContent = countText(c.total, data.length);
      c.chart.update('none');
    }
    this.updateEmpty();
  }

  /** Points each chart holds, by metric (what the page shows; tests read it). */
  pointCounts(): Record<string, number> {
    return Object.fromEntries([
      ...[...this.charts].map(([k, c]) => [k, c.chart.data.datasets[0]?.data.length ?? 0] as const),
      ...[...this.values].map(([k, v]) => [k, v.series.values.length] as const),
    ]);
  }

  /** New metric summaries (a live run's): value cards show the host's formatted last value. */
  setSummaries(summaries: readonly MetricRow[]): void {
    this.lastText = new Map(summaries.map((m) => [m.name, m.last]));
    for (const [metric, v] of this.values) v.value.textContent = this.valueText(metric, v.series);
  }

  private valueText(metric: string, s: SeriesData): string {
    const raw = s.values[0];
    return this.lastText.get(metric) ?? (raw === null || raw === undefined ? '–' : String(raw));
  }

  /** Adds a card for `s` (before `before` when given): a value card for one point, else a chart. */
  private add(s: SeriesData, before?: Element): void {
    if (s.total <= 1 && s.values.length <= 1) {
      const value = h('div', { class: 'single-value' });
      const step = s.steps[0];
      const card = h('figure', { class: 'chart-card value-card', 'data-metric': s.metric },
        h('figcaption', {}, h('span', { class: 'metric-name' }, s.metric), ' ', h('span', { class: 'muted count' }, countText(s.total, s.values.length))),
        value, h('div', { class: 'muted' }, step === null || step === undefined ? 'one value, no step' : `one value, at step ${step}`));
      this.values.set(s.metric, { card, value, series: s });
      value.textContent = this.valueText(s.metric, s);
      if (before) before.before(card);
      else this.grid.append(card);
      return;
    }
    const canvas = h('canvas', { role: 'img', 'aria-label': `Chart of ${s.metric} over steps` });
    const count = h('span', { class: 'muted count' }, countText(s.total, s.values.length));
    const card = h('figure', { class: 'chart-card', 'data-metric': s.metric }, h('figcaption', {}, h('span', { class: 'metric-name' }, s.metric), ' ', count), h('div', { class: 'chart-box' }, canvas));
    if (before) before.before(card);
    else this.grid.append(card);
    const colour = cssVar('--vscode-charts-blue', '#3794ff');
    const chart = new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: [{ label: s.metric, data: toPoints(s, 0), borderColor: colour, backgroundColor: colour, borderWidth: 1.5, pointRadius: singlePointRadius, spanGaps: false }] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: { x: { type: 'linear', title: { display: true, text: 'step' } }, y: { type: 'linear' } },
        plugins: { tooltip: { enabled: true } },
      },
    });
    this.charts.set(s.metric, { chart, card, count, total: s.total, next: s.values.length });
    this.colourChart(chart);
  }

  private recolour(): void {
    for (const c of this.charts.values()) {
      this.colourChart(c.chart);
      c.chart.update('none');
    }
  }

  private colourChart(chart: Chart<'line', Point[]>): void {
    const fg = cssVar('--vscode-descriptionForeground', '#888');
    const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const line = cssVar('--vscode-charts-blue', '#3794ff');
    const ds = chart.data.datasets[0];
    if (ds) {
      ds.borderColor = line;
      ds.backgroundColor = line;
    }
    for (const axis of ['x', 'y'] as const) {
      const scale = chart.options.scales?.[axis];
      if (!scale) continue;
      scale.ticks = { ...scale.ticks, color: fg };
      scale.grid = { ...scale.grid, color: grid };
      if ('title' in scale && scale.title) scale.title.color = fg;
    }
  }

  private updateEmpty(): void {
    this.grid.classList.toggle('empty', this.charts.size + this.values.size === 0);
  }
}


/** A line needs two points: a series of one (a final summary value) is drawn as a dot instead. */
function singlePointRadius(ctx: ScriptableContext<'line'>): number {
  return ctx.dataset.data.length <= 1 ? 3 : 0;
}

function countText(total: number, shown: number): string {
  return shown < total ? `${total} points (${shown} drawn)` : `${total} point${total === 1 ? '' : 's'}`;
}
