// The Runs view's model of one folder's runs: those passing the filter, grouped and ordered as the
// tree shows them, each group shown a page at a time. Kept current one run at a time, and each
// change says which groups or rows must be redrawn, so a store of 100,000 runs costs the rows shown.
import { type ListedRun, type RunStatus } from '../../core/model';
import { runComparator, type RunSort } from '../../core/query/sort';

/** How the view groups runs (setting `runlens.runs.groupBy`). */
export type GroupBy = 'experiment' | 'status' | 'branch' | 'author' | 'date';

/** Rows a group shows at first, and how many more each "Show more…" adds. */
export const PAGE_SIZE = 100;

const STATUS_ORDER: readonly RunStatus[] = ['running', 'queued', 'failed', 'crashed', 'stopped', 'finished'];

/**
 * What the model needs of a run: what filter and sort read, and the code's commit and branch. Run
 * summaries (the index's, what the view holds) and whole manifests both are one.
 */
export interface GroupedRun extends ListedRun {
  readonly code: { readonly commit: string | null; readonly branch: string | null } | null;
}
/** The author group of the workspace's own runs (those not pulled from a teammate). */
export const OWN_RUNS_GROUP = 'You (this workspace)';

/** The group a run belongs to ('' for every run when grouping by date, i.e. not grouping). */
export function groupKey(run: GroupedRun, by: GroupBy): string {
  switch (by) {
    case 'experiment': return run.experiment ?? '(ad-hoc commands)';
    case 'status': return run.status;
    case 'branch': {
      // A commit without a branch is a detached HEAD (a summary keeps commit and branch, not `detached`).
      const code = run.code;
      return code?.branch ?? (code?.commit ? '(detached HEAD)' : '(no git)');
    }
    // The workspace's own runs first under one name; a teammate's under theirs (docs/sharing.md).
    case 'author': return run.origin ? run.origin.author : OWN_RUNS_GROUP;
    case 'date': return '';
  }
}

/** How the model groups, orders and filters. */
export interface GroupingOptions {
  readonly groupBy: GroupBy;
  readonly sort: RunSort;
  readonly matches: (run: GroupedRun) => boolean;
  readonly pageSize?: number;
}

/** What one {@link GroupedRuns.apply} changed in what the view shows. */
export interface RunsDelta {
  /** Groups came, went or changed order: the groups' parent must be redrawn. */
  readonly groups: boolean;
  /** Groups whose shown rows, or the count behind their "Show more…", changed. */
  readonly changedGroups: ReadonlySet<string>;
  /** Runs whose row stays where it is (shown) but whose content changed. */
  readonly rows: ReadonlySet<string>;
}

/** One page of a group: the rows shown and how many more there are. */
export interface GroupPage<R extends GroupedRun = GroupedRun> {
  readonly runs: readonly R[];
  readonly more: number;
}

/** The visible runs of one folder, grouped, sorted and paged; `R` is what the caller holds per run. */
export class GroupedRuns<R extends GroupedRun = GroupedRun> {
  private readonly groups = new Map<string, R[]>();
  private readonly shown = new Map<string, R>();
  private readonly limits = new Map<string, number>();
  private readonly compare: (a: R, b: R) => number;
  private readonly pageSize: number;

  constructor(private readonly options: GroupingOptions, runs: Iterable<R>) {
    this.compare = runComparator(options.sort);
    this.pageSize = options.pageSize ?? PAGE_SIZE;
    for (const run of runs) {
      if (!options.matches(run)) continue;
      this.shown.set(run.id, run);
      const key = groupKey(run, options.groupBy);
      const group = this.groups.get(key);
      if (group) group.push(run);
      else this.groups.set(key, [run]);
    }
    for (const group of this.groups.values()) group.sort(this.compare);
  }

  /**
   * The runs of this model that pass `matches`, in the same groups and order, as a model whose
   * filter is `matches` (call it on a model without a filter). One test per run: no regrouping and
   * no sorting, so a filter over 100,000 runs costs what testing them costs.
   */
  narrowed(matches: (run: GroupedRun) => boolean): GroupedRuns<R> {
    const out = new GroupedRuns<R>({ ...this.options, matches }, []);
    for (const [key, group] of this.groups) {
      const kept = group.filter(matches);
      if (kept.length === 0) continue;
      out.groups.set(key, kept);
      for (const run of kept) out.shown.set(run.id, run);
    }
    return out;
  }

  /** How many runs pass the filter. */
  get size(): number {
    return this.shown.size;
  }

