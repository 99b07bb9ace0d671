// The page's copy of the table: the interned strings, the columns and, per column the host sent,
// each slot's string index in a growable Uint32Array, plus the current row order. Snapshots replace
// it (a big one brings its first rows' cells, the rest of those columns follows); increments and
// columns asked for patch it in place, so scroll, selection and sort survive.
import {
  type RowUpdate, type TableColumn, type TableOrder, type TableRowGroup, type TableSnapshot, type WireCells,
} from '../../src/protocol/runsTable';

/** Decodes base64 little-endian unsigned integers of `width` bytes. */
export function decodeInts(data: string, width: 1 | 2 | 4): Uint32Array {
  const bin = atob(data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  if (width === 1) return Uint32Array.from(bytes);
  const n = bytes.length / width;
  const view = new DataView(bytes.buffer);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = width === 2 ? view.getUint16(i * 2, true) : view.getUint32(i * 4, true);
  return out;
}

function cellsOf(cells: WireCells, capacity: number): Uint32Array {
  const decoded = decodeInts(cells.data, cells.width);
  const dict = cells.dict;
  if (dict) for (let i = 0; i < decoded.length; i++) decoded[i] = dict[decoded[i] ?? 0] ?? 0;
  if (decoded.length >= capacity) return decoded;
  const out = new Uint32Array(capacity);
  out.set(decoded);
  return out;
}

/** A column of which only the `head` slots' cells came (cell k is slot head[k]'s); the other slots empty. */
function headCellsOf(cells: WireCells, head: Uint32Array, capacity: number): Uint32Array {
  const decoded = cellsOf(cells, 0);
  const out = new Uint32Array(capacity);
  head.forEach((slot, k) => { if (slot < capacity) out[slot] = decoded[k] ?? 0; });
  return out;
}

/** The table as the page holds it. */
export class TableData {
  folder = '';
  strings: string[] = [''];
  columns: TableColumn[] = [];
  /** Per column, by slot; undefined for a column the host has not sent yet (the grid asks for it in view). */
  cells: (Uint32Array | undefined)[] = [];
  runIds: string[] = [];
  slotOf = new Map<string, number>();
  /** Slots in display order. */
  order: Uint32Array = new Uint32Array(0);
  shown = 0;
  total = 0;
  /** Per column: the slot of its best value, or -1. */
  best: number[] = [];
  differing = new Set<string>();
  filterError: string | null = null;
  /** The groups the order falls into (empty: not grouped). */
  groups: readonly TableRowGroup[] = [];
  /** Columns of which the snapshot brought the first rows only: the rest comes in `cells` messages. */
  partial = new Set<number>();
  private capacity = 0;

  /** Replaces everything with a snapshot. */
  load(s: TableSnapshot): void {
    this.folder = s.folder;
    this.strings = [...s.strings];
    this.columns = [...s.columns];
    this.runIds = [...s.runIds];
    this.slotOf = new Map(this.runIds.map((id, i) => [id, i]));
    this.capacity = Math.max(16, this.runIds.length);
    const head = s.head === undefined ? undefined : decodeInts(s.head, 4);
    this.cells = s.cells.map((c) => (c ? (head ? headCellsOf(c, head, this.capacity) : cellsOf(c, this.capacity)) : undefined));
    this.partial = new Set(head ? s.cells.flatMap((c, i) => (c ? [i] : [])) : []);
    this.setOrder(s);
  }

  /** Applies a new order and best marks. */
  setOrder(o: TableOrder): void {
    this.order = decodeInts(o.order, 4);
    this.shown = o.shown;
    this.total = o.total;
    this.best = [...o.best];
    this.differing = new Set(o.differing);
    this.filterError = o.filterError;
    this.groups = o.groups;
  }

  /** Appends strings sent from `base` on (a message repeats none the page has). */
  addStrings(base: number, strings: readonly string[]): void {
    strings.forEach((s, i) => { this.strings[base + i] = s; });
  }

  /** Adds columns (their cells start empty). */
  addColumns(columns: readonly TableColumn[]): void {
    for (const c of columns) {
      this.columns.push(c);
      this.cells.push(new Uint32Array(this.capacity));
    }
  }

  /** Writes changed or new rows. */
  updateRows(rows: readonly RowUpdate[]): void {
    for (const row of rows) {
      let slot = this.slotOf.get(row.id);
      if (slot === undefined) {
        slot = row.slot;
        this.slotOf.set(row.id, slot);
      }
      this.runIds[slot] = row.id;
      if (slot >= this.capacity) this.grow(slot + 1);
      row.cells.forEach((code, i) => { const c = this.cells[i]; if (c) c[slot] = code; });
    }
  }

  /** Forgets removed slots (the next order no longer shows them). */
  remove(slots: readonly number[]): void {
    for (const slot of slots) {
      const id = this.runIds[slot];
      if (id !== undefined) this.slotOf.delete(id);
    }
  }

  /** Whether the host sent column `index`'s cells. */
  loaded(index: number): boolean {
    return this.cells[index] !== undefined;
  }

  /** Cells of columns the page asked for, with each one's best slot. */
  setCells(indices: readonly number[], cells: readonly WireCells[], best: readonly number[]): void {
    indices.forEach((index, k) => {
      const c = cells[k];
      if (!c || index >= this.columns.length) return;
      this.cells[index] = cellsOf(c, this.capacity);
      this.best[index] = best[k] ?? -1;
      this.partial.delete(index);
    });
  }

  /** Replaces one column and its cells. */
  replaceColumn(index: number, column: TableColumn, cells: WireCells): void {
    this.columns[index] = column;
    this.cells[index] = cellsOf(cells, this.capacity);
    this.partial.delete(index);
  }

  /** The text of a cell. */
  text(column: number, slot: number): string {
    return this.strings[this.cells[column]?.[slot] ?? 0] ?? '';
  }

  private grow(min: number): void {
    this.capacity = Math.max(min, this.capacity * 2);
    this.cells = this.cells.map((c) => {
      if (!c) return undefined;
      const out = new Uint32Array(this.capacity);
      out.set(c);
      return out;
    });
  }
}
