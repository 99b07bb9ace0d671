// The Compare Runs page: says it is ready, draws the host's snapshot (header, params and metrics
// tables, curves, sweep plots) and applies increments from live runs. Everything from run data is
// set as text. The view state is saved for hiding and reloads, and reported to the host.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import './compare.css';
import {
  type CompareFromWebview, type CompareRun, type CompareToWebview, type CompareViewState, type MetricsSort, SUMMARY_COLUMNS, isCompareToWebview, isCompareViewState, type XAxisMode,
} from '../../src/protocol/compare';
import { connectHost } from '../shared/host';
import { h, icon, replaceChildren } from '../shared/dom';
import { CurveCharts } from './charts';
import { metricsCsv, paramsCsv } from './csv';
import { renderHeader } from './header';
import { CompareModel, DEFAULT_VIEW } from './model';
import { SweepView } from './sweep';
import { renderCodeData } from './codeData';
import { renderMetrics, renderParams } from './tables';
import { VirtualTable } from './virtualTable';

const host = connectHost<CompareFromWebview, CompareViewState>(isCompareViewState);
const model = new CompareModel(host.restoreState() ?? { folder: '', ids: [], baseline: null, ...DEFAULT_VIEW });
const root = document.getElementById('root') ?? document.body;

function checkbox(label: string, checked: boolean, onChange: (v: boolean) => void): HTMLElement {
  const el = h('vscode-checkbox', { checked }, label);
  el.addEventListener('change', () => onChange((el as unknown as { checked: boolean }).checked));
  return el;
}

/** One checkbox per summary column (last with its Δ to the baseline, best, min, max): fewer fit more metrics. */
function summaryToggles(): HTMLElement[] {
  return SUMMARY_COLUMNS.map((c) => {
    const box = checkbox(c === 'last' ? 'last (Δ)' : c, (model.view.summaryColumns ?? SUMMARY_COLUMNS).includes(c), (on) => {
      const now = new Set(model.view.summaryColumns ?? SUMMARY_COLUMNS);
      if (on) now.add(c);
      else now.delete(c);
      setView({ summaryColumns: SUMMARY_COLUMNS.filter((x) => now.has(x)) }, () => renderMetrics(metricsTable, model, sortMetrics));
    });
    box.dataset.summary = c;
    return box;
  });
}

function button(label: string, codicon: string, onClick: () => void, aria = label): HTMLElement {
  return h('vscode-button', { secondary: true, 'aria-label': aria, onclick: onClick }, icon(codicon), ` ${label}`);
}

const notes = h('div', { class: 'notes', role: 'status' });
const header = h('div', { class: 'header' });
const paramsTable = new VirtualTable<CompareRun>('Params of the compared runs');
/** Says so when "only differences" leaves no param column (runs of the same params, e.g. a reproduction). */
const paramsNote = h('p', { class: 'muted params-note', role: 'status' });
const metricsTable = new VirtualTable<CompareRun>('Metric summaries of the compared runs');
const codeDataTable = new VirtualTable<CompareRun>('Code and data of the compared runs');
const codeDataNote = h('p', { class: 'muted params-note', role: 'status' });
const chartsRoot = h('div', { class: 'charts' });
const sweepRoot = h('section', { class: 'sweep', hidden: true });
const smoothingValue = h('span', { class: 'mono smoothing-value' });
let firstRender: { tablesMs: number } | undefined;
/** On the page's own clock: the bundle ran (the host's snapshot is asked for below, at `ready`). */
const scriptMs = performance.now();
let reported = false;

const charts = new CurveCharts(chartsRoot, model, (metric, dataUrl) => host.post({ type: 'exportPng', metric, dataUrl }), () => {
  if (reported || !firstRender) return;
  reported = true;
  const firstChartMs = performance.now();
  // The figures are also left on the page, where the e2e suite reads them.
  Object.assign(document.body.dataset, { rendered: 'true', scriptMs: scriptMs.toFixed(1), tablesMs: firstRender.tablesMs.toFixed(1), firstChartMs: firstChartMs.toFixed(1) });
  host.post({ type: 'rendered', tablesMs: firstRender.tablesMs, firstChartMs, runs: model.runs.length });
});
const sweep = new SweepView(sweepRoot, model, (param, metric) => setView({ scatterParam: param || null, scatterMetric: metric || null }, () => sweep.render()));

function setView(patch: Partial<CompareViewState>, redraw: () => void): void {
  model.view = { ...model.view, ...patch };
  host.saveState(model.view);
  host.post({ type: 'viewState', state: model.view });
  redraw();
}

/** A click on a metrics table header: the new sort, kept with the panel's view state. */
function sortMetrics(sort: MetricsSort | null): void {
  setView({ metricsSort: sort }, () => renderMetrics(metricsTable, model, sortMetrics));
}

function renderTables(): void {
  renderParams(paramsTable, model, paramsNote);
  renderMetrics(metricsTable, model, sortMetrics);
  renderCodeData(codeDataTable, model, codeDataNote);
}

