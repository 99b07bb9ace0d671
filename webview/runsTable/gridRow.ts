// One run row of the Runs Table's grid: its pinned cells, a spacer for the columns scrolled past,
// the cells in view. Each row carries its data-vscode-context (VS Code's own context menu offers the
// table's run actions) and its ARIA indices; a column whose cells have not arrived yet draws empty.
import { h } from '../shared/dom';
import { type TableData } from './data';
import { type DisplayColumn } from './layout';
import { type Selection } from './selection';
import { sparkSvg, type Sparks } from './sparks';

/** Row height in px (the CSS gives rows exactly this). */
export const ROW_HEIGHT = 24;

/** What drawing a row reads from the grid. */
export interface RowFrame {
  readonly data: TableData;
  readonly selection: Selection;
  readonly sparks: Sparks;
  readonly columns: readonly DisplayColumn[];
  /** Left edge of each display column (and the total width last). */
  readonly offsets: readonly number[];
  readonly pinnedWidth: number;
  readonly sparkColumns: ReadonlySet<string>;
}

/** Draws display row `r` (order entry `index`) with the unpinned display columns first..last (exclusive). */
export function runRow(f: RowFrame, r: number, index: number, first: number, last: number): HTMLElement {
  const slot = f.data.order[index] ?? 0;
  const id = f.data.runIds[slot] ?? '';
  const selected = f.selection.has(id);
  const context = JSON.stringify({ webviewSection: 'run', folder: f.data.folder, id, preventDefaultContextMenuItems: true });
  const row = h('div', {
    class: `grid-row${selected ? ' selected' : ''}`, role: 'row', 'aria-rowindex': r + 2, 'aria-selected': selected ? 'true' : 'false',
    'data-row': r, 'data-vscode-context': context,
  });
  row.style.top = `${r * ROW_HEIGHT}px`;
  const pinned = f.columns.filter((c) => c.pinned).length;
  for (let c = 0; c < pinned; c++) row.appendChild(cell(f, r, c, slot, id));
  const gap = (f.offsets[first] ?? 0) - f.pinnedWidth;
  if (gap > 0) {
    // Widths go through the CSSOM: the page's CSP allows no inline style attributes.
    const spacer = row.appendChild(h('div', { class: 'grid-gap', 'aria-hidden': 'true' }));
    spacer.style.width = `${gap}px`;
  }
  for (let c = Math.max(first, pinned); c < last; c++) row.appendChild(cell(f, r, c, slot, id));
  return row;
}

function cell(f: RowFrame, r: number, c: number, slot: number, id: string): HTMLElement {
  const d = f.columns[c];
  if (!d) return h('div');
  const text = d.kind === 'column' ? f.data.text(d.index, slot) : '';
  const best = d.kind === 'column' && f.data.best[d.index] === slot && text !== '';
  const loading = d.kind === 'column' && !f.data.loaded(d.index);
  const classes = ['grid-cell', d.kind === 'column' && d.column.numeric ? 'num' : '', d.kind === 'group' ? 'stub' : '', d.pinned ? 'pinned' : '',
    best ? 'best' : '', loading ? 'loading' : '', d.kind === 'column' && d.column.key === 'status' ? `status-${text}` : '',
    r === f.selection.row && c === f.selection.col ? 'active' : ''].filter(Boolean).join(' ');
  const el = h('div', { class: classes, role: 'gridcell', id: `cell-${r}-${c}`, 'aria-colindex': c + 1, 'data-col': c,
    title: best ? `${text} (best by its goal)` : text || undefined, 'aria-busy': loading ? 'true' : undefined }, text);
  el.style.width = `${d.width}px`;
  if (d.pinned) el.style.left = `${f.offsets[c] ?? 0}px`;
  const spark = d.kind === 'column' && f.sparkColumns.has(d.column.key) ? f.sparks.get(d.column.key, id) : undefined;
  const svg = spark && sparkSvg(spark);
  if (svg) el.prepend(svg);
  return el;
}

/** The keys of the table columns among `columns` (pinned ones, and first..last) whose cells the page has not got. */
export function missingColumns(data: TableData, columns: readonly DisplayColumn[], first: number, last: number): string[] {
  const out: string[] = [];
  columns.forEach((d, c) => {
    if (d.kind === 'column' && (d.pinned || (c >= first && c < last)) && !data.loaded(d.index)) out.push(d.column.key);
  });
  return out;
}
