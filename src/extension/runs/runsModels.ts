// What the Runs view shows of each folder: its runs grouped, sorted and filtered (GroupedRuns), drawn
// from the store's newest runs until the whole listing lands, and kept current from store changes.
// Says what to redraw; the tree (runsTree.ts) owns the nodes and paces the redraws.
import { type RunSummary } from '../../core/store/summary';
import { type GroupBy, GroupedRuns, type RunsDelta } from '../../views/runs/groupedRuns';
import { completeHead, type HeadCompletion, headFirstApplies, headShowsMore } from '../../views/runs/headFirst';
import { type FolderRuns, type RunsChange } from './folderRuns';
import { type RunsViewState } from './viewState';

/** One folder's models (see RunsModels.model). */
interface FolderModel {
  /** The visible runs grouped and paged; built on first use, dropped when filter, sort or grouping change. */
  model?: Promise<GroupedRuns<RunSummary>>;
  /**
   * Every run grouped and sorted for grouping and sort `key`, with no filter: a filter narrows it
   * (no regrouping of the whole store) and Clear Filter shows it again as it is.
   */
  all?: { readonly key: string; readonly model: Promise<GroupedRuns<RunSummary>> };
  /**
   * While the store is still being listed: the model of its newest runs, which the view shows
   * (changes go into it at once), and the runs changed since, applied again to the whole grouping.
   */
  head?: { readonly model: GroupedRuns<RunSummary>; readonly changed: Set<string>; readonly shown: () => boolean };
  /** How many rows each group's "Show more…" stands for, as last listed (-1: counting). */
  readonly moreCounts: Map<string, number>;
}

/** What the tree is asked to redraw. */
export interface ModelRedraws {
  /** Everything, from the top. */
  all(): void;
  /** The rows of group `key` of `folder` (its page). */
  page(folder: FolderRuns, key: string): void;
  /** The "Show more…" row of group `key` (its count changed). */
  more(folder: FolderRuns, key: string): void;
  /** What a change to the model shown asks for (rows, groups). */
  delta(folder: FolderRuns, delta: RunsDelta): Promise<void>;
}

/** The Runs view's models, one per FolderRuns object (a store reopened for a folder gets its own). */
export class RunsModels {
  private readonly folders = new WeakMap<FolderRuns, FolderModel>();

  constructor(private groupBy: GroupBy, private readonly view: RunsViewState, private readonly redraws: ModelRedraws) {}

  /** The grouping in use. */
  get grouping(): GroupBy {
    return this.groupBy;
  }

  /** Groups by `by` from now on (the caller redraws). */
  setGroupBy(by: GroupBy): void {
    this.groupBy = by;
  }

  /** The runs of `folder` the view shows: those passing the filter, grouped and sorted (every page). */
  async model(folder: FolderRuns): Promise<GroupedRuns<RunSummary>> {
    const m = this.of(folder);
    const key = `${this.groupBy}|${JSON.stringify(this.view.sort)}`;
    if (m.all?.key !== key) {
      const groupBy = this.groupBy;
      const sort = this.view.sort;
      // Not before the first rows when they come from the newest runs (firstPages says when it needs it).
      m.all = { key, model: folder.listAfterRows().then((runs) => new GroupedRuns({ groupBy, sort, matches: () => true }, runs)) };
      delete m.model;
      delete m.head;
    }
    const all = m.all.model;
    // Shown anew (first paint, Clear Filter, trash shown or hidden): first pages, as if regrouped.
    if (!m.model) {
      // Whether this model is still the one shown (a filter, sort or reload may have replaced it).
      const model: Promise<GroupedRuns<RunSummary>> = this.firstPages(folder, m, all, () => m.model === model);
      m.model = model;
    }
    return m.model;
  }

  /** Shows every folder anew from the top (filter, sort, grouping or trash changed): models are rebuilt on the next ask. */
  reset(folders: readonly FolderRuns[]): void {
    for (const folder of folders) {
      const m = this.of(folder);
      delete m.model;
      delete m.head;
    }
  }

  /** How many rows group `key`'s "Show more…" stands for, as last listed (-1: still counting). */
  moreCount(folder: FolderRuns, key: string): number {
    return this.of(folder).moreCounts.get(key) ?? 0;
  }

