// The overlaid distributions of the Data Shift page: one chart.js bar chart per column, reference
// and current shares over the same bins drawn over each other in the theme's chart colours.
// Charts are created when their card scrolls into view, and redrawn after a theme change.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { type DataShiftColumn } from '../../src/protocol/dataShift';
import { h, replaceChildren } from '../shared/dom';

let registered = false;

interface Colours {
  readonly reference: string;
  readonly current: string;
  readonly foreground: string;
  readonly grid: string;
  readonly font: string;
}

function readColours(): Colours {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    reference: v('--vscode-charts-blue', '#3794ff'),
    current: v('--vscode-charts-orange', '#d18616'),
    foreground: v('--vscode-foreground', '#cccccc'),
    grid: v('--vscode-editorWidget-border', v('--vscode-panel-border', 'rgba(128,128,128,0.35)')),
    font: v('--vscode-font-family', 'sans-serif'),
  };
}

/** A CSS colour with an alpha (theme colours are #rgb, #rrggbb or #rrggbbaa; others pass as they are). */
function withAlpha(colour: string, alpha: number): string {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})(?:[0-9a-f]{2})?$/i.exec(colour);
  if (!m) return colour;
  const hex = (m[1] as string).length === 3 ? [...(m[1] as string)].map((c) => c + c).join('') : (m[1] as string);
  const n = parseInt(hex, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** The chart cards of the shown columns. */
export class ShiftCharts {
  private readonly charts = new Map<HTMLCanvasElement, { chart?: Chart; column: DataShiftColumn }>();
  private colours = readColours();
  private readonly observer: IntersectionObserver;

  constructor(private readonly root: HTMLElement) {
    if (!registered) {
      Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
      registered = true;
    }
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) if (e.isIntersecting) this.draw(e.target as HTMLCanvasElement);
    }, { rootMargin: '200px 0px' });
    new MutationObserver(() => {
      this.colours = readColours();
      for (const [canvas, entry] of this.charts) {
        if (!entry.chart) continue;
        entry.chart.destroy();
        entry.chart = undefined;
        this.draw(canvas);
      }
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /** Shows one card per column, in the table's order. */
  show(columns: readonly { readonly index: number; readonly column: DataShiftColumn }[]): void {
    for (const [canvas, entry] of this.charts) {
      this.observer.unobserve(canvas);
      entry.chart?.destroy();
    }
    this.charts.clear();
    const cards = columns.map(({ index, column }) => {
      const title = h('h3', {}, column.name, ' ', h('span', { class: `verdict verdict-${column.verdict}` }, column.verdict));
      if (!column.chart) return h('div', { class: 'chart-card', id: `chart-${index}` }, title, h('p', { class: 'muted' }, column.note ?? 'No distribution to draw.'));
      const canvas = h('canvas', { role: 'img', 'aria-label': `Distribution of ${column.name}: reference and current overlaid` });
      this.charts.set(canvas, { column });
      this.observer.observe(canvas);
      return h('div', { class: 'chart-card', id: `chart-${index}` }, title, h('div', { class: 'chart-box' }, canvas));
    });
    replaceChildren(this.root, ...(cards.length > 0 ? cards : [h('p', { class: 'muted' }, 'No column matches the filter.')]));
  }

  private draw(canvas: HTMLCanvasElement): void {
    const entry = this.charts.get(canvas);
    const chart = entry?.column.chart;
    if (!entry || !chart || entry.chart) return;
    const c = this.colours;
    const pct = (v: number): string => `${(v * 100).toFixed(1)} %`;
    const histogram = chart.kind === 'histogram';
    entry.chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: [...chart.labels],
        datasets: [
          { label: 'reference', data: [...chart.reference], backgroundColor: withAlpha(c.reference, 0.45), borderColor: c.reference, borderWidth: 1, grouped: false, barPercentage: histogram ? 1 : 0.8, categoryPercentage: histogram ? 1 : 0.8 },
          { label: 'current', data: [...chart.current], backgroundColor: withAlpha(c.current, 0.45), borderColor: c.current, borderWidth: 1, grouped: false, barPercentage: histogram ? 1 : 0.8, categoryPercentage: histogram ? 1 : 0.8 },
        ],
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        color: c.foreground, font: { family: c.font },
        scales: {
          x: { ticks: { color: c.foreground, maxRotation: 45, autoSkip: true }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { color: c.foreground, callback: (v) => pct(Number(v)) }, grid: { color: c.grid }, title: { display: true, text: 'share of values', color: c.foreground } },
        },
        plugins: {
          legend: { labels: { color: c.foreground } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${pct(Number(item.raw))}` } },
        },
      },
    });
  }
}
