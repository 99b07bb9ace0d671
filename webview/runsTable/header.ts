// The grid's two header rows for the columns in view: the groups (each collapses with a click) and
// the column headers (click to sort, Shift+click to add a sort key, drag to reorder within a
// group, drag the right edge to resize, a metric's summary switched with its small button).
import { type TableColumn, type TableGroup, type TableSortKey } from '../../src/protocol/runsTable';
import { h, icon } from '../shared/dom';
import { type DisplayColumn, GROUP_LABELS, groupLabelInset } from './layout';

/** What the header asks of the page. */
export interface HeaderCallbacks {
  onSort(key: string, extend: boolean): void;
  onAggregate(key: string): void;
  /** Turns a metric column's sparklines on or off. */
  onSparkline(key: string): void;
  onResize(key: string, width: number): void;
  onMove(key: string, before: string): void;
  onToggleGroup(group: TableGroup): void;
}

function place(el: HTMLElement, d: DisplayColumn, offset: number): HTMLElement {
  el.style.width = `${d.width}px`;
  if (d.pinned) el.style.left = `${offset}px`;
  return el;
}

function sortMark(key: string, sort: readonly TableSortKey[]): { text: string; aria: 'ascending' | 'descending' | 'none' } {
  const i = sort.findIndex((k) => k.column === key);
  const k = sort[i];
  if (!k) return { text: '', aria: 'none' };
  const arrow = k.direction === 'asc' ? '▲' : '▼';
  return { text: sort.length > 1 ? `${arrow}${i + 1}` : arrow, aria: k.direction === 'asc' ? 'ascending' : 'descending' };
}

function columnHeader(d: Extract<DisplayColumn, { kind: 'column' }>, c: number, sort: readonly TableSortKey[], cb: HeaderCallbacks, sparks: ReadonlySet<string>): HTMLElement {
  const col: TableColumn = d.column;
  const mark = sortMark(col.key, sort);
  const goal = col.goal ? ` (${col.goal === 'min' ? 'lower' : 'higher'} is better)` : '';
  const label = h('button', {
    type: 'button', class: 'sort-button', title: `${col.label}${goal}. Click to sort, Shift+click to add to the sort.`,
    onclick: (e: Event) => cb.onSort(col.key, (e as MouseEvent).shiftKey),
  }, h('span', { class: 'label' }, col.label), h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, mark.text));
  const agg = col.aggregate
    ? h('button', { type: 'button', class: 'agg-button', title: `Shows each run's ${col.aggregate} value; click for the next of last, best, min, max`, onclick: () => cb.onAggregate(col.key) }, col.aggregate)
    : null;
  const on = sparks.has(col.key);
  const spark = col.group === 'metrics'
    ? h('button', { type: 'button', class: `icon-button spark-button${on ? ' on' : ''}`, 'aria-pressed': on ? 'true' : 'false',
      title: on ? `Hide the sparklines of ${col.label}` : `Show a sparkline of each run's ${col.label} in its cell`, onclick: () => cb.onSparkline(col.key) }, icon('graph-line'))
    : null;
  const grip = h('div', { class: 'resize-grip', 'aria-hidden': 'true' });
  grip.addEventListener('pointerdown', (e) => startResize(e, grip, d.width, (w) => cb.onResize(col.key, w)));
  const cell = h('div', {
    class: `grid-header-cell${col.numeric ? ' num' : ''}${d.pinned ? ' pinned' : ''}`, role: 'columnheader', 'aria-sort': mark.aria, 'aria-colindex': c + 1,
    draggable: 'true', 'data-key': col.key,
  }, label, spark, agg, grip);
  cell.addEventListener('dragstart', (e) => e.dataTransfer?.setData('text/x-runlens-column', col.key));
  cell.addEventListener('dragover', (e) => e.preventDefault());
  cell.addEventListener('drop', (e) => {
    const key = e.dataTransfer?.getData('text/x-runlens-column');
    if (key && key !== col.key) cb.onMove(key, col.key);
  });
  return cell;
}

function startResize(e: PointerEvent, grip: HTMLElement, start: number, done: (width: number) => void): void {
  e.preventDefault();
  e.stopPropagation();
  const x0 = e.clientX;
  const cell = grip.parentElement;
  grip.setPointerCapture(e.pointerId);
  const move = (m: PointerEvent): void => { if (cell) cell.style.width = `${Math.max(40, start + m.clientX - x0)}px`; };
  const up = (m: PointerEvent): void => {
    grip.removeEventListener('pointermove', move);
    grip.removeEventListener('pointerup', up);
    done(Math.max(40, Math.round(start + m.clientX - x0)));
  };
  grip.addEventListener('pointermove', move);
  grip.addEventListener('pointerup', up);
}

