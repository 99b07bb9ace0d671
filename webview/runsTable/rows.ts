// The grid's rows when the table is grouped: a header row before each group of the host's order,
// and a folded group shows its header only. Display row → order entry is one typed array, so a
// grouped table of 100,000 runs still renders only the rows in view.
import { type TableRowGroup } from '../../src/protocol/runsTable';
import { h, icon } from '../shared/dom';

/** The rows of the grid: run rows (entries of the order) and group header rows. */
export class DisplayRows {
  /** Per display row: ≥ 0 an index into the order, < 0 the header of group -(v + 1). Null: no groups, row = index. */
  private map: Int32Array | null = null;
  private count = 0;
  private groups: readonly TableRowGroup[] = [];

  /** Lays out `shown` order entries in `groups` (empty: not grouped), `folded` groups as their header alone. */
  build(shown: number, groups: readonly TableRowGroup[], folded: ReadonlySet<string>): void {
    this.groups = groups;
    if (groups.length === 0) {
      this.map = null;
      this.count = shown;
      return;
    }
    let rows = groups.length;
    for (const g of groups) if (!folded.has(g.key)) rows += g.count;
    const map = new Int32Array(rows);
    let r = 0;
    let start = 0;
    groups.forEach((g, i) => {
      map[r++] = -(i + 1);
      if (!folded.has(g.key)) for (let k = 0; k < g.count; k++) map[r++] = start + k;
      start += g.count;
    });
    this.map = map;
    this.count = rows;
  }

  /** How many rows the grid has. */
  get length(): number {
    return this.count;
  }

  /** The order index shown at display row `row`, or undefined for a group header (or past the end). */
  orderIndex(row: number): number | undefined {
    if (row < 0 || row >= this.count) return undefined;
    if (!this.map) return row;
    const v = this.map[row] ?? -1;
    return v >= 0 ? v : undefined;
  }

  /** The group whose header is display row `row`. */
  groupAt(row: number): TableRowGroup | undefined {
    const v = this.map?.[row] ?? 0;
    return v < 0 ? this.groups[-v - 1] : undefined;
  }
}

/**
 * A group's header row: a fold button with the group's name (text, never markup) and its count,
 * kept at the grid's left edge while the grid scrolls sideways.
 */
export function groupRow(r: number, group: TableRowGroup, folded: boolean, width: number, active: boolean): HTMLElement {
  const label = `${group.key}, ${group.count} run${group.count === 1 ? '' : 's'}`;
  const cell = h('div', {
    class: `grid-cell group-cell${active ? ' active' : ''}`, role: 'gridcell', id: `cell-${r}-0`, 'aria-colindex': 1,
  }, icon(folded ? 'chevron-right' : 'chevron-down'), h('span', { class: 'group-name' }, ` ${group.key}`), h('span', { class: 'muted' }, ` ${group.count}`));
  const row = h('div', {
    class: 'grid-row group-row', role: 'row', 'aria-rowindex': r + 2, 'aria-expanded': folded ? 'false' : 'true', 'aria-label': label,
    'data-row': r, 'data-group': group.key, title: folded ? `Show the runs of ${group.key}` : `Fold ${group.key}`,
  }, cell);
  row.style.top = `${r * 24}px`;
  row.style.width = `${width}px`;
  return row;
}
