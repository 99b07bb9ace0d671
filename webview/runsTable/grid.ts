// The virtualized grid: only the rows and columns in view are in the DOM (10,000 runs × 1,000
// columns stay smooth), pinned columns stick left, the header sticks on top. An ARIA grid with
// one active cell (aria-activedescendant) that the keyboard moves. The cells of columns not sent
// yet are asked for as they come into view (gridRow.ts draws the rows).
import { type TableSortKey } from '../../src/protocol/runsTable';
import { h, replaceChildren } from '../shared/dom';
import { type TableData } from './data';
import { header, type HeaderCallbacks, placeGroupLabels } from './header';
import { type DisplayColumn, visibleRange } from './layout';
import { DisplayRows, groupRow } from './rows';
import { missingColumns, refreshCells, ROW_HEIGHT, type RowFrame, runRow, shiftRow } from './gridRow';
import { type Selection } from './selection';
import { type Sparks } from './sparks';

const OVERSCAN_ROWS = 6;

/** What the grid asks of the page. */
export interface GridCallbacks extends HeaderCallbacks {
  onSelect(ids: readonly string[]): void;
  onOpen(id: string): void;
  /** Copies run `id`'s cells of the columns of `keys`, tab-separated (the host has every column's cells). */
  onCopy(id: string, keys: readonly string[]): void;
  /** The columns of `keys` came into view (or close) without their cells: the page asks the host. */
  onMissing(keys: readonly string[]): void;
  /** Folds or unfolds a group of rows. */
  onFold(key: string): void;
}

/** The grid of one Runs Table page. */
export class Grid {
  readonly element: HTMLElement;
  private readonly head: HTMLElement;
  private readonly body: HTMLElement;
  private columns: DisplayColumn[] = [];
  private offsets: number[] = [0];
  private pinnedWidth = 0;
  private sort: readonly TableSortKey[] = [];
  private frame = 0;
  /** The rows: run rows and, when grouped, group headers. */
  readonly rows = new DisplayRows();
  private folded: ReadonlySet<string> = new Set();
  private sparkColumns: ReadonlySet<string> = new Set();
  /** Rows in the DOM by display row, and the unpinned columns (undefined: none drawn yet) and sideways scroll they show. */
  private readonly drawn = new Map<number, HTMLElement>();
  private drawnRange: readonly [number, number] | undefined;
  private drawnLeft = -1;

