// A table that renders only the rows in view (plus a few), so 200 runs × many params stay smooth:
// spacer rows above and below keep the scroll height, and the header stays put while scrolling.
import { h, replaceChildren } from '../shared/dom';

/** One column: its header and how a row's cell is built (text only, through h()). */
export interface Column<Row> {
  readonly label: string;
  readonly title?: string;
  readonly cell: (row: Row) => Node | string;
  /** Extra classes of the row's cell (e.g. a highlighted difference). */
  readonly cellClass?: (row: Row) => string;
  readonly numeric?: boolean;
  /** A sortable column: its state (for `aria-sort`) and what a click on its header does. */
  readonly sort?: { readonly state: 'ascending' | 'descending' | 'none'; readonly onSort: () => void };
}

/** A header cell; a sortable one holds a button (keyboard reachable) and says its sort in `aria-sort`. */
function headerCell<Row>(c: Column<Row>): HTMLElement {
  const title = c.title ?? c.label;
  if (!c.sort) return h('th', { scope: 'col', title, class: c.numeric ? 'num' : '' }, c.label);
  const arrow = c.sort.state === 'ascending' ? ' ▲' : c.sort.state === 'descending' ? ' ▼' : '';
  const next = c.sort.state === 'none' ? 'ascending' : c.sort.state === 'ascending' ? 'descending' : 'the compared order';
  return h('th', { scope: 'col', title, class: c.numeric ? 'num' : '', 'aria-sort': c.sort.state },
    h('button', { type: 'button', class: 'sort-button', title: `${title}. Click to sort ${next}`, onclick: c.sort.onSort }, c.label, h('span', { 'aria-hidden': 'true' }, arrow)));
}

/** Row height in px; CSS gives rows exactly this height so the maths holds. */
export const ROW_HEIGHT = 26;
const OVERSCAN = 8;

/** A virtualized table inside a scrolling container. */
export class VirtualTable<Row> {
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly thead: HTMLTableSectionElement;
  private readonly tbody: HTMLTableSectionElement;
  private columns: readonly Column<Row>[] = [];
  private rows: readonly Row[] = [];
  private drawn = '';
  private frame = 0;

  constructor(label: string) {
    this.thead = h('thead');
    this.tbody = h('tbody');
    this.table = h('table', { class: 'vtable', 'aria-label': label }, this.thead, this.tbody);
    // tabindex: the scroll area is reachable and scrollable from the keyboard.
    this.element = h('div', { class: 'vtable-scroll', tabindex: 0, role: 'region', 'aria-label': label }, this.table);
    this.element.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  /** Replaces columns and rows and redraws. */
  set(columns: readonly Column<Row>[], rows: readonly Row[]): void {
    this.columns = columns;
    this.rows = rows;
    this.table.setAttribute('aria-rowcount', String(rows.length + 1));
    replaceChildren(this.thead, h('tr', {}, ...columns.map((c) => headerCell(c))));
    this.drawn = '';
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Draws the rows the container shows; nothing when the window onto them did not move. */
  render(): void {
    const height = this.element.clientHeight || 400;
    const first = Math.max(0, Math.floor(this.element.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((this.element.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    const key = `${first}:${last}`;
    if (key === this.drawn) return;
    this.drawn = key;
    const spacer = (rows: number): HTMLElement | null => (rows > 0 ? h('tr', { class: 'spacer', 'aria-hidden': 'true' }, h('td', { colspan: this.columns.length })) : null);
    const top = spacer(first);
    const bottom = spacer(this.rows.length - last);
    if (top) (top.firstChild as HTMLElement).style.height = `${first * ROW_HEIGHT}px`;
    if (bottom) (bottom.firstChild as HTMLElement).style.height = `${(this.rows.length - last) * ROW_HEIGHT}px`;
    const body: Node[] = [];
    for (let i = first; i < last; i++) {
      const row = this.rows[i] as Row;
      body.push(h('tr', { 'aria-rowindex': i + 2 }, ...this.columns.map((c) => h('td', { class: [c.numeric ? 'num' : '', c.cellClass?.(row) ?? ''].join(' ').trim() }, c.cell(row)))));
    }
    replaceChildren(this.tbody, top, ...body, bottom);
  }

  /** Redraws the rows in view (data changed, same rows). */
  refresh(): void {
    this.drawn = '';
    this.render();
  }
}