/** Where the grid is scrolled sideways and how wide its pinned columns are (group labels avoid them). */
export interface HeaderView {
  readonly scrollLeft: number;
  readonly pinnedWidth: number;
  /** Metric columns that draw sparklines. */
  readonly sparks: ReadonlySet<string>;
}

/** The header rows for display columns `first..last` (plus every pinned one). */
export function header(columns: readonly DisplayColumn[], first: number, last: number, offsets: readonly number[], sort: readonly TableSortKey[], cb: HeaderCallbacks, view: HeaderView): HTMLElement[] {
  const indices = [...columns.keys()].filter((c) => columns[c]?.pinned || (c >= first && c < last));
  const groups = h('div', { class: 'grid-group-row', role: 'presentation' });
  const heads = h('div', { class: 'grid-header-row', role: 'row', 'aria-rowindex': 1 });
  let previousEnd = 0;
  let run: (GroupSpan & { group: TableGroup }) | undefined;
  const labels: GroupSpan[] = [];
  groupSpans.set(groups, labels);
  for (const c of indices) {
    const d = columns[c];
    if (!d) continue;
    const offset = offsets[c] ?? 0;
    if (!d.pinned && offset > previousEnd) {
      const gap = (w: number): HTMLElement => { const g = h('div', { class: 'grid-gap' }); g.style.width = `${w}px`; return g; };
      groups.appendChild(gap(offset - previousEnd));
      heads.appendChild(gap(offset - previousEnd));
      run = undefined;
    }
    previousEnd = offset + d.width;
    const group = d.kind === 'group' ? d.group : d.column.group;
    if (d.kind === 'group') {
      const stub = h('button', { type: 'button', class: 'group-stub', title: `Show the ${d.count} ${GROUP_LABELS[group]} columns`, onclick: () => cb.onToggleGroup(group) },
        icon('chevron-right'), ` ${GROUP_LABELS[group]} (${d.count})`);
      heads.appendChild(place(h('div', { class: 'grid-header-cell', role: 'columnheader', 'aria-colindex': c + 1 }, stub), d, offset));
      groups.appendChild(place(h('div', { class: 'grid-group-cell' }), d, offset));
      run = undefined;
      continue;
    }
    heads.appendChild(place(columnHeader(d, c, sort, cb, view.sparks), d, offset));
    if (run && run.group === group && !d.pinned) {
      run.width += d.width;
      run.el.style.width = `${run.width}px`;
      continue;
    }
    const toggle = group === 'run' ? h('span', {}, d.pinned ? 'Pinned' : GROUP_LABELS[group])
      : h('button', { type: 'button', class: 'group-toggle', title: `Collapse the ${GROUP_LABELS[group]} columns`, onclick: () => cb.onToggleGroup(group) }, icon('chevron-down'), ` ${GROUP_LABELS[group]}`);
    const el = place(h('div', { class: `grid-group-cell${d.pinned ? ' pinned' : ''}` }, toggle), d, offset);
    groups.appendChild(el);
    run = d.pinned ? undefined : { group, el, start: offset, width: d.width };
    if (run) labels.push(run);
  }
  placeGroupLabels(groups, view.scrollLeft, view.pinnedWidth);
  return [groups, heads];
}

/** A group's label cell in the header's first row, where its group starts and how wide it is (px, grid coordinates). */
interface GroupSpan {
  readonly el: HTMLElement;
  readonly start: number;
  width: number;
}
/** The group spans of each group row header() drew. */
const groupSpans = new WeakMap<HTMLElement, GroupSpan[]>();

/**
 * Moves the label of each group scrolled partly under the pinned columns to their edge: a scroll
 * across that brings no new column into view changes only this, not the header's cells.
 */
export function placeGroupLabels(groups: HTMLElement, scrollLeft: number, pinnedWidth: number): void {
  for (const span of groupSpans.get(groups) ?? []) {
    const inset = groupLabelInset(span.start, span.width, scrollLeft, pinnedWidth);
    span.el.style.paddingLeft = inset > 0 ? `${inset + 4}px` : '';
  }
}
