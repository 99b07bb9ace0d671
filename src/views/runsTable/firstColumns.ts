// Which columns a Runs Table snapshot carries cells for: those the page shows first (the run and
// code columns, pinned and sorted ones, then the first visible params, metrics and data columns in
// the layout's order), so a table of 1,000 columns opens without building and sending them all.
import { TABLE_GROUPS, type TableColumn, type TableLayout, type TableQuery } from '../../protocol/runsTable';

/** Param, metric and data columns a snapshot fills beyond the fixed ones: more than a wide screen shows. */
export const FIRST_COLUMNS = 64;

/**
 * The indices of `columns` whose cells go with the snapshot: every run and code column, pinned and
 * sorted columns, then up to `limit` other visible columns in display order (groups in their
 * order, each group's columns in the layout's; collapsed groups and hidden columns show no cells).
 * Without a layout (a table never opened) the columns come in their default order.
 */
export function firstColumns(columns: readonly TableColumn[], layout: TableLayout | null, query: TableQuery, limit = FIRST_COLUMNS): number[] {
  const pinned = new Set(layout?.pinned ?? []);
  const sorted = new Set(query.sort.map((k) => k.column));
  const out = new Set<number>();
  columns.forEach((c, i) => {
    if (c.group === 'run' || c.group === 'code' || pinned.has(c.key) || sorted.has(c.key)) out.add(i);
  });
  const rank = new Map((layout?.order ?? []).map((k, i) => [k, i]));
  const hidden = new Set(layout?.hidden ?? []);
  const collapsed = new Set(layout?.collapsed ?? []);
  // A column the layout has not seen arrives hidden (webview/runsTable/layout.ts): only with a layout.
  const shows = (c: TableColumn): boolean => !hidden.has(c.key) && (layout === null || rank.has(c.key));
  let left = limit;
  for (const group of TABLE_GROUPS) {
    if (group === 'run' || group === 'code' || collapsed.has(group)) continue;
    const members = columns.map((c, i) => ({ c, i })).filter(({ c, i }) => c.group === group && shows(c) && !out.has(i))
      .sort((a, b) => (rank.get(a.c.key) ?? a.i) - (rank.get(b.c.key) ?? b.i));
    for (const { i } of members) {
      if (left <= 0) return [...out].sort((a, b) => a - b);
      out.add(i);
      left--;
    }
  }
  return [...out].sort((a, b) => a - b);
}
