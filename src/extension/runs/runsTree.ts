// The Runs view's data: folders (multi-root only) -> groups (by experiment, status or branch, or
// flat by date) -> runs, newest first, a page at a time ("Show more…"). Store changes redraw only
// the rows that changed, or the groups whose rows came, went or moved; tooltips are built on hover.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import { type RunManifest } from '../../core/model';
import { type RunSummary } from '../../core/store/summary';
import { RedrawPacer } from '../../views/present/redrawPacer';
import { type GroupBy, type GroupedRuns, groupKey, type RunsDelta } from '../../views/runs/groupedRuns';
import { type FolderRuns } from './folderRuns';
import { RunsModels } from './runsModels';
import { type RunsNode, RunsNodes } from './runsNodes';
import { RowSparks } from './rowSparks';
import { runTooltip, runTreeItem, trashedRunItem } from './runItem';
import { runUri } from './verdictDecorations';
import { onDidChangeSparkOptions } from './sparkSetting';
import { type RunsViewState } from './viewState';
import { folderTreeItem, groupTreeItem, moreTreeItem, trashTreeItem } from './groupItems';

export type { GroupBy } from '../../views/runs/groupedRuns';
export type { RunsNode } from './runsNodes';

/**
 * Gaps between redraws. VS Code debounces a tree's change events by 200 ms, so a live run that
 * changes every 100 ms would never be redrawn if every change fired; 250 ms leaves the gap VS Code
 * waits for. A row is redrawn at most once a second: VS Code drops a click on a row that is
 * redrawn while the button is down (microsoft/vscode#153982), and four redraws a second lost many.
 * A row not redrawn in the last second (a run's first value) waits only the short gap.
 */
const REDRAW_GAPS = { all: 250, rows: 1000 };

