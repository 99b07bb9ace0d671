// The sweep section: parallel coordinates (differing params → primary metric) and a scatter of a
// chosen param against a chosen metric. Shown only when the runs look like a sweep.
import { Chart } from 'chart.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import { h, replaceChildren } from '../shared/dom';
import { backgroundPlugin, readTheme, registerCharts, withAlpha } from './chartSetup';
import { formatNumber, lastOf, statsOf } from './deltas';
import { type CompareModel } from './model';
import { drawParallel, parallelAxes } from './parallel';
import { wantsLogAxis } from './logAxis';

function select(label: string, options: readonly string[], value: string | null, onChange: (v: string) => void): HTMLElement {
  const el = h('vscode-single-select', { 'aria-label': label }, ...options.map((o) => h('vscode-option', { value: o, selected: o === value }, o)));
  el.addEventListener('change', () => onChange((el as unknown as { value: string }).value));
  return h('label', { class: 'field' }, h('span', { class: 'muted' }, `${label} `), el);
}

/** A power of ten: the only ticks a log axis labels (the others would overlap). */
function isDecade(v: number): boolean {
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) < 1e-9;
}

/** Draws the sweep section into `root`, or empties it when the runs are not a sweep. */
export class SweepView {
  private scatter: Chart | undefined;
  private readonly canvas = h('canvas', { class: 'parallel', role: 'img' });

  constructor(private readonly root: HTMLElement, private readonly model: CompareModel, private readonly onChange: (param: string, metric: string) => void) {
    new ResizeObserver(() => this.drawParallel()).observe(this.canvas);
  }

  render(): void {
    this.scatter?.destroy();
    this.scatter = undefined;
    const m = this.model;
    if (!m.sweep || m.metrics.length === 0) {
      replaceChildren(this.root);
      this.root.hidden = true;
      return;
    }
    this.root.hidden = false;
    const numericParams = m.differing.filter((p) => m.runs.some((r) => typeof r.params[p] === 'number'));
    const param = m.view.scatterParam && numericParams.includes(m.view.scatterParam) ? m.view.scatterParam : (numericParams[0] ?? null);
    const metric = m.view.scatterMetric && m.metrics.some((x) => x.name === m.view.scatterMetric) ? m.view.scatterMetric : (m.primaryMetric()?.name ?? null);
    const primary = m.primaryMetric()?.name;
    const axes = parallelAxes(m.runs, m.differing, primary).map((a) => a.label);
    this.canvas.setAttribute('aria-label', `Parallel coordinates of ${m.runs.length} runs: ${axes.slice(0, m.differing.length).join(', ')} against ${primary ?? 'no metric'}`);
    const logX = param !== null && wantsLogAxis(m.runs.map((r) => r.params[param]).filter((v): v is number => typeof v === 'number'));
    const scatterCanvas = h('canvas', { role: 'img', 'aria-label': `Scatter of ${param ?? '?'}${logX ? ' (log scale)' : ''} against ${metric ?? '?'}` });
    replaceChildren(this.root,
      h('h2', {}, 'Sweep'),
      h('p', { class: 'muted' }, `Each line is a run: its differing params and its ${primary ?? 'primary metric'} (best value).`),
      h('div', { class: 'parallel-box' }, this.canvas),
      h('div', { class: 'toolbar' },
        param ? select('Param', numericParams, param, (v) => this.onChange(v, metric ?? '')) : h('span', { class: 'muted' }, 'No numeric param differs.'),
        select('Metric', m.metrics.map((x) => x.name), metric, (v) => this.onChange(param ?? '', v))),
      h('div', { class: 'chart-box' }, scatterCanvas));
    this.drawParallel();
    if (param && metric) this.drawScatter(scatterCanvas, param, metric, logX);
  }

  private drawParallel(): void {
    const m = this.model;
    if (!m.sweep || !this.canvas.isConnected) return;
    drawParallel(this.canvas, m.runs, parallelAxes(m.runs, m.differing, m.primaryMetric()?.name), m.baseline()?.id, readTheme());
  }

  private drawScatter(canvas: HTMLCanvasElement, param: string, metric: string, logX: boolean): void {
    registerCharts();
    const t = readTheme();
    const points = this.model.runs.flatMap((r) => {
      const x = r.params[param];
      const y = statsOf(r, metric)?.best ?? lastOf(r, metric);
      return typeof x === 'number' && y !== null && Number.isFinite(y) ? [{ x, y, run: r }] : [];
    });
    const axis = { ticks: { color: t.muted }, grid: { color: withAlpha('#808080', 0.2) } };
    this.scatter = new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [{ data: points.map((p) => ({ x: p.x, y: p.y })), pointBackgroundColor: points.map((p) => p.run.color), pointRadius: 5, pointHoverRadius: 7 }] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: {
          x: logX
            ? { ...axis, type: 'logarithmic', title: { display: true, text: `${param} (log scale)`, color: t.muted }, ticks: { ...axis.ticks, maxRotation: 0, autoSkip: false, callback: (v) => (isDecade(Number(v)) ? formatNumber(Number(v)) : '') } }
            : { ...axis, title: { display: true, text: param, color: t.muted } },
          y: { ...axis, title: { display: true, text: metric, color: t.muted } },
        },
        plugins: { tooltip: { callbacks: { label: (item) => { const p = points[item.dataIndex]; return p ? `${p.run.name}: ${param} ${formatNumber(p.x)}, ${metric} ${formatNumber(p.y)}` : ''; } } } },
      },
      plugins: [backgroundPlugin(() => t)],
    });
  }
}
