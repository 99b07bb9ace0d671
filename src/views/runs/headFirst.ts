// Rows before the whole listing: the Runs view draws a store's newest runs first (a page per group,
// exact for a group with a full page among them) and, once every run is listed, says which groups
// changed, so completing the view redraws a few groups or "Show more…" rows, not the whole view.
import { type RunSort } from '../../core/query/sort';
import { type GroupedRun, type GroupedRuns } from './groupedRuns';

/** How many of the newest runs the view draws before the whole listing lands. */
export const HEAD_RUNS = 500;

/**
 * Whether the newest runs alone give the right first pages: only in the newest-first order (a
 * metric or name sort may put an older run on top) and without a filter (a filter may keep none).
 */
export function headFirstApplies(sort: RunSort, filtered: boolean): boolean {
  return sort.by === 'newest' && !filtered;
}

/** What completing a view drawn from the newest runs must redraw. */
export interface HeadCompletion {
  /** Groups came or changed order: their parent (the view's top) is redrawn. */
  readonly groups: boolean;
  /** Groups whose rows differ, or that gain or lose their "Show more…": the group is redrawn. */
  readonly pages: ReadonlySet<string>;
  /** Groups whose rows stand and whose "Show more…" only learns its count: that row is redrawn. */
  readonly counts: ReadonlySet<string>;
}

/**
 * Compares the view drawn from the newest runs (`head`, where a group with a full page shows
 * "Show more…" with its count unknown) with the whole listing's (`full`), page by page.
 */
export function completeHead<R extends GroupedRun>(head: GroupedRuns<R>, full: GroupedRuns<R>): HeadCompletion {
  const pages = new Set<string>();
  const counts = new Set<string>();
  const keys = full.keys();
  for (const key of keys) {
    const before = head.page(key);
    const after = full.page(key);
    const sameRows = before.runs.length === after.runs.length && before.runs.every((r, i) => r.id === after.runs[i]?.id);
    if (sameRows && headShowsMore(head, key) === after.more > 0) {
      if (after.more > 0) counts.add(key);
    } else {
      pages.add(key);
    }
  }
  return { groups: head.keys().join('\n') !== keys.join('\n'), pages, counts };
}

/** Whether a group drawn from the newest runs shows "Show more…": its page is full, so more may follow. */
export function headShowsMore<R extends GroupedRun>(head: GroupedRuns<R>, key: string): boolean {
  return head.page(key).more > 0;
}
