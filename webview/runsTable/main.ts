// The Runs Table page: says it is ready, loads the host's columnar snapshot, applies increments and
// new orders in place (scroll, selection and sort survive), and sends the user's queries, layout
// and actions to the host. Sorting and filtering happen on the host, with core's functions.
import './style.css';
import { isRunsTableToWebview } from '../../src/protocol/runsTableGuards';
import {
  type QuickFilters, type RunsTableFromWebview, type RunsTableToWebview, TABLE_AGGREGATES, type TableAction,
  type TableAggregate, type TableGroup, type TableLayout, type TableQuery, type TableSortKey,
} from '../../src/protocol/runsTable';
import { h } from '../shared/dom';
import { connectHost } from '../shared/host';
import { ColumnChooser } from './chooser';
import { TableData } from './data';
import { Grid } from './grid';
import { displayColumns, initialLayout, reconcile } from './layout';
import { OpenClock } from './openClock';
import { Selection } from './selection';
import { Sparks } from './sparks';
import { Toolbar } from './toolbar';

interface PageState {
  readonly folder: string;
}
const isPageState = (v: unknown): v is PageState => typeof v === 'object' && v !== null && typeof (v as PageState).folder === 'string';

const clock = new OpenClock();
const host = connectHost<RunsTableFromWebview, PageState>(isPageState);
const data = new TableData();
const selection = new Selection();
const sparks = new Sparks((column, ids) => host.post({ type: 'series', column, ids }));
let query: TableQuery = { filter: '', quick: { statuses: [], starred: false, tags: [] }, sort: [] };
let layout: TableLayout = initialLayout([]);
/** When the last query was sent and what it was (the page's clock times sort and filter). */
let pending: { at: number; what: string } | undefined;
let firstRender = true;
/** Columns whose cells were asked for and have not arrived (asked once each). */
const requested = new Set<string>();
/** The statuses and tags the runs have (the quick filters offer these). */
let quickValues: { statuses: string[]; tags: string[] } = { statuses: [], tags: [] };

function sendQuery(next: TableQuery, what: string): void {
  query = next;
  pending = { at: performance.now(), what };
  host.post({ type: 'query', query });
  toolbar.setQuick(query.quick, quickValues.statuses, quickValues.tags);
  draw();
}

function setLayout(next: TableLayout): void {
  layout = next;
  host.post({ type: 'layout', layout });
  chooser.set(data.columns, layout);
  draw();
}

function nextSort(key: string, extend: boolean): TableSortKey[] {
  const numeric = data.columns.find((c) => c.key === key)?.numeric ?? false;
  const first: TableSortKey = { column: key, direction: numeric ? 'desc' : 'asc' };
  const current = query.sort.find((k) => k.column === key);
  // First click: the natural direction; second: the other; third: not sorted by this column.
  const after = !current ? first : current.direction === first.direction ? { column: key, direction: current.direction === 'asc' ? 'desc' as const : 'asc' as const } : undefined;
  if (!extend) return after ? [after] : [];
  const others = query.sort.filter((k) => k.column !== key);
  return current ? query.sort.flatMap((k) => (k.column === key ? (after ? [after] : []) : [k])) : [...others, first];
}

/** A list with `value` added, or taken out when it is there. */
function flip(list: readonly string[] | undefined, value: string): string[] {
  return (list ?? []).includes(value) ? (list ?? []).filter((v) => v !== value) : [...(list ?? []), value];
}

const grid = new Grid(data, selection, sparks, {
  onSort: (key, extend) => sendQuery({ ...query, sort: nextSort(key, extend) }, 'sort'),
  onAggregate: (key) => {
    const current = layout.aggregates[key] ?? data.columns.find((c) => c.key === key)?.aggregate ?? 'last';
    const next: TableAggregate = TABLE_AGGREGATES[(TABLE_AGGREGATES.indexOf(current) + 1) % TABLE_AGGREGATES.length] ?? 'last';
    host.post({ type: 'aggregate', column: key, aggregate: next });
    setLayout({ ...layout, aggregates: { ...layout.aggregates, [key]: next } });
  },
  onResize: (key, width) => setLayout({ ...layout, widths: { ...layout.widths, [key]: width } }),
  onMove: (key, before) => {
    const order = layout.order.filter((k) => k !== key);
    order.splice(Math.max(0, order.indexOf(before)), 0, key);
    setLayout({ ...layout, order });
  },
  onToggleGroup: (group: TableGroup) => setLayout({ ...layout, collapsed: layout.collapsed.includes(group) ? layout.collapsed.filter((g) => g !== group) : [...layout.collapsed, group] }),
  onSelect: (ids) => {
    host.post({ type: 'select', ids });
    toolbar.setSelection(ids.length);
  },
  onSparkline: (key) => setLayout({ ...layout, sparklines: flip(layout.sparklines, key) }),
  onOpen: (id) => host.post({ type: 'action', action: 'open', ids: [id] }),
  onCopy: (id, columns) => host.post({ type: 'copyCells', id, columns }),
  onMissing: (keys) => {
    const wanted = keys.filter((k) => !requested.has(k));
    for (const k of wanted) requested.add(k);
    if (wanted.length > 0) host.post({ type: 'columns', keys: wanted });
  },
  onFold: (key) => setLayout({ ...layout, foldedGroups: flip(layout.foldedGroups, key) }),
});
const chooser = new ColumnChooser((next) => setLayout(next));
const toolbar = new Toolbar({
  onFilter: (filter) => sendQuery({ ...query, filter }, 'filter'),
  onQuick: (quick: QuickFilters) => sendQuery({ ...query, quick }, 'filter'),
  onChooser: () => chooser.toggle(),
  onOnlyDiffering: () => setLayout({ ...layout, onlyDiffering: !layout.onlyDiffering }),
  onGroup: () => sendQuery({ ...query, group: query.group === 'experiment' ? 'none' : 'experiment' }, 'group'),
  onExport: () => host.post({ type: 'exportCsv', columns: displayColumns(data.columns, layout, data.differing).flatMap((d) => (d.kind === 'column' ? [d.column.key] : [])) }),
  onAction: (action: TableAction) => host.post({ type: 'action', action, ids: selection.ids }),
});
(document.getElementById('root') ?? document.body).append(h('div', { class: 'page' }, toolbar.element, chooser.element, grid.element));
toolbar.setSelection(0);

