// One run row of the Runs Table's grid: its pinned cells, a spacer for the columns scrolled past,
// the cells in view, shifted cell by cell as the grid scrolls across. Each row carries its
// data-vscode-context (VS Code's own context menu offers the table's run actions) and its ARIA
// indices; a column whose cells have not arrived yet draws empty until they do.
import { h } from '../shared/dom';
import { type TableData } from './data';
import { columnShift, type DisplayColumn } from './layout';
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

/** The slot and run id of order entry `index`. */
function target(f: RowFrame, index: number): { slot: number; id: string } {
  const slot = f.data.order[index] ?? 0;
  return { slot, id: f.data.runIds[slot] ?? '' };
}

/** How many pinned display columns lead (displayColumns puts them first). */
function pinnedCount(f: RowFrame): number {
  let n = 0;
  while (n < f.columns.length && f.columns[n]?.pinned) n++;
  return n;
}

/**
 * Draws display row `r` (order entry `index`) with the unpinned display columns first..last
 * (exclusive): its pinned cells, a spacer as wide as the columns scrolled past, the cells in view.
 */
export function runRow(f: RowFrame, r: number, index: number, first: number, last: number): HTMLElement {
  const { slot, id } = target(f, index);
  const selected = f.selection.has(id);
  const context = JSON.stringify({ webviewSection: 'run', folder: f.data.folder, id, preventDefaultContextMenuItems: true });
  const row = h('div', {
    class: `grid-row${selected ? ' selected' : ''}`, role: 'row', 'aria-rowindex': r + 2, 'aria-selected': selected ? 'true' : 'false',
    'data-row': r, 'data-vscode-context': context,
  });
  row.style.top = `${r * ROW_HEIGHT}px`;
  const pinned = pinnedCount(f);
  for (let c = 0; c < pinned; c++) row.appendChild(cell(f, r, c, slot, id));
  // Always there (0 wide at the left edge): a scroll across only changes its width (shiftRow).
  row.appendChild(h('div', { class: 'grid-gap', 'aria-hidden': 'true' }));
  shiftRow(f, row, r, index, [first, first], [first, last]);
  return row;
}

/**
 * Moves a row drawn by {@link runRow} for the unpinned columns `from` to the columns `to`: the cells
 * still in view stay, those scrolled out go, only the columns scrolling in are drawn.
 */
export function shiftRow(f: RowFrame, row: HTMLElement, r: number, index: number, from: readonly [number, number], to: readonly [number, number]): void {
  const { slot, id } = target(f, index);
  const pinned = pinnedCount(f);
  const spacer = row.children[pinned] as HTMLElement | undefined;
  if (!spacer) return;
  const shift = columnShift(from, to);
  for (let k = 0; k < shift.dropLeft; k++) spacer.nextElementSibling?.remove();
  for (let k = 0; k < shift.dropRight; k++) if (row.lastElementChild !== spacer) row.lastElementChild?.remove();
  const left = document.createDocumentFragment();
  for (let c = shift.addLeft[0]; c < shift.addLeft[1]; c++) left.appendChild(cell(f, r, c, slot, id));
  spacer.after(left);
  for (let c = shift.addRight[0]; c < shift.addRight[1]; c++) row.appendChild(cell(f, r, c, slot, id));
  // Widths go through the CSSOM: the page's CSP allows no inline style attributes.
  spacer.style.width = `${Math.max(0, (f.offsets[to[0]] ?? 0) - f.pinnedWidth)}px`;
}

/**
 * Draws again the cells of a drawn row (drawn for unpinned columns `range`) that show the table
 * columns of `indices`: their cells arrived, and nothing else of the row changed.
 */
export function refreshCells(f: RowFrame, row: HTMLElement, r: number, index: number, range: readonly [number, number], indices: ReadonlySet<number>): void {
  const { slot, id } = target(f, index);
  const pinned = pinnedCount(f);
  const redraw = (c: number, child: Element | undefined): void => {
    const d = f.columns[c];
    if (child && d?.kind === 'column' && indices.has(d.index)) child.replaceWith(cell(f, r, c, slot, id));
  };
  for (let c = 0; c < pinned; c++) redraw(c, row.children[c]);
  for (let c = range[0]; c < range[1]; c++) redraw(c, row.children[pinned + 1 + c - range[0]]);
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
