// The Runs view's data: folders (multi-root only) -> groups (by experiment, status or branch, or
// flat by date) -> runs, newest first. Store changes redraw only the rows that changed, or the
// groups when rows came, went or moved.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import { type RunManifest, type RunStatus, TERMINAL_STATUSES } from '../../core/model';
import { RedrawPacer } from '../../views/present/redrawPacer';
import { sparkline } from '../../views/present/sparkline';
import { sortRuns } from '../../core/query/sort';
import { readRunSeries } from '../../core/series/read';
import { type FolderRuns, type RunsChange } from './folderRuns';
import { runTreeItem, trashedRunItem } from './runItem';
import { runUri } from './verdictDecorations';
import { currentSparkOptions, onDidChangeSparkOptions, type SparkOptions } from './sparkSetting';
import { type RunsViewState } from './viewState';
import { own } from '../../core/dict';

/** How the view groups runs (setting `runlens.runs.groupBy`). */
export type GroupBy = 'experiment' | 'status' | 'branch' | 'date';

/** A node of the Runs tree. */
export type RunsNode =
  | { readonly kind: 'folder'; readonly folder: FolderRuns }
  | { readonly kind: 'group'; readonly folder: FolderRuns; readonly key: string }
  | { readonly kind: 'run'; readonly folder: FolderRuns; readonly id: string }
  | { readonly kind: 'trash'; readonly folder: FolderRuns }
  | { readonly kind: 'trashed'; readonly folder: FolderRuns; readonly run: RunManifest };

/** Sparklines are read for at most this many runs per group (newest first); older rows show none. */
const SPARKLINE_ROWS = 200;
/**
 * Gaps between redraws. VS Code debounces a tree's change events by 200 ms, so a live run that
 * changes every 100 ms would never be redrawn if every change fired; 250 ms leaves the gap VS Code
 * waits for. A row is redrawn at most once a second: VS Code drops a click on a row that is
 * redrawn while the button is down (microsoft/vscode#153982), and four redraws a second lost many.
 * A row not redrawn in the last second (a run's first value) waits only the short gap.
 */
const REDRAW_GAPS = { all: 250, rows: 1000 };
const STATUS_ORDER: RunStatus[] = ['running', 'queued', 'failed', 'crashed', 'stopped', 'finished'];

/** The cached nodes of one FolderRuns (see RunsTree.nodes). */
interface FolderNodes {
  readonly folder: RunsNode & { kind: 'folder' };
  readonly trash: RunsNode & { kind: 'trash' };
  readonly runs: Map<string, RunsNode & { kind: 'run' }>;
  /** By `groupBy|key`. */
  readonly groups: Map<string, RunsNode & { kind: 'group' }>;
}