/** The distinct values of a column, split at ", " for tags (for the quick filters). */
function distinct(key: string, split: boolean): string[] {
  const index = data.columns.findIndex((c) => c.key === key);
  const cells = data.cells[index];
  if (!cells) return [];
  const codes = new Set<number>();
  for (const slot of data.slotOf.values()) codes.add(cells[slot] ?? 0);
  const out = new Set<string>();
  for (const code of codes) for (const v of split ? (data.strings[code] ?? '').split(', ') : [data.strings[code] ?? '']) if (v) out.add(v);
  return [...out].sort();
}

function setQuickValues(): void {
  quickValues = { statuses: distinct('status', false), tags: distinct('tags', true) };
  toolbar.setQuick(query.quick, quickValues.statuses, quickValues.tags);
}

function draw(): void {
  grid.setColumns(displayColumns(data.columns, layout, data.differing), query.sort, new Set(layout.foldedGroups), new Set(layout.sparklines));
  toolbar.setCounts(data.shown, data.total, data.filterError, layout.onlyDiffering, query.group === 'experiment');
}

/** Reports a render's time on the page's own clock (also left on the page for the e2e suite). */
function report(what: string, since: number): void {
  requestAnimationFrame(() => {
    const ms = performance.now() - since;
    Object.assign(document.body.dataset, { [`${what}Ms`]: ms.toFixed(1), rendered: 'true' });
    host.post({ type: 'rendered', what, ms, rows: data.shown, columns: data.columns.length });
  });
}

function onMessage(m: RunsTableToWebview, received: number): void {
  switch (m.type) {
    case 'snapshot':
      clock.mark('received', performance.timeOrigin + received);
      data.load(m);
      clock.mark('loaded');
      requested.clear();
      query = m.query;
      toolbar.filter.value = query.filter;
      layout = reconcile(m.layout ?? initialLayout(m.columns), m.columns);
      if (!m.layout) host.post({ type: 'layout', layout });
      host.saveState({ folder: m.folder });
      if (selection.retain((id) => data.slotOf.has(id))) host.post({ type: 'select', ids: selection.ids });
      break;
    case 'rows': {
      data.addStrings(m.stringBase, m.strings);
      data.addColumns(m.columnsAdded);
      data.updateRows(m.rows);
      data.remove(m.removed);
      sparks.invalidate(m.rows.map((r) => r.id));
      const next = reconcile(layout, data.columns);
      if (next !== layout) setLayout(next);
      if (selection.retain((id) => data.slotOf.has(id))) host.post({ type: 'select', ids: selection.ids });
      break;
    }
    case 'column':
      data.addStrings(m.stringBase, m.strings);
      data.replaceColumn(m.index, m.column, m.cells);
      break;
    case 'cells': {
      data.addStrings(m.stringBase, m.strings);
      data.setCells(m.indices, m.cells, m.best);
      const keys = m.indices.map((i) => data.columns[i]?.key ?? '');
      for (const k of keys) requested.delete(k);
      // The rest of a snapshot's first columns: the quick filters offer every run's statuses and tags.
      if (keys.includes('status') || keys.includes('tags')) setQuickValues();
      grid.refreshColumns(m.indices);
      return;
    }
    case 'order':
      data.setOrder(m);
      break;
    case 'series':
      sparks.receive(m.column, m.series);
      grid.render();
      return;
  }
  if (m.type === 'snapshot' || m.type === 'rows') setQuickValues();
  chooser.set(data.columns, layout);
  toolbar.setSelection(selection.ids.length);
  draw();
  if (m.type === 'snapshot' && firstRender) {
    firstRender = false;
    // From the page's start (waiting for the host included), and the page's own work on the snapshot.
    report('first', 0);
    report('snapshot', received);
    requestAnimationFrame(() => {
      clock.mark('drawn');
      const times = clock.times();
      if (times) host.post({ type: 'opened', times });
    });
  } else if (m.type === 'order' && pending) {
    // The host's round trip apart from the page's own work (the bench prints both).
    document.body.dataset[`${pending.what}ArrivedMs`] = (received - pending.at).toFixed(1);
    report(pending.what, pending.at);
    pending = undefined;
  }
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const received = performance.now();
  if (isRunsTableToWebview(e.data)) onMessage(e.data, received);
});
clock.mark('ready');
host.post({ type: 'ready' });