  /** Notes the count of group `key`'s "Show more…" as its page is drawn from `model`. */
  notePage(folder: FolderRuns, model: GroupedRuns<RunSummary>, key: string): void {
    const m = this.of(folder);
    // Drawn from the newest runs: "Show more…" says it is counting until the whole listing lands.
    m.moreCounts.set(key, m.head?.model === model && headShowsMore(model, key) ? -1 : model.page(key).more);
  }

  /** Resolves once the view shows the whole listing of `folder` (not only its newest runs). */
  async listed(folder: FolderRuns): Promise<void> {
    const m = this.of(folder);
    if (m.head) await m.all?.model;
  }

  /** Takes a folder's change into its models and has what it changed redrawn. */
  async onChange(c: RunsChange): Promise<void> {
    const m = this.of(c.folder);
    // The first listing landed: the model waiting for it (or the newest runs' view) takes it up.
    if (c.firstListing) return;
    // A reload (no run named): the folder's runs are read afresh.
    if (c.changed.size === 0) {
      delete m.model;
      delete m.all;
      delete m.head;
      this.redraws.all();
      return;
    }
    if (!m.all) return; // nothing shown yet: the first getChildren builds it from the cache
    const changes = [...c.changed].map((id) => ({ id, after: c.folder.get(id) }));
    const head = m.head;
    if (head) {
      // Still listing: the newest runs' view takes the change now (a new run shows at once), the
      // whole grouping when it lands.
      for (const id of c.changed) head.changed.add(id);
      await this.redraws.delta(c.folder, head.model.apply(changes));
      return;
    }
    const [all, model] = await Promise.all([m.all.model, m.model]);
    // The unfiltered grouping, kept for the next filter and Clear Filter, follows every change
    // (applying one twice is harmless: the run is taken out and put back in its place).
    if (all !== model) all.apply(changes);
    if (!model) return; // a new filter or sort is being drawn from the top, with this change in it
    await this.redraws.delta(c.folder, model.apply(changes));
  }

  /**
   * The model to show from the top: the unfiltered grouping (or narrowed by the filter) once every
   * run is listed; before that, in the newest-first order without a filter, a model of the store's
   * newest runs, completed when the listing lands ({@link completeHead}).
   */
  private async firstPages(folder: FolderRuns, m: FolderModel, all: Promise<GroupedRuns<RunSummary>>, shown: () => boolean): Promise<GroupedRuns<RunSummary>> {
    const groupBy = this.groupBy;
    const sort = this.view.sort;
    if (!folder.listed && headFirstApplies(sort, this.view.filter !== '')) {
      const newest = await folder.newest();
      if (newest && !folder.listed && shown()) {
        const head = { model: new GroupedRuns<RunSummary>({ groupBy, sort, matches: () => true }, newest), changed: new Set<string>(), shown };
        m.head = head;
        void all.then((full) => this.completeHead(folder, m, head, full));
        return head.model;
      }
    }
    folder.rows.needListing();
    const model = await all;
    if (this.view.filter) return model.narrowed((r) => this.view.matches(r));
    model.resetPages();
    return model;
  }

  /** The whole listing landed: the view shows it, redrawing only what differs from the newest runs' pages. */
  private completeHead(folder: FolderRuns, m: FolderModel, head: NonNullable<FolderModel['head']>, full: GroupedRuns<RunSummary>): void {
    if (m.head !== head || !head.shown()) return; // shown anew meanwhile (filter, sort, grouping, reload): drawn from the whole listing already
    delete m.head;
    // A run that changed while the listing ran may have been listed before its change.
    full.apply([...head.changed].map((id) => ({ id, after: folder.get(id) })));
    full.resetPages();
    m.model = Promise.resolve(full);
    const done: HeadCompletion = completeHead(head.model, full);
    if (done.groups) {
      this.redraws.all();
      return;
    }
    for (const key of done.pages) this.redraws.page(folder, key);
    for (const key of done.counts) {
      m.moreCounts.set(key, full.page(key).more);
      this.redraws.more(folder, key);
    }
  }

  private of(folder: FolderRuns): FolderModel {
    let m = this.folders.get(folder);
    if (!m) this.folders.set(folder, (m = { moreCounts: new Map() }));
    return m;
  }
}
