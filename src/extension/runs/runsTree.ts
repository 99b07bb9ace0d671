// The Runs view's data: folders (multi-root only) -> groups (by experiment, status or branch, or
// flat by date) -> runs, newest first, a page at a time ("Show more…"). Store changes redraw only
// the rows that changed, or the groups whose rows came, went or moved; tooltips are built on hover.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import { type RunManifest } from '../../core/model';
import { type RunSummary } from '../../core/store/summary';
import { RedrawPacer } from '../../views/present/redrawPacer';
import { type GroupBy, GroupedRuns, groupKey, type RunsDelta } from '../../views/runs/groupedRuns';
import { completeHead, headFirstApplies, headShowsMore } from '../../views/runs/headFirst';
import { type FolderRuns, type RunsChange } from './folderRuns';
import { RowSparks } from './rowSparks';
import { runTooltip, runTreeItem, trashedRunItem } from './runItem';
import { runUri } from './verdictDecorations';
import { onDidChangeSparkOptions } from './sparkSetting';
import { type RunsViewState } from './viewState';
import { folderTreeItem, groupTreeItem, moreTreeItem, trashTreeItem } from './groupItems';

export type { GroupBy } from '../../views/runs/groupedRuns';

/** A node of the Runs tree. */
export type RunsNode =
  | { readonly kind: 'folder'; readonly folder: FolderRuns }
  | { readonly kind: 'group'; readonly folder: FolderRuns; readonly key: string }
  | { readonly kind: 'run'; readonly folder: FolderRuns; readonly id: string }
  /** "Show more…" at the end of a group's page (key '' when not grouping). */
  | { readonly kind: 'more'; readonly folder: FolderRuns; readonly key: string }
  | { readonly kind: 'trash'; readonly folder: FolderRuns }
  | { readonly kind: 'trashed'; readonly folder: FolderRuns; readonly run: RunManifest };

/**
 * Gaps between redraws. VS Code debounces a tree's change events by 200 ms, so a live run that
 * changes every 100 ms would never be redrawn if every change fired; 250 ms leaves the gap VS Code
 * waits for. A row is redrawn at most once a second: VS Code drops a click on a row that is
 * redrawn while the button is down (microsoft/vscode#153982), and four redraws a second lost many.
 * A row not redrawn in the last second (a run's first value) waits only the short gap.
 */
const REDRAW_GAPS = { all: 250, rows: 1000 };

/** Rows per page whose sparklines are read before the page is shown. */
const SPARKLINES_AWAITED = 30;

/** The cached nodes and model of one FolderRuns (see RunsTree.nodes). */
interface FolderNodes {
  readonly folder: RunsNode & { kind: 'folder' };
  readonly trash: RunsNode & { kind: 'trash' };
  readonly runs: Map<string, RunsNode & { kind: 'run' }>;
  /** By `groupBy|key`. */
  readonly groups: Map<string, RunsNode & { kind: 'group' }>;
  readonly more: Map<string, RunsNode & { kind: 'more' }>;
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
  /** How many rows each group's "Show more…" stands for, as last listed. */
  readonly moreCounts: Map<string, number>;
}

