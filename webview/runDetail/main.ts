// The Run Detail page: asks the host for a snapshot when it loads, renders it, then applies the
// host's incremental updates. It keeps which run it shows, whether it is pinned, the scroll position
// and the collapsed sections in the webview state, so hiding or reloading the window loses nothing.
import './style.css';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import { connectHost } from '../shared/host';
import { h, replaceChildren } from '../shared/dom';
import { type FromRunDetail, isRunDetailState, isToRunDetail, type RunDetailState, type SnapshotMessage, type ToRunDetail } from '../../src/protocol/runDetail';
import { MetricCharts } from './charts';
import { LogView } from './logView';
import { renderHeader } from './header';
import { dataSection, entryTable, environmentSection, gitSection, metricTable, type SectionActions } from './sections';
import { type ReproductionInfo } from '../../src/protocol/reproduction';
import { verdictHeading, verdictSection } from './verdict';

/** On the page's own clock (ms since its navigation began): the bundle ran, for the timings below. */
const scriptMs = performance.now();
const host = connectHost<FromRunDetail, RunDetailState>(isRunDetailState);
let state: RunDetailState | undefined = host.restoreState();
let current: SnapshotMessage | undefined;

const actions: SectionActions = {
  action: (action) => host.post({ type: 'runAction', action }),
  copy: (text) => host.post({ type: 'copy', text }),
  openDiff: (path) => host.post({ type: 'openDiff', path }),
  pin: () => host.post({ type: 'pin' }),
};

function section(id: string, heading: string, ...children: Node[]): { el: HTMLElement; body: HTMLElement } {
  const body = h('div', { class: 'section-body' }, ...children);
  const el = h('vscode-collapsible', { id: `section-${id}`, heading, open: !(state?.collapsed ?? []).includes(id) }, body);
  el.addEventListener('vsc-collapsible-toggle', (e) => {
    const open = (e as CustomEvent<{ open: boolean }>).detail.open;
    const collapsed = new Set(state?.collapsed ?? []);
    if (open) collapsed.delete(id);
    else collapsed.add(id);
    save({ collapsed: [...collapsed] });
  });
  return { el, body };
}

const root = document.getElementById('root') ?? document.body;
const banner = h('div', { id: 'gone', class: 'gone', role: 'alert', hidden: true });
const head = h('div', { id: 'header' });
const chartGrid = h('div', { class: 'chart-grid', id: 'charts' });
const metricSummary = h('div');
const metrics = section('metrics', 'Metrics', metricSummary, chartGrid);
const params = section('params', 'Parameters');
const reproduction = section('reproduction', 'Reproduction');
reproduction.el.hidden = true;
const git = section('git', 'Code');
const data = section('data', 'Datasets and outputs');
const env = section('environment', 'Environment');
const logView = new LogView();
const log = section('log', 'Log (tail)', logView.element);
const loading = h('p', { class: 'muted', id: 'loading' }, 'Loading run…');
replaceChildren(root, banner, loading);
const charts = new MetricCharts(chartGrid);

function save(patch: Partial<RunDetailState>): void {
  if (!state && !current) return;
  const base: RunDetailState = state ?? { folder: current?.folder ?? '', id: current?.run.id ?? '', pinned: current?.pinned ?? false, scrollY: 0, collapsed: [] };
  state = { ...base, ...patch };
  host.saveState(state);
}

function renderText(m: { run: SnapshotMessage['run']; data: SnapshotMessage['data'] }): void {
  if (!current) return;
  document.title = m.run.name;
  renderHeader(head, m.run, current.pinned, current.git.commit !== null, actions);
  replaceChildren(metricSummary, metricTable(m.run));
  replaceChildren(params.body, entryTable(m.run.params, 'param', 'This run has no params.', 'params-table'));
  replaceChildren(data.body, dataSection(m.data, m.run.live, actions));
  replaceChildren(env.body, environmentSection(m.run));
}

/** The verdict section: shown only for a reproduction, or an original that has been reproduced. */
function renderReproduction(info: ReproductionInfo | null): void {
  reproduction.el.hidden = info === null;
  if (!info) return;
  reproduction.el.setAttribute('heading', verdictHeading(info));
  replaceChildren(reproduction.body, verdictSection(info));
}

function onSnapshot(m: SnapshotMessage): void {
  const sameRun = state?.id === m.run.id && state.folder === m.folder;
  // Another run's verdict must not show under this one until the host sends this one's.
  if (current?.run.id !== m.run.id) reproduction.el.hidden = true;
  current = m;
  banner.hidden = true;
  if (loading.isConnected) replaceChildren(root, banner, head, reproduction.el, metrics.el, params.el, log.el, git.el, data.el, env.el);
  renderText(m);
  replaceChildren(git.body, gitSection(m.git, actions));
  charts.reset(m.series, m.run.metrics);
  logView.reset(m.log, m.logNote, m.run.live);
  save({ folder: m.folder, id: m.run.id, pinned: m.pinned, scrollY: sameRun ? state?.scrollY ?? 0 : 0 });
  if (sameRun && state) window.scrollTo(0, state.scrollY);
  // The first render's figures on the page's clock, left where the e2e suite and the panel-open
  // bench read them: the bundle ran, the page said ready, the content was drawn.
  if (!document.body.dataset.rendered) {
    Object.assign(document.body.dataset, { rendered: 'true', scriptMs: scriptMs.toFixed(1), readyMs: readyMs.toFixed(1), renderedMs: performance.now().toFixed(1) });
  }
}

function onMessage(m: ToRunDetail): void {
  switch (m.type) {
    case 'snapshot': return onSnapshot(m);
    case 'runChanged':
      if (current) {
        current = { ...current, run: m.run, data: m.data };
        renderText(m);
        charts.setSummaries(m.run.metrics);
      }
      return;
    case 'appendPoints': return charts.append(m.series);
    case 'reproduction': return renderReproduction(m.info);
    case 'appendLog': return logView.append(m.lines);
    case 'runGone':
      banner.hidden = false;
      replaceChildren(banner, m.message);
      // What was shown stays readable, but there is nothing left to act on.
      loading.remove();
      head.querySelector('.actions')?.remove();
      for (const link of git.body.querySelectorAll('.diff-link')) link.remove();
      return;
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  // Only the host posts to this page; anything failing the protocol's guard is ignored.
  if (isToRunDetail(e.data)) onMessage(e.data);
});
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  scrollTimer ??= setTimeout(() => {
    scrollTimer = undefined;
    save({ scrollY: window.scrollY });
  }, 200);
});
const readyMs = performance.now();
host.post({ type: 'ready' });