/** Tree data provider of the Runs view. */
export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly nodes = new RunsNodes(() => this.models.grouping);
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
  private readonly models: RunsModels;

  constructor(private readonly folders: () => readonly FolderRuns[], groupBy: GroupBy, private readonly view: RunsViewState) {
    this.models = new RunsModels(groupBy, view, {
      all: () => this.pacer.schedule(undefined),
      page: (folder, key) => this.pacer.schedule(this.pageParent(folder, key)),
      more: (folder, key) => this.pacer.schedule(this.nodes.more(folder, key)),
      delta: (folder, delta) => this.redrawDelta(folder, delta),
    });
    this.subscriptions.addAll(
      view.onDidChange(() => this.refresh()),
      onDidChangeSparkOptions(() => {
        this.sparks.reset();
        this.pacer.schedule(undefined);
      }),
    );
  }

  /** The runs of `folder` the view shows: those passing the filter, grouped and sorted (every page). */
  model(folder: FolderRuns): Promise<GroupedRuns<RunSummary>> {
    return this.models.model(folder);
  }

  /** Follows a folder's changes until this tree is disposed. */
  track(folder: FolderRuns): void {
    this.subscriptions.addAll(folder.onDidChange((c) => void this.models.onChange(c)));
  }

  setGroupBy(by: GroupBy): void {
    this.models.setGroupBy(by);
    this.refresh();
  }

  /**
   * Redraws everything (folders added or removed, filter, sort or trash changed). A new filter
   * narrows the unfiltered grouping kept per folder; a new sort or grouping regroups the runs.
   */
  refresh(): void {
    this.models.reset(this.folders());
    this.pacer.schedule(undefined);
  }

  /** Redraws what is shown without regrouping (goals from runlens.yaml or the settings changed). */
  redraw(): void {
    this.pacer.schedule(undefined);
  }

  /** Shows the next page of the group a "Show more…" row ends. */
  async showMore(node: RunsNode & { kind: 'more' }): Promise<void> {
    await this.models.listed(node.folder); // the next page comes from the whole listing
    (await this.model(node.folder)).showMore(node.key);
    // Asked for by a click: drawn now, not paced.
    this.emitter.fire(this.pageParent(node.folder, node.key));
  }

  /** The row node of a run, its group's page extended to show it first (for TreeView.reveal). */
  async revealable(folder: FolderRuns, id: string): Promise<RunsNode> {
    await this.models.listed(folder); // an older run is in the whole listing only
    const model = await this.model(folder);
    const run = folder.get(id);
    const key = run && groupKey(run, this.models.grouping);
    const before = key === undefined ? 0 : model.page(key).runs.length;
    if (key !== undefined && model.reveal(id) === key && model.page(key).runs.length !== before) this.emitter.fire(this.pageParent(folder, key));
    return this.nodes.run(folder, id);
  }

  /** Redraws the rows of `ids` (something their decorator shows changed). */
  redrawRows(folder: FolderRuns, ids: readonly string[]): void {
    for (const id of ids) {
      const node = this.nodes.existingRun(folder, id);
      if (node) this.pacer.schedule(node);
    }
  }

  /** Redraws what a change to the model shown asks for. */
  private async redrawDelta(folder: FolderRuns, delta: RunsDelta): Promise<void> {
    // Sparklines first, so a live run's row shows its newest value and history together.
    await this.sparks.load(folder, [...delta.rows].map((id) => folder.get(id)).filter((r): r is RunSummary => r !== undefined));
    // Groups came, went or moved (or, multi-root, a folder may have got its first run): from the top.
    if (delta.groups) this.pacer.schedule(undefined);
    else for (const key of delta.changedGroups) this.pacer.schedule(this.pageParent(folder, key));
    for (const id of delta.rows) this.pacer.schedule(this.nodes.run(folder, id));
  }

  /** The node whose children are the rows of group `key`: the group, or without groups the folder. */
  private pageParent(folder: FolderRuns, key: string): RunsNode | undefined {
    if (this.models.grouping !== 'date') return this.nodes.group(folder, key);
    return this.folders().length > 1 ? this.nodes.folder(folder) : undefined;
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
      return withRuns.filter((f): f is FolderRuns => f !== undefined).map((folder) => this.nodes.folder(folder));
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
    this.models.notePage(folder, model, key);
    await this.sparks.loadPage(folder, page.runs, (id) => this.pacer.schedule(this.nodes.run(folder, id)));
    const rows: RunsNode[] = page.runs.map((r) => this.nodes.run(folder, r.id));
    folder.rows.markPageDrawn();
    return page.more > 0 ? [...rows, this.nodes.more(folder, key)] : rows;
  }

  private async folderChildren(folder: FolderRuns): Promise<RunsNode[]> {
    const model = await this.model(folder);
    if (model.size === 0) folder.rows.markDrawn(); // no rows to wait for
    const trash: RunsNode[] = this.view.showTrash ? [this.nodes.trash(folder)] : [];
    if (this.models.grouping === 'date') return [...(await this.pageOf(folder, '')), ...trash];
    const keys = model.keys();
    folder.rows.markGroupsDrawn(keys.length);
    return [...keys.map((key) => this.nodes.group(folder, key)), ...trash];
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'folder') return folderTreeItem(node.folder);
    if (node.kind === 'group') return groupTreeItem(node.folder, node.key, this.models.grouping);
    if (node.kind === 'more') return moreTreeItem(node, this.models.moreCount(node.folder, node.key));
    if (node.kind === 'trash') return trashTreeItem(node.folder);
    if (node.kind === 'trashed') {
      const item = trashedRunItem(node.run, node.folder.goalOf(node.run));
      item.id = `${node.folder.folder.uri.toString()}|trash|${node.run.id}`;
      return item;
    }
    const run = node.folder.get(node.id);
    if (!run) return new vscode.TreeItem('(removed)');
    // In an experiment's group whose header names the primary metric, rows show just the value.
    const named = this.models.grouping === 'experiment' && run.experiment !== null && node.folder.experimentGoal(run.experiment)?.primary !== undefined;
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
    return this.nodes.run(folder, id);
  }

  /** The parent of a node, mirroring getChildren: run -> group (or folder) -> folder (multi-root). */
  getParent(node: RunsNode): RunsNode | undefined {
    const top = this.folders().length > 1 ? this.nodes.folder(node.folder) : undefined;
    if (node.kind === 'folder') return undefined;
    if (node.kind === 'more') return this.pageParent(node.folder, node.key);
    if (node.kind !== 'run') return top;
    const run = node.folder.get(node.id);
    const groupBy = this.models.grouping;
    return groupBy === 'date' || !run ? top : this.nodes.group(node.folder, groupKey(run, groupBy));
  }

  dispose(): void {
    this.pacer.dispose();
    this.emitter.dispose();
    this.subscriptions.dispose();
  }
}