  constructor(private readonly data: TableData, private readonly selection: Selection, private readonly sparks: Sparks, private readonly cb: GridCallbacks) {
    this.head = h('div', { class: 'grid-head', role: 'rowgroup' });
    this.body = h('div', { class: 'grid-body', role: 'rowgroup' });
    this.element = h('div', { class: 'grid', role: 'grid', tabindex: 0, 'aria-label': 'Runs', 'aria-multiselectable': 'true' }, this.head, this.body);
    this.element.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.body.addEventListener('mousedown', (e) => this.onMouse(e));
    this.body.addEventListener('contextmenu', (e) => this.onMouse(e));
    this.body.addEventListener('dblclick', (e) => {
      const row = this.rowOf(e);
      const id = row === undefined ? undefined : this.idAt(row);
      if (id !== undefined) this.cb.onOpen(id);
    });
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  /** New columns, sort, order or folds: re-lays the header and the rows and redraws. */
  setColumns(columns: DisplayColumn[], sort: readonly TableSortKey[], folded: ReadonlySet<string>, sparkColumns: ReadonlySet<string>): void {
    this.columns = columns;
    this.sort = sort;
    this.folded = folded;
    this.sparkColumns = sparkColumns;
    this.rows.build(this.data.shown, this.data.groups, folded);
    this.offsets = [0];
    for (const c of columns) this.offsets.push((this.offsets[this.offsets.length - 1] ?? 0) + c.width);
    this.pinnedWidth = columns.filter((c) => c.pinned).reduce((sum, c) => sum + c.width, 0);
    this.selection.col = Math.min(this.selection.col, Math.max(0, columns.length - 1));
    this.render();
  }

  /** The run id shown at display row `row` (undefined for a group header). */
  idAt(row: number): string | undefined {
    const index = this.rows.orderIndex(row);
    const slot = index === undefined || index >= this.data.shown ? undefined : this.data.order[index];
    return slot === undefined ? undefined : this.data.runIds[slot];
  }

  /** Redraws what is in view now (data, order or selection changed). */
  render(): void {
    this.drawn.clear();
    this.drawnRange = undefined;
    this.draw();
  }

  /** The cells of the table columns of `indices` arrived: draws those cells again in the rows drawn, nothing else. */
  refreshColumns(indices: readonly number[]): void {
    const range = this.drawnRange;
    if (!range) return;
    const wanted = new Set(indices);
    const frame = this.rowFrame();
    for (const [r, el] of this.drawn) {
      const index = this.rows.orderIndex(r);
      if (index !== undefined) refreshCells(frame, el, r, index, range, wanted);
    }
  }

  private rowFrame(): RowFrame {
    return { data: this.data, selection: this.selection, sparks: this.sparks, columns: this.columns, offsets: this.offsets, pinnedWidth: this.pinnedWidth, sparkColumns: this.sparkColumns };
  }

  /**
   * Draws what is in view. Rows already drawn stay in the DOM: a scroll down draws only the rows
   * coming into view, a scroll across only the cells of the columns coming into view (shiftRow);
   * the header is drawn again when its columns change and only moves its group labels otherwise.
   */
  private draw(): void {
    const total = this.offsets[this.offsets.length - 1] ?? 0;
    const count = this.rows.length;
    const left = this.element.scrollLeft;
    const range = visibleRange(this.columns, this.offsets, left, this.pinnedWidth, this.element.clientWidth || 1200);
    const [first, last] = range;
    const before = this.drawnRange;
    const moved = !before || before[0] !== first || before[1] !== last;
    if (!before) {
      replaceChildren(this.body);
      this.element.setAttribute('aria-rowcount', String(count + 1));
      this.element.setAttribute('aria-colcount', String(this.columns.length));
      this.head.style.width = `${total}px`;
      this.body.style.width = `${total}px`;
      this.body.style.height = `${count * ROW_HEIGHT}px`;
    }
    if (moved) {
      replaceChildren(this.head, ...header(this.columns, first, last, this.offsets, this.sort, this.cb, { scrollLeft: left, pinnedWidth: this.pinnedWidth, sparks: this.sparkColumns }));
    } else if (left !== this.drawnLeft && this.head.firstElementChild instanceof HTMLElement) {
      placeGroupLabels(this.head.firstElementChild, left, this.pinnedWidth);
    }
    this.drawnRange = range;
    this.drawnLeft = left;
    // The next screenful to the right is asked for too, so scrolling sideways finds its cells there.
    const missing = missingColumns(this.data, this.columns, first, Math.min(this.columns.length, last + (last - first)));
    if (missing.length > 0) this.cb.onMissing(missing);
    const frame = this.rowFrame();
    const top = this.element.scrollTop;
    const height = this.element.clientHeight || 600;
    const r0 = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN_ROWS);
    const r1 = Math.min(count, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN_ROWS);
    for (const [r, el] of this.drawn) {
      if (r >= r0 && r < r1) {
        const index = before && moved ? this.rows.orderIndex(r) : undefined;
        if (before && index !== undefined) shiftRow(frame, el, r, index, before, range);
        continue;
      }
      el.remove();
      this.drawn.delete(r);
    }
    for (let r = r0; r < r1; r++) {
      if (this.drawn.has(r)) continue;
      const group = this.rows.groupAt(r);
      const el = group ? groupRow(r, group, this.folded.has(group.key), total, r === this.selection.row) : runRow(frame, r, this.rows.orderIndex(r) ?? 0, first, last);
      this.drawn.set(r, el);
      this.body.appendChild(el);
    }
    this.sparks.flush();
    const active = this.selection.row < count ? `cell-${this.selection.row}-${this.rows.groupAt(this.selection.row) ? 0 : this.selection.col}` : '';
    if (active && this.drawn.get(this.selection.row)?.querySelector(`#${active}`)) this.element.setAttribute('aria-activedescendant', active);
    else this.element.removeAttribute('aria-activedescendant');
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private rowOf(e: Event): number | undefined {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.grid-row');
    return row ? Number(row.dataset.row) : undefined;
  }

  private onMouse(e: MouseEvent): void {
    const row = this.rowOf(e);
    if (row === undefined || (e.type === 'mousedown' && e.button !== 0)) return;
    const group = this.rows.groupAt(row);
    if (group) {
      // On mousedown: the redraw replaces the row, so a click would never reach it.
      this.selection.row = row;
      if (e.type === 'mousedown') this.cb.onFold(group.key);
      return;
    }
    const col = (e.target as HTMLElement).closest<HTMLElement>('.grid-cell')?.dataset.col;
    if (col !== undefined) this.selection.col = Number(col);
    const id = this.idAt(row);
    // A right-click on a selected row keeps the selection: the context menu acts on all of it.
    if (e.type === 'contextmenu' && id !== undefined && this.selection.has(id)) {
      this.selection.row = row;
    } else {
      this.selection.click(row, (x) => this.idAt(x), { toggle: e.ctrlKey || e.metaKey, extend: e.shiftKey });
    }
    this.cb.onSelect(this.selection.ids);
    this.element.focus({ preventScroll: true });
    this.render();
  }

  private onKey(e: KeyboardEvent): void {
    const s = this.selection;
    const page = Math.max(1, Math.floor((this.element.clientHeight || 600) / ROW_HEIGHT) - 1);
    const moves: Record<string, [number, number]> = {
      ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], PageDown: [page, 0], PageUp: [-page, 0],
    };
    const mod = e.ctrlKey || e.metaKey;
    if (e.key in moves) {
      const [dr, dc] = moves[e.key] ?? [0, 0];
      const row = Math.max(0, Math.min(this.rows.length - 1, s.row + dr));
      s.col = Math.max(0, Math.min(this.columns.length - 1, s.col + dc));
      if (dr !== 0 && !mod) s.click(row, (x) => this.idAt(x), { toggle: false, extend: e.shiftKey });
      else s.row = row;
      if (dr !== 0 && !mod) this.cb.onSelect(s.ids);
    } else if (e.key === 'Home' || e.key === 'End') {
      s.col = e.key === 'Home' ? 0 : this.columns.length - 1;
      if (mod) s.row = e.key === 'Home' ? 0 : Math.max(0, this.rows.length - 1);
    } else if ((e.key === ' ' || e.key === 'Enter') && this.rows.groupAt(s.row)) {
      this.cb.onFold(this.rows.groupAt(s.row)?.key ?? '');
    } else if (e.key === ' ') {
      s.click(s.row, (x) => this.idAt(x), { toggle: true, extend: e.shiftKey });
      this.cb.onSelect(s.ids);
    } else if (e.key === 'Enter') {
      const id = this.idAt(s.row);
      if (id !== undefined) this.cb.onOpen(id);
    } else if (mod && e.key.toLowerCase() === 'a') {
      s.all(this.rows.length, (x) => this.idAt(x));
      this.cb.onSelect(s.ids);
    } else if (mod && e.key.toLowerCase() === 'c') {
      const id = this.idAt(s.row);
      const keys = this.columns.flatMap((d, c) => (d.kind === 'column' && (e.shiftKey || c === s.col) ? [d.column.key] : []));
      if (id !== undefined) this.cb.onCopy(id, keys);
    } else {
      return;
    }
    e.preventDefault();
    this.reveal();
    this.render();
  }

  /** Scrolls the active cell into view. */
  private reveal(): void {
    const s = this.selection;
    const top = s.row * ROW_HEIGHT;
    const viewTop = this.element.scrollTop;
    const viewHeight = this.element.clientHeight - this.head.offsetHeight;
    if (top < viewTop) this.element.scrollTop = top;
    else if (top + ROW_HEIGHT > viewTop + viewHeight) this.element.scrollTop = top + ROW_HEIGHT - viewHeight;
    const d = this.columns[s.col];
    if (!d || d.pinned) return;
    const left = (this.offsets[s.col] ?? 0) - this.pinnedWidth;
    const right = this.offsets[s.col + 1] ?? 0;
    if (left < this.element.scrollLeft) this.element.scrollLeft = left;
    else if (right > this.element.scrollLeft + this.element.clientWidth) this.element.scrollLeft = right - this.element.clientWidth;
  }
}