/** Tree data provider of the Runs view. */
export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  // Nodes are cached so each row and group keeps one identity: VS Code finds the rows to redraw,
  // and their parents, by the element objects it was given. Cached per FolderRuns object, not per
  // folder URI: a store reopened for the same folder (runlens.storePath) gets nodes of its own, and
  // the retired store's nodes go with it.
  private readonly nodes = new WeakMap<FolderRuns, FolderNodes>();
  private readonly sparks = new RowSparks();
  private readonly subscriptions = new DisposableStore();
  private readonly pacer = new RedrawPacer<RunsNode>((node) => this.emitter.fire(node), REDRAW_GAPS);
  /** Adds what other features know of a run to its row (the stale mark, staleMarks.ts). */
  rowDecorator: ((item: vscode.TreeItem, folder: FolderRuns, run: RunSummary) => void) | undefined;
  /** Adds to a row's tooltip when it is built on hover (the stale section, staleMarks.ts). */
  tooltipDecorator: ((tooltip: vscode.MarkdownString, folder: FolderRuns, run: RunManifest) => void) | undefined;
  /** Shows a Slurm run's job id and state on its row (slurmRows.ts). */
  slurmDecorator: ((item: vscode.TreeItem, folder: FolderRuns, id: string) => void) | undefined;
  /** Marks a row as pulled from a teammate (share/shareMarks.ts); runs before rowDecorator. */
  shareDecorator: ((item: vscode.TreeItem, folder: FolderRuns, run: RunSummary) => void) | undefined;
  /** Says in a row's tooltip whether the run is local only, pushed or pulled (share/shareMarks.ts). */
  shareTooltip: ((tooltip: vscode.MarkdownString, folder: FolderRuns, run: RunManifest) => Promise<void>) | undefined;

  constructor(private readonly folders: () => readonly FolderRuns[], private groupBy: GroupBy, private readonly view: RunsViewState) {
    this.subscriptions.addAll(
      view.onDidChange(() => this.refresh()),
      onDidChangeSparkOptions(() => {
        this.sparks.reset();
        this.pacer.schedule(undefined);
      }),
    );
  }

  /** The runs of `folder` the view shows: those passing the filter, grouped and sorted (every page). */
  async model(folder: FolderRuns): Promise<GroupedRuns<RunSummary>> {
    const nodes = this.nodesOf(folder);
    const key = `${this.groupBy}|${JSON.stringify(this.view.sort)}`;
    if (nodes.all?.key !== key) {
      const groupBy = this.groupBy;
      const sort = this.view.sort;
      nodes.all = { key, model: folder.list().then((runs) => new GroupedRuns({ groupBy, sort, matches: () => true }, runs)) };
      delete nodes.model;
      delete nodes.head;
    }
    const all = nodes.all.model;
    // Shown anew (first paint, Clear Filter, trash shown or hidden): first pages, as if regrouped.
    if (!nodes.model) {
      // Whether this model is still the one shown (a filter, sort or reload may have replaced it).
      const model: Promise<GroupedRuns<RunSummary>> = this.firstPages(folder, nodes, all, () => nodes.model === model);
      nodes.model = model;
    }
    return nodes.model;
  }

  /**
   * The model to show from the top: the unfiltered grouping (or narrowed by the filter) once every
   * run is listed; before that, in the newest-first order without a filter, a model of the store's
   * newest runs, completed when the listing lands ({@link completeHead}).
   */
  private async firstPages(folder: FolderRuns, nodes: FolderNodes, all: Promise<GroupedRuns<RunSummary>>, shown: () => boolean): Promise<GroupedRuns<RunSummary>> {
    const groupBy = this.groupBy;
    const sort = this.view.sort;
    if (!folder.listed && headFirstApplies(sort, this.view.filter !== '')) {
      const newest = await folder.newest();
      if (newest && !folder.listed && shown()) {
        const head = { model: new GroupedRuns<RunSummary>({ groupBy, sort, matches: () => true }, newest), changed: new Set<string>(), shown };
        nodes.head = head;
        void all.then((full) => this.completeHead(folder, nodes, head, full));
        return head.model;
      }
    }
    const m = await all;
    if (this.view.filter) return m.narrowed((r) => this.view.matches(r));
    m.resetPages();
    return m;
  }

  /** The whole listing landed: the view shows it, redrawing only what differs from the newest runs' pages. */
  private completeHead(folder: FolderRuns, nodes: FolderNodes, head: NonNullable<FolderNodes['head']>, full: GroupedRuns<RunSummary>): void {
    if (nodes.head !== head || !head.shown()) return; // shown anew meanwhile (filter, sort, grouping, reload): drawn from the whole listing already
    delete nodes.head;
    // A run that changed while the listing ran may have been listed before its change.
    full.apply([...head.changed].map((id) => ({ id, after: folder.get(id) })));
    full.resetPages();
    nodes.model = Promise.resolve(full);
    const done = completeHead(head.model, full);
    if (done.groups) {
      this.pacer.schedule(undefined);
      return;
    }
    for (const key of done.pages) this.pacer.schedule(this.pageParent(folder, key));
    for (const key of done.counts) {
      nodes.moreCounts.set(key, full.page(key).more);
      this.pacer.schedule(this.moreNode(folder, key));
    }
  }

  /** Follows a folder's changes until this tree is disposed. */
  track(folder: FolderRuns): void {
    this.subscriptions.addAll(folder.onDidChange((c) => void this.onChange(c)));
  }

  setGroupBy(by: GroupBy): void {
    this.groupBy = by;
    this.refresh();
  }

  /**
   * Redraws everything (folders added or removed, filter, sort or trash changed). A new filter
   * narrows the unfiltered grouping kept per folder; a new sort or grouping regroups the runs.
   */
  refresh(): void {
    for (const folder of this.folders()) {
      const nodes = this.nodesOf(folder);
      delete nodes.model;
      delete nodes.head;
    }
    this.pacer.schedule(undefined);
  }

  /** Redraws what is shown without regrouping (goals from runlens.yaml or the settings changed). */
  redraw(): void {
    this.pacer.schedule(undefined);
  }

  /** Shows the next page of the group a "Show more…" row ends. */
  async showMore(node: RunsNode & { kind: 'more' }): Promise<void> {
    await this.listed(node.folder); // the next page comes from the whole listing
    (await this.model(node.folder)).showMore(node.key);
    // Asked for by a click: drawn now, not paced.
    this.emitter.fire(this.pageParent(node.folder, node.key));
  }

  /** The row node of a run, its group's page extended to show it first (for TreeView.reveal). */
  async revealable(folder: FolderRuns, id: string): Promise<RunsNode> {
    await this.listed(folder); // an older run is in the whole listing only
    const model = await this.model(folder);
    const run = folder.get(id);
    const key = run && groupKey(run, this.groupBy);
    const before = key === undefined ? 0 : model.page(key).runs.length;
    if (key !== undefined && model.reveal(id) === key && model.page(key).runs.length !== before) this.emitter.fire(this.pageParent(folder, key));
    return this.runNode(folder, id);
  }

  /** Redraws the rows of `ids` (something their decorator shows changed). */
  redrawRows(folder: FolderRuns, ids: readonly string[]): void {
    for (const id of ids) {
      const node = this.nodesOf(folder).runs.get(id);
      if (node) this.pacer.schedule(node);
    }
  }

  /** Resolves once the view shows the whole listing of `folder` (not only its newest runs). */
  private async listed(folder: FolderRuns): Promise<void> {
    const nodes = this.nodesOf(folder);
    if (nodes.head) await nodes.all?.model;
  }

  private async onChange(c: RunsChange): Promise<void> {
    const nodes = this.nodesOf(c.folder);
    // The first listing landed: the model waiting for it (or the newest runs' view) takes it up.
    if (c.firstListing) return;
    // A reload (no run named): the folder's runs are read afresh.
    if (c.changed.size === 0) {
      delete nodes.model;
      delete nodes.all;
      delete nodes.head;
      this.pacer.schedule(undefined);
      return;
    }
    if (!nodes.all) return; // nothing shown yet: the first getChildren builds it from the cache
    const changes = [...c.changed].map((id) => ({ id, after: c.folder.get(id) }));
    const head = nodes.head;
    if (head) {
      // Still listing: the newest runs' view takes the change now (a new run shows at once), the
      // whole grouping when it lands.
      for (const id of c.changed) head.changed.add(id);
      await this.redrawDelta(c.folder, head.model.apply(changes));
      return;
    }
    const [all, model] = await Promise.all([nodes.all.model, nodes.model]);
    // The unfiltered grouping, kept for the next filter and Clear Filter, follows every change
    // (applying one twice is harmless: the run is taken out and put back in its place).
    if (all !== model) all.apply(changes);
    if (!model) return; // a new filter or sort is being drawn from the top, with this change in it
    await this.redrawDelta(c.folder, model.apply(changes));
  }

  /** Redraws what a change to the model shown asks for. */
  private async redrawDelta(folder: FolderRuns, delta: RunsDelta): Promise<void> {
    // Sparklines first, so a live run's row shows its newest value and history together.
    await this.sparks.load(folder, [...delta.rows].map((id) => folder.get(id)).filter((r): r is RunSummary => r !== undefined));
    // Groups came, went or moved (or, multi-root, a folder may have got its first run): from the top.
    if (delta.groups) this.pacer.schedule(undefined);
    else for (const key of delta.changedGroups) this.pacer.schedule(this.pageParent(folder, key));
    for (const id of delta.rows) this.pacer.schedule(this.runNode(folder, id));
  }

  /** The node whose children are the rows of group `key`: the group, or without groups the folder. */
  private pageParent(folder: FolderRuns, key: string): RunsNode | undefined {
    if (this.groupBy !== 'date') return this.groupNode(folder, key);
    return this.folders().length > 1 ? this.nodesOf(folder).folder : undefined;
  }

  private nodesOf(folder: FolderRuns): FolderNodes {
    let cached = this.nodes.get(folder);
    if (!cached) {
      cached = { folder: { kind: 'folder', folder }, trash: { kind: 'trash', folder }, runs: new Map(), groups: new Map(), more: new Map(), moreCounts: new Map() };
      this.nodes.set(folder, cached);
    }
    return cached;
  }

  private runNode(folder: FolderRuns, id: string): RunsNode & { kind: 'run' } {
    const runs = this.nodesOf(folder).runs;
    let node = runs.get(id);
    if (!node) runs.set(id, (node = { kind: 'run', folder, id }));
    return node;
  }

  private groupNode(folder: FolderRuns, key: string): RunsNode & { kind: 'group' } {
    const groups = this.nodesOf(folder).groups;
    const id = `${this.groupBy}|${key}`;
    let node = groups.get(id);
    if (!node) groups.set(id, (node = { kind: 'group', folder, key }));
    return node;
  }

  private moreNode(folder: FolderRuns, key: string): RunsNode & { kind: 'more' } {
    const more = this.nodesOf(folder).more;
    let node = more.get(key);
    if (!node) more.set(key, (node = { kind: 'more', folder, key }));
    return node;
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (!node) {
      const folders = this.folders();
      if (folders.length <= 1) return folders[0] ? this.folderChildren(folders[0]) : [];
      // Multi-root: one node per folder that has runs; none at all lets the welcome content show.
      const withRuns = await Promise.all(folders.map(async (f) => {
        if ((await this.model(f)).size > 0 || this.view.showTrash) return f;
        f.rows.markDrawn(); // a folder with no runs has no row to wait for
        return undefined;
      }));
      return withRuns.filter((f): f is FolderRuns => f !== undefined).map((folder) => this.nodesOf(folder).folder);
    }
    if (node.kind === 'folder') return this.folderChildren(node.folder);
    if (node.kind === 'trash') {
      const trashed = await node.folder.store.listTrash().catch(() => []); // no trash folder yet (or an unreadable one) shows an empty trash
      return trashed.filter((r) => this.view.matches(r)).map((run) => ({ kind: 'trashed', folder: node.folder, run }));
    }
    if (node.kind === 'group') return this.pageOf(node.folder, node.key);
    return [];
  }

  /** The rows of one group's page, then "Show more…" when the group has more. */
  private async pageOf(folder: FolderRuns, key: string): Promise<RunsNode[]> {
    const model = await this.model(folder);
    const page = model.page(key);
    const nodes = this.nodesOf(folder);
    // Drawn from the newest runs: "Show more…" says it is counting until the whole listing lands.
    nodes.moreCounts.set(key, nodes.head?.model === model && headShowsMore(model, key) ? -1 : page.more);
    // The rows a sidebar shows at once come with their sparklines; the rest of the page follows
    // (a first page of five groups would otherwise wait for 500 series reads).
    await this.sparks.load(folder, page.runs.slice(0, SPARKLINES_AWAITED));
    void this.sparks.load(folder, page.runs.slice(SPARKLINES_AWAITED)).then((drawn) => {
      for (const id of drawn) this.pacer.schedule(this.runNode(folder, id));
    });
    const rows: RunsNode[] = page.runs.map((r) => this.runNode(folder, r.id));
    folder.rows.markDrawn();
    return page.more > 0 ? [...rows, this.moreNode(folder, key)] : rows;
  }

  private async folderChildren(folder: FolderRuns): Promise<RunsNode[]> {
    const model = await this.model(folder);
    if (model.size === 0) folder.rows.markDrawn(); // no rows to wait for
    const trash: RunsNode[] = this.view.showTrash ? [this.nodesOf(folder).trash] : [];
    if (this.groupBy === 'date') return [...(await this.pageOf(folder, '')), ...trash];
    return [...model.keys().map((key) => this.groupNode(folder, key)), ...trash];
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'folder') return folderTreeItem(node.folder);
    if (node.kind === 'group') return groupTreeItem(node.folder, node.key, this.groupBy);
    if (node.kind === 'more') return moreTreeItem(node, this.nodesOf(node.folder).moreCounts.get(node.key) ?? 0);
    if (node.kind === 'trash') return trashTreeItem(node.folder);
    if (node.kind === 'trashed') {
      const item = trashedRunItem(node.run, node.folder.goalOf(node.run));
      item.id = `${node.folder.folder.uri.toString()}|trash|${node.run.id}`;
      return item;
    }
    const run = node.folder.get(node.id);
    if (!run) return new vscode.TreeItem('(removed)');
    // In an experiment's group whose header names the primary metric, rows show just the value.
    const named = this.groupBy === 'experiment' && run.experiment !== null && node.folder.experimentGoal(run.experiment)?.primary !== undefined;
    const item = runTreeItem(run, node.folder.goalOf(run), this.sparks.of(run.id), !named);
    // The reproduction verdict's ✓/✗ comes from a decoration keyed by this URI (verdictDecorations.ts).
    item.resourceUri = runUri(node.folder.folder, run.id);
    item.id = `${node.folder.folder.uri.toString()}|${run.id}`;
    this.shareDecorator?.(item, node.folder, run);
    this.rowDecorator?.(item, node.folder, run);
    this.slurmDecorator?.(item, node.folder, run.id);
    return item;
  }

  /**
   * The tooltip, built only when the pointer rests on a row: a redraw never carries 100 tables, and
   * the run's whole manifest (error, logged params, data files) is read for the row hovered only.
   */
  async resolveTreeItem(item: vscode.TreeItem, node: RunsNode): Promise<vscode.TreeItem> {
    if (item.tooltip !== undefined) return item;
    const run = node.kind === 'run' ? await node.folder.manifest(node.id) : node.kind === 'trashed' ? node.run : undefined;
    if (run) {
      const tooltip = runTooltip(run, node.folder.goalOf(run));
      if (node.kind === 'run') {
        this.tooltipDecorator?.(tooltip, node.folder, run);
        await this.shareTooltip?.(tooltip, node.folder, run);
      }
      item.tooltip = tooltip;
    }
    return item;
  }

  // --- Reveal support (status bar and run-end notifications): TreeView.reveal walks getParent. ---

  /** The row node of a run (the same object the tree shows); see revealable for one beyond its page. */
  nodeOfRun(folder: FolderRuns, id: string): RunsNode {
    return this.runNode(folder, id);
  }

  /** The parent of a node, mirroring getChildren: run -> group (or folder) -> folder (multi-root). */
  getParent(node: RunsNode): RunsNode | undefined {
    const top = this.folders().length > 1 ? this.nodesOf(node.folder).folder : undefined;
    if (node.kind === 'folder') return undefined;
    if (node.kind === 'more') return this.pageParent(node.folder, node.key);
    if (node.kind !== 'run') return top;
    const run = node.folder.get(node.id);
    return this.groupBy === 'date' || !run ? top : this.groupNode(node.folder, groupKey(run, this.groupBy));
  }

  dispose(): void {
    this.pacer.dispose();
    this.emitter.dispose();
    this.subscriptions.dispose();
  }
}
