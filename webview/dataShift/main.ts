// The Data Shift page: the verdict and summary of a drift report (both sides' sample sizes), each
// file's own verdict when a monitor watches several, schema changes, the per-column table (sorted
// and filtered by the host) and each column's reference and current distributions overlaid; Refresh
// and exports go to the host. Names are text, never markup.
import './style.css';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { isToDataShift, type DataShiftPayload, type DataShiftQuery, type DataShiftSide, type FromDataShift } from '../../src/protocol/dataShift';
import { connectHost } from '../shared/host';
import { h, icon, replaceChildren } from '../shared/dom';
import { ShiftCharts } from './charts';
import { filesSection } from './files';
import { ColumnTable } from './table';

const host = connectHost<FromDataShift, null>((s): s is null => s === null);
const root = document.getElementById('root') ?? document.body;
let report: DataShiftPayload | undefined;

const table = new ColumnTable((query) => host.post({ type: 'query', query }), (index) => {
  document.getElementById(`chart-${index}`)?.scrollIntoView({ block: 'nearest' });
});
const chartsRoot = h('div', { class: 'charts', id: 'charts' });
const charts = new ShiftCharts(chartsRoot);

function sideLine(which: string, s: DataShiftSide, rowsNote = ''): HTMLElement[] {
  return [
    h('span', { class: 'which' }, which),
    h('span', {}, s.label, h('span', { class: 'muted' }, ` · ${s.rows} rows${rowsNote} · ${s.columns} columns · ${s.sha256.slice(0, 12)}`)),
  ];
}

function rowChange(r: DataShiftPayload): string {
  if (r.reference.rows === 0) return '';
  const pct = (r.current.rows / r.reference.rows - 1) * 100;
  return ` (${pct >= 0 ? '+' : ''}${pct.toFixed(1)} %)`;
}

function schema(r: DataShiftPayload): HTMLElement {
  const s = r.schema;
  const items = [
    ...s.removed.map((n) => h('li', { class: 'removed' }, icon('diff-removed'), ' removed (counts as drifted): ', h('code', {}, n))),
    ...s.typeChanged.map((t) => h('li', { class: 'retyped' }, icon('diff-modified'), ' type changed (counts as drifted): ', h('code', {}, t.name), ` ${t.reference} → ${t.current}`)),
    ...s.added.map((n) => h('li', { class: 'added' }, icon('diff-added'), ' added: ', h('code', {}, n))),
  ];
  return items.length === 0 ? h('p', { class: 'muted', id: 'schema' }, 'No schema change: the same columns with the same types.') : h('ul', { class: 'schema', id: 'schema' }, ...items);
}

function render(r: DataShiftPayload, query: DataShiftQuery, order: readonly number[]): void {
  report = r;
  const banner = h('div', { class: `banner ${r.shifted ? 'shifted' : 'stable'}`, id: 'verdict', role: 'status' },
    icon(r.shifted ? 'warning' : 'pass'),
    h('strong', {}, r.shifted ? 'Shifted' : 'No shift'),
    h('span', {}, r.summary));
  replaceChildren(root,
    h('div', { class: 'shift-header' },
      h('h1', {}, `Data Shift: ${r.title}`),
      banner,
      h('div', { class: 'sides', id: 'sides' }, ...sideLine('Reference', r.reference), ...sideLine('Current', r.current, rowChange(r))),
      h('div', { class: 'muted' }, `Checked ${r.checkedAt}. Every verdict shows both sample sizes and an effect size: with large samples a tiny difference is "significant", the effect size says whether it matters.`)),
    h('div', { class: 'toolbar' },
      h('vscode-button', { secondary: true, id: 'refresh', onclick: () => host.post({ type: 'refresh' }) }, icon('refresh'), 'Refresh'),
      h('vscode-button', { secondary: true, id: 'export-json', onclick: () => host.post({ type: 'export', format: 'json' }) }, icon('json'), 'Export JSON'),
      h('vscode-button', { secondary: true, id: 'export-csv', onclick: () => host.post({ type: 'export', format: 'csv' }) }, icon('table'), 'Export CSV')),
    ...(r.problems.length > 0 ? [h('h2', {}, 'Problems'), h('ul', { class: 'problems', id: 'problems' }, ...r.problems.map((p) => h('li', {}, icon('warning'), ' ', p)))] : []),
    ...(r.files && r.files.length > 0 ? filesSection(r.files) : []),
    h('h2', {}, 'Schema'), schema(r),
    h('h2', {}, 'Columns'), table.element,
    h('h2', {}, 'Distributions: reference and current'), chartsRoot);
  showOrder(query, order);
}

function showOrder(query: DataShiftQuery, order: readonly number[]): void {
  if (!report) return;
  const r = report;
  table.render(r.columns, query, order);
  charts.show(order.map((index) => ({ index, column: r.columns[index] as DataShiftPayload['columns'][number] })));
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const m = e.data;
  if (!isToDataShift(m)) return;
  if (m.type === 'loading') replaceChildren(root, h('p', { class: 'muted', id: 'loading' }, icon('loading', 'codicon-modifier-spin'), ' ', m.title));
  else if (m.type === 'error') replaceChildren(root, h('p', { class: 'error', id: 'error', role: 'alert' }, icon('error'), ' ', m.message));
  else if (m.type === 'report') render(m.report, m.query, m.order);
  else showOrder(m.query, m.order);
});

host.post({ type: 'ready' });