function renderAll(): void {
  replaceChildren(notes, ...model.notes.map((n) => h('p', { class: 'note' }, icon('info'), ' ', n)));
  renderHeader(header, model, headerActions);
  renderTables();
  charts.rebuild();
  sweep.render();
}
const headerActions = {
  setBaseline: (id: string): void => {
    host.post({ type: 'setBaseline', id });
    setView({ baseline: id }, renderAll);
  },
  remove: (id: string): void => host.post({ type: 'setRuns', ids: model.runs.map((r) => r.id).filter((x) => x !== id) }),
  add: (): void => host.post({ type: 'pickRunsToAdd' }),
};

function axisSelect(): HTMLElement {
  const labels: Record<XAxisMode, string> = { step: 'Step', time: 'Time', relative: 'Relative time' };
  const el = h('vscode-single-select', { 'aria-label': 'X axis' }, ...(['step', 'time', 'relative'] as const).map((m) => h('vscode-option', { value: m, selected: model.view.xAxis === m }, labels[m])));
  el.addEventListener('change', () => setView({ xAxis: (el as unknown as { value: XAxisMode }).value }, () => charts.invalidate()));
  return h('label', { class: 'field' }, h('span', { class: 'muted' }, 'X axis '), el);
}

function smoothingSlider(): HTMLElement {
  const input = h('input', { type: 'range', min: 0, max: 0.99, step: 0.01, value: model.view.smoothing, 'aria-label': 'Smoothing' });
  smoothingValue.textContent = model.view.smoothing.toFixed(2);
  let frame = 0;
  input.addEventListener('input', () => {
    smoothingValue.textContent = Number(input.value).toFixed(2);
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => setView({ smoothing: Math.min(0.99, Math.max(0, Number(input.value))) }, () => charts.invalidate()));
  });
  return h('label', { class: 'field' }, h('span', { class: 'muted' }, 'Smoothing '), input, smoothingValue);
}

function layout(): void {
  replaceChildren(root,
    notes,
    header,
    h('section', { class: 'block' },
      h('div', { class: 'section-head' }, h('h2', {}, 'Params'),
        checkbox('Only differences', model.view.onlyDiff, (v) => setView({ onlyDiff: v }, () => renderParams(paramsTable, model, paramsNote))),
        h('span', { class: 'spacer' }),
        button('CSV', 'desktop-download', () => host.post({ type: 'exportCsv', table: 'params', csv: paramsCsv(model.runs, model.shownParams()) }), 'Export the params table as CSV')),
      paramsTable.element, paramsNote),
    h('section', { class: 'block' },
      h('div', { class: 'section-head' }, h('h2', {}, 'Metrics'), ...summaryToggles(),
        h('span', { class: 'spacer' }),
        button('CSV', 'desktop-download', () => host.post({ type: 'exportCsv', table: 'metrics', csv: metricsCsv(model.runs, model.metrics, model.baseline()?.id ?? null) }), 'Export the metrics table as CSV')),
      metricsTable.element),
    h('section', { class: 'block' },
      h('div', { class: 'section-head' }, h('h2', {}, 'Code and data'), h('span', { class: 'muted' }, 'commit · branch · dataset and output hashes; highlighted: not the baseline\'s')),
      codeDataTable.element, codeDataNote),
    h('section', { class: 'block' },
      h('div', { class: 'section-head' }, h('h2', {}, 'Curves'),
        axisSelect(), smoothingSlider(), checkbox('Log scale', model.view.logScale, (v) => setView({ logScale: v }, () => charts.invalidate()))),
      h('p', { class: 'muted hint' }, 'Ctrl+wheel (⌘+wheel) or + and − zoom, drag or ← → pan, double-click or 0 resets.'),
      chartsRoot),
    sweepRoot,
  );
}

function onMessage(m: CompareToWebview): void {
  switch (m.type) {
    case 'snapshot': {
      model.load(m);
      host.saveState(model.view);
      layout();
      renderAll();
      firstRender ??= { tablesMs: performance.now() };
      if (model.metrics.length === 0 && !reported) {
        reported = true;
        document.body.dataset.rendered = 'true';
        host.post({ type: 'rendered', tablesMs: firstRender.tablesMs, firstChartMs: firstRender.tablesMs, runs: model.runs.length });
      }
      return;
    }
    case 'appendPoints': {
      const changed = model.append(m);
      if (changed.some((metric) => !model.metrics.some((x) => x.name === metric))) return; // drawn once runChanged names the metric
      charts.invalidate(changed);
      return;
    }
    case 'runChanged':
      if (model.update(m)) charts.rebuild();
      renderHeader(header, model, headerActions);
      metricsTable.refresh();
      renderMetrics(metricsTable, model, sortMetrics);
      // Outputs are hashed when a run ends.
      renderCodeData(codeDataTable, model, codeDataNote);
      return;
    case 'runsRemoved':
      model.remove(m.ids);
      host.saveState(model.view);
      renderAll();
      return;
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  if (isCompareToWebview(e.data)) onMessage(e.data);
});
replaceChildren(root, h('p', { class: 'muted' }, 'Loading the comparison…'));
host.post({ type: 'ready' });