  /** Group keys in display order: by their newest run, or for status groups running first. */
  keys(): string[] {
    const keys = [...this.groups.keys()];
    if (this.options.groupBy === 'status') {
      return keys.sort((a, b) => STATUS_ORDER.indexOf(a as RunStatus) - STATUS_ORDER.indexOf(b as RunStatus));
    }
    const newest = new Map(keys.map((k) => [k, newestId(this.groups.get(k) ?? [], this.options.sort)]));
    return keys.sort((a, b) => {
      const na = newest.get(a) ?? '';
      const nb = newest.get(b) ?? '';
      return na < nb ? 1 : na > nb ? -1 : 0;
    });
  }

  /** The rows group `key` shows now, and how many are behind its "Show more…". */
  page(key: string): GroupPage<R> {
    const group = this.groups.get(key) ?? [];
    const limit = this.limitOf(key);
    return { runs: group.slice(0, limit), more: Math.max(0, group.length - limit) };
  }

  /** Shows one more page of group `key`. */
  showMore(key: string): void {
    this.limits.set(key, this.limitOf(key) + this.pageSize);
  }

  /** Back to the first page of every group (the model shown again, as after a regrouping). */
  resetPages(): void {
    this.limits.clear();
  }

  /** Extends the page of run `id`'s group until it shows the run; returns the group, if the run passes the filter. */
  reveal(id: string): string | undefined {
    const run = this.shown.get(id);
    if (!run) return undefined;
    const key = groupKey(run, this.options.groupBy);
    const index = this.indexIn(this.groups.get(key) ?? [], run);
    while (index >= this.limitOf(key)) this.showMore(key);
    return key;
  }

  /** Takes in changed runs (`after` undefined: the run is gone) and says what must be redrawn. */
  apply(changes: Iterable<{ readonly id: string; readonly after: R | undefined }>): RunsDelta {
    const keysBefore = this.keys().join('\n');
    const changedGroups = new Set<string>();
    const rows = new Set<string>();
    for (const { id, after } of changes) {
      const before = this.shown.get(id);
      const visible = after !== undefined && this.options.matches(after);
      const oldKey = before && groupKey(before, this.options.groupBy);
      const newKey = visible ? groupKey(after, this.options.groupBy) : undefined;
      const oldIndex = before && oldKey !== undefined ? this.remove(oldKey, before) : -1;
      const newIndex = visible && newKey !== undefined ? this.insert(newKey, after) : -1;
      if (oldKey !== undefined && oldKey === newKey && oldIndex === newIndex) {
        // Same place: only the row itself changed, and only a shown row needs drawing.
        if (newIndex < this.limitOf(newKey)) rows.add(id);
        continue;
      }
      // Rows came, went or moved: the count behind "Show more…" or the page itself changed.
      if (oldKey !== undefined) changedGroups.add(oldKey);
      if (newKey !== undefined) changedGroups.add(newKey);
    }
    for (const key of changedGroups) if (!this.groups.has(key)) this.limits.delete(key);
    return { groups: this.keys().join('\n') !== keysBefore, changedGroups, rows };
  }

  private limitOf(key: string): number {
    return this.limits.get(key) ?? this.pageSize;
  }

  /** Removes `run` (the manifest the model holds) from its group; returns where it was. */
  private remove(key: string, run: R): number {
    this.shown.delete(run.id);
    const group = this.groups.get(key);
    if (!group) return -1;
    const index = this.indexIn(group, run);
    if (index >= 0) group.splice(index, 1);
    if (group.length === 0) this.groups.delete(key);
    return index;
  }

  private insert(key: string, run: R): number {
    this.shown.set(run.id, run);
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = []));
    const index = this.lowerBound(group, run);
    group.splice(index, 0, run);
    return index;
  }

  /** Where `run` (an element of the sorted `group`) sits: a binary search, checked, else a scan. */
  private indexIn(group: readonly R[], run: R): number {
    const at = this.lowerBound(group, run);
    return group[at] === run ? at : group.indexOf(run);
  }

  /** The first position whose run does not sort before `run`. */
  private lowerBound(group: readonly R[], run: R): number {
    let lo = 0;
    let hi = group.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(group[mid] as R, run) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The id of a group's newest run (ids sort by creation time). */
function newestId(group: readonly GroupedRun[], sort: RunSort): string {
  if (sort.by === 'newest') return group[0]?.id ?? '';
  let newest = '';
  for (const run of group) if (run.id > newest) newest = run.id;
  return newest;
}