function groupKey(run: RunManifest, by: GroupBy): string {
  switch (by) {
    case 'experiment': return run.experiment ?? '(ad-hoc commands)';
    case 'status': return run.status;
    case 'branch': {
      const code = run.code;
      return code?.branch ?? (code?.detached ? '(detached HEAD)' : '(no git)');
    }
    case 'date': return '';
  }
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
  private readonly sparks = new Map<string, { count: number; spark: string }>();
  private readonly subscriptions = new DisposableStore();
  private readonly pacer = new RedrawPacer<RunsNode>((node) => this.emitter.fire(node), REDRAW_GAPS);
  private spark: SparkOptions | undefined = currentSparkOptions();
  /** Adds what other features know of a run to its row (the stale mark, staleMarks.ts). */
  rowDecorator: ((item: vscode.TreeItem, folder: FolderRuns, run: RunManifest) => void) | undefined;

  constructor(private readonly folders: () => readonly FolderRuns[], private groupBy: GroupBy, private readonly view: RunsViewState) {
    this.subscriptions.addAll(
      view.onDidChange(() => this.pacer.schedule(undefined)),
      // A new style or theme: every cached sparkline is drawn again on the redraw.
      onDidChangeSparkOptions(() => {
        this.spark = currentSparkOptions();
        this.sparks.clear();
        this.pacer.schedule(undefined);
      }),
    );
  }

  /** The runs of `folder` the view shows: those passing the filter, in the chosen order. */
  async visibleRuns(folder: FolderRuns): Promise<RunManifest[]> {
    const runs = (await folder.list()).filter((r) => this.view.matches(r));
    return this.view.sort.by === 'newest' ? runs : sortRuns(runs, this.view.sort);
  }

  /** Follows a folder's changes until this tree is disposed. */
  track(folder: FolderRuns): void {
    this.subscriptions.addAll(folder.onDidChange((c) => void this.onChange(c)));
  }

  setGroupBy(by: GroupBy): void {
    this.groupBy = by;
    this.pacer.schedule(undefined);
  }

  /** Redraws everything (folders added or removed, settings changed). */
  refresh(): void {
    this.pacer.schedule(undefined);
  }

  /** Redraws the rows of `ids` (something their decorator shows changed). */
  redrawRows(folder: FolderRuns, ids: readonly string[]): void {
    for (const id of ids) {
      const node = this.nodesOf(folder).runs.get(id);
      if (node) this.pacer.schedule(node);
    }
  }

  private async onChange(c: RunsChange): Promise<void> {
    if (c.structural) {
      this.pacer.schedule(undefined);
      return;
    }
    // Only the changed rows are redrawn, with their sparklines re-read first so a live run's
    // row shows its newest value and history together.
    const runs = [...c.changed].map((id) => c.folder.get(id)).filter((r): r is RunManifest => r !== undefined);
    await this.loadSparks(c.folder, runs);
    for (const run of runs) {
      const node = this.nodesOf(c.folder).runs.get(run.id);
      if (node) this.pacer.schedule(node);
    }
  }

  private nodesOf(folder: FolderRuns): FolderNodes {
    let cached = this.nodes.get(folder);
    if (!cached) {
      cached = { folder: { kind: 'folder', folder }, trash: { kind: 'trash', folder }, runs: new Map(), groups: new Map() };
      this.nodes.set(folder, cached);
    }
    return cached;
  }

  private runNode(folder: FolderRuns, id: string): RunsNode & { kind: 'run' } {
    const runs = this.nodesOf(folder).runs;
    let node = runs.get(id);
    if (!node) {
      node = { kind: 'run', folder, id };
      runs.set(id, node);
    }
    return node;
  }

  private groupNode(folder: FolderRuns, key: string): RunsNode & { kind: 'group' } {
    const groups = this.nodesOf(folder).groups;
    const id = `${this.groupBy}|${key}`;
    let node = groups.get(id);
    if (!node) {
      node = { kind: 'group', folder, key };
      groups.set(id, node);
    }
    return node;
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (!node) {
      const folders = this.folders();
      if (folders.length <= 1) return folders[0] ? this.folderChildren(folders[0]) : [];
      // Multi-root: one node per folder that has runs; none at all lets the welcome content show.
      const withRuns = await Promise.all(folders.map(async (f) => ((await this.visibleRuns(f)).length > 0 || this.view.showTrash ? f : undefined)));
      return withRuns.filter((f): f is FolderRuns => f !== undefined).map((folder) => this.nodesOf(folder).folder);
    }
    if (node.kind === 'folder') return this.folderChildren(node.folder);
    if (node.kind === 'trash') {
      const trashed = await node.folder.store.listTrash().catch(() => []); // no trash folder yet (or an unreadable one) shows an empty trash
      return trashed.filter((r) => this.view.matches(r)).map((run) => ({ kind: 'trashed', folder: node.folder, run }));
    }
    if (node.kind === 'group') {
      const runs = (await this.visibleRuns(node.folder)).filter((r) => groupKey(r, this.groupBy) === node.key);
      await this.loadSparks(node.folder, runs.slice(0, SPARKLINE_ROWS));
      return runs.map((r) => this.runNode(node.folder, r.id));
    }
    return [];
  }

  private async folderChildren(folder: FolderRuns): Promise<RunsNode[]> {
    const runs = await this.visibleRuns(folder);
    const trash: RunsNode[] = this.view.showTrash ? [this.nodesOf(folder).trash] : [];
    if (this.groupBy === 'date') {
      await this.loadSparks(folder, runs.slice(0, SPARKLINE_ROWS));
      return [...runs.map((r) => this.runNode(folder, r.id)), ...trash];
    }
    // Groups in the order of their newest run, except status groups, which follow STATUS_ORDER.
    const newest = this.view.sort.by === 'newest' ? runs : [...runs].sort((a, b) => (a.id < b.id ? 1 : -1));
    const keys = [...new Set(newest.map((r) => groupKey(r, this.groupBy)))];
    if (this.groupBy === 'status') keys.sort((a, b) => STATUS_ORDER.indexOf(a as RunStatus) - STATUS_ORDER.indexOf(b as RunStatus));
    return [...keys.map((key) => this.groupNode(folder, key)), ...trash];
  }

  private async loadSparks(folder: FolderRuns, runs: RunManifest[]): Promise<void> {
    const spark = this.spark;
    if (!spark) return;
    // Dots draw two values per character.
    const points = spark.style === 'dots' ? 2 * spark.width : spark.width;
    await Promise.all(runs.map(async (run) => {
      const metric = folder.goalOf(run).primary;
      const count = metric ? own(run.metrics, metric)?.count ?? 0 : 0;
      if (!metric || count === 0 || this.sparks.get(run.id)?.count === count) return;
      // Straight from the run's directory: the tree has the manifest already, and the store's
      // readSeries would re-read it (and check for a crash) for every row.
      const terminal = TERMINAL_STATUSES.includes(run.status);
      const series = await readRunSeries(folder.store.runDir(run.id), metric, { maxPoints: points, terminal }).catch(() => undefined); // a series unreadable right now (run being deleted, ingest mid-write) draws no sparkline; the next redraw retries
      if (this.spark === spark) this.sparks.set(run.id, { count, spark: series ? sparkline(series.values, spark.width, spark.style) : '' });
    }));
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'folder') {
      const item = new vscode.TreeItem(node.folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = vscode.ThemeIcon.Folder;
      item.contextValue = 'folder';
      return item;
    }
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.key || '(all)', vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${node.folder.folder.uri.toString()}|group|${this.groupBy}|${node.key}`;
      item.iconPath = new vscode.ThemeIcon(this.groupBy === 'experiment' ? 'beaker' : this.groupBy === 'branch' ? 'git-branch' : 'symbol-enum');
      item.contextValue = 'group';
      const goal = this.groupBy === 'experiment' ? node.folder.experimentGoal(node.key) : undefined;
      if (goal?.primary) item.description = `${goal.primary} ${goal.goal === 'min' ? '↓' : '↑'}`;
      return item;
    }
    if (node.kind === 'trash') {
      const item = new vscode.TreeItem('Trash', vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${node.folder.folder.uri.toString()}|trash`;
      item.iconPath = new vscode.ThemeIcon('trash');
      item.contextValue = 'trash';
      item.tooltip = 'Deleted runs: restore them, or empty the trash to delete them for good';
      return item;
    }
    if (node.kind === 'trashed') {
      const item = trashedRunItem(node.run, node.folder.goalOf(node.run));
      item.id = `${node.folder.folder.uri.toString()}|trash|${node.run.id}`;
      return item;
    }
    const run = node.folder.get(node.id);
    if (!run) return new vscode.TreeItem('(removed)');
    // In an experiment's group whose header names the primary metric, rows show just the value.
    const named = this.groupBy === 'experiment' && run.experiment !== null && node.folder.experimentGoal(run.experiment)?.primary !== undefined;
    const item = runTreeItem(run, node.folder.goalOf(run), this.spark ? this.sparks.get(run.id)?.spark ?? '' : '', !named);
    // The reproduction verdict's ✓/✗ comes from a decoration keyed by this URI (verdictDecorations.ts).
    item.resourceUri = runUri(node.folder.folder, run.id);
    item.id = `${node.folder.folder.uri.toString()}|${run.id}`;
    this.rowDecorator?.(item, node.folder, run);
    return item;
  }

  // --- Reveal support (status bar and run-end notifications): TreeView.reveal walks getParent. ---

  /** The row node of a run (the same object the tree shows), for TreeView.reveal. */
  nodeOfRun(folder: FolderRuns, id: string): RunsNode {
    return this.runNode(folder, id);
  }

  /** The parent of a node, mirroring getChildren: run -> group (or folder) -> folder (multi-root). */
  getParent(node: RunsNode): RunsNode | undefined {
    const top = this.folders().length > 1 ? this.nodesOf(node.folder).folder : undefined;
    if (node.kind === 'folder') return undefined;
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
