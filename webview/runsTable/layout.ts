// Which columns the grid shows, in which order and how wide: pinned columns first, then each group
// (Run, Params, Metrics, Code, Data) in the layout's order, a collapsed group as one stub column.
// A column the layout has never seen arrives hidden in its group, so new metrics never flood it.
import { TABLE_GROUPS, type TableColumn, type TableGroup, type TableLayout } from '../../src/protocol/runsTable';

/** One column of the grid: a table column, or the stub of a collapsed group. */
export type DisplayColumn =
  | { readonly kind: 'column'; readonly index: number; readonly column: TableColumn; readonly width: number; readonly pinned: boolean }
  | { readonly kind: 'group'; readonly group: TableGroup; readonly count: number; readonly width: number; readonly pinned: false };

/** Labels of the groups. */
export const GROUP_LABELS: Record<TableGroup, string> = { run: 'Run', params: 'Params', metrics: 'Metrics', code: 'Code', data: 'Data' };

/** The layout of a table never shown before: every column visible, the name pinned. */
export function initialLayout(columns: readonly TableColumn[]): TableLayout {
  return { order: columns.map((c) => c.key), widths: {}, hidden: [], pinned: ['name'], collapsed: [], aggregates: {}, onlyDiffering: false };
}

/** `layout` with the columns it has not seen added to its order, hidden (new columns arrive collapsed). */
export function reconcile(layout: TableLayout, columns: readonly TableColumn[]): TableLayout {
  const known = new Set(layout.order);
  const added = columns.map((c) => c.key).filter((k) => !known.has(k));
  if (added.length === 0) return layout;
  return { ...layout, order: [...layout.order, ...added], hidden: [...layout.hidden, ...added.filter((k) => !layout.pinned.includes(k))] };
}

/** The default width of a column in px. */
export function defaultWidth(column: TableColumn): number {
  if (column.key === 'name') return 200;
  if (column.key === 'status') return 90;
  if (column.key === 'started') return 140;
  return column.aggregate ? 120 : column.numeric ? 96 : 120;
}

const STUB_WIDTH = 120;

/** The grid's columns for `layout`; `differing` limits them when the layout asks for only those. */
export function displayColumns(columns: readonly TableColumn[], layout: TableLayout, differing: ReadonlySet<string>): DisplayColumn[] {
  const rank = new Map(layout.order.map((k, i) => [k, i]));
  const hidden = new Set(layout.hidden);
  const pinned = new Set(layout.pinned);
  const sorted = columns.map((column, index) => ({ column, index })).sort((a, b) => (rank.get(a.column.key) ?? 1e9) - (rank.get(b.column.key) ?? 1e9));
  const visible = sorted.filter(({ column }) => pinned.has(column.key)
    || (!hidden.has(column.key) && (!layout.onlyDiffering || column.group === 'run' || differing.has(column.key))));
  const entry = ({ column, index }: { column: TableColumn; index: number }): DisplayColumn =>
    ({ kind: 'column', index, column, width: layout.widths[column.key] ?? defaultWidth(column), pinned: pinned.has(column.key) });
  const out: DisplayColumn[] = visible.filter(({ column }) => pinned.has(column.key)).map(entry);
  for (const group of TABLE_GROUPS) {
    const members = visible.filter(({ column }) => column.group === group && !pinned.has(column.key));
    if (layout.collapsed.includes(group)) {
      const count = sorted.filter(({ column }) => column.group === group).length;
      if (count > 0) out.push({ kind: 'group', group, count, width: STUB_WIDTH, pinned: false });
    } else {
      out.push(...members.map(entry));
    }
  }
  return out;
}

/** Room a group's label keeps for itself (chevron and name) before it stops following the scroll. */
export const GROUP_LABEL_WIDTH = 90;

/**
 * How far right a group's label moves so that it shows beside the pinned columns instead of under
 * them: a group whose start has scrolled under the pinned columns (at `pinnedWidth` from the grid's
 * left edge) keeps its label at their edge until the group itself scrolls away, as a sticky label would.
 * `start` and `width` are the group's header cell in grid coordinates.
 */
export function groupLabelInset(start: number, width: number, scrollLeft: number, pinnedWidth: number): number {
  return Math.max(0, Math.min(scrollLeft + pinnedWidth - start, width - GROUP_LABEL_WIDTH));
}

/** How many columns of a group are hidden (shown in its header so new ones are easy to find). */
export function hiddenInGroup(columns: readonly TableColumn[], layout: TableLayout, group: TableGroup): number {
  const hidden = new Set(layout.hidden);
  return columns.filter((c) => c.group === group && hidden.has(c.key)).length;
}

/**
 * The unpinned display columns in view (first inclusive, last exclusive, one more at the right edge)
 * with the grid scrolled `scrollLeft` px sideways and `viewWidth` px wide; `offsets` are the
 * columns' left edges, pinned columns taking `pinnedWidth` px on the left.
 */
export function visibleRange(columns: readonly DisplayColumn[], offsets: readonly number[], scrollLeft: number, pinnedWidth: number, viewWidth: number): [number, number] {
  const left = scrollLeft + pinnedWidth;
  const right = scrollLeft + viewWidth;
  let first = columns.findIndex((c) => !c.pinned);
  if (first === -1) return [columns.length, columns.length];
  let lo = first;
  let hi = columns.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offsets[mid + 1] ?? 0) <= left) lo = mid + 1;
    else hi = mid;
  }
  first = lo;
  let last = first;
  while (last < columns.length && (offsets[last] ?? 0) < right) last++;
  return [first, Math.min(columns.length, last + 1)];
}

/** How the unpinned cells of a drawn row change when the columns in view go from one range to another. */
export interface ColumnShift {
  /** Cells to take off the left end and the right end. */
  readonly dropLeft: number;
  readonly dropRight: number;
  /** Display columns to put in front of the cells kept (first inclusive, last exclusive). */
  readonly addLeft: readonly [number, number];
  /** Display columns to put after them. */
  readonly addRight: readonly [number, number];
}

/**
 * The cells a row drawn for columns `from` (first inclusive, last exclusive) drops and gains to show
 * `to`: a scroll across keeps the cells still in view and draws only the columns coming in, instead
 * of every cell of every row. Ranges that do not overlap drop everything and draw `to` afresh.
 */
export function columnShift(from: readonly [number, number], to: readonly [number, number]): ColumnShift {
  const [a0, a1] = from;
  const [b0, b1] = to;
  if (b0 >= a1 || b1 <= a0 || a0 >= a1) return { dropLeft: 0, dropRight: Math.max(0, a1 - a0), addLeft: [b0, b0], addRight: [b0, b1] };
  return {
    dropLeft: Math.max(0, b0 - a0),
    dropRight: Math.max(0, a1 - b1),
    addLeft: [b0, Math.max(b0, a0)],
    addRight: [Math.min(b1, a1), b1],
  };
}
