// What the user chose for the Runs view beyond grouping: the filter (with recent filters), the sort
// and whether the trash is shown. Kept in workspaceState so it survives reloads per workspace, and
// mirrored in context keys that pick the title bar buttons.
import * as vscode from 'vscode';
import { type ListedRun } from '../../core/model';
import { matchesFilter } from '../../core/query/evaluate';
import { type FilterNode, parseFilter } from '../../core/query/parse';
import { asRunSort, NEWEST_FIRST, type RunSort } from '../../core/query/sort';

const FILTER_KEY = 'runlens.runs.filter';
const RECENT_KEY = 'runlens.runs.recentFilters';
const SORT_KEY = 'runlens.runs.sort';
/** How many recent filters the filter input offers. */
const MAX_RECENT = 10;

/** Filter, sort and trash mode of the Runs view. */
export class RunsViewState implements vscode.Disposable {
  private filterText = '';
  private filterNode: FilterNode | undefined;
  private sortValue: RunSort;
  private trash = false;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires after any of filter, sort or trash mode changed. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly memento: vscode.Memento) {
    this.sortValue = asRunSort(memento.get(SORT_KEY));
    const saved = memento.get<string>(FILTER_KEY, '');
    try {
      this.filterNode = parseFilter(saved);
      this.filterText = this.filterNode ? saved.trim() : '';
    } catch {
      // A saved filter the grammar no longer accepts is dropped rather than hiding every run.
    }
    void this.syncContext();
  }

  /** The active filter as typed ('' for none). */
  get filter(): string {
    return this.filterText;
  }

  get sort(): RunSort {
    return this.sortValue;
  }

  get showTrash(): boolean {
    return this.trash;
  }

  /** Whether `run` passes the active filter. */
  matches(run: ListedRun): boolean {
    return matchesFilter(this.filterNode, run);
  }

  /** Sets the filter ('' clears it); throws QueryError when malformed, keeping the old one. */
  async setFilter(text: string): Promise<void> {
    const node = parseFilter(text);
    this.filterNode = node;
    this.filterText = node ? text.trim() : '';
    await this.memento.update(FILTER_KEY, this.filterText);
    if (this.filterText) {
      const recent = [this.filterText, ...this.recentFilters().filter((f) => f !== this.filterText)].slice(0, MAX_RECENT);
      await this.memento.update(RECENT_KEY, recent);
    }
    await this.changed();
  }

  /** Filters used before, most recent first. */
  recentFilters(): string[] {
    const v = this.memento.get<unknown>(RECENT_KEY, []);
    return Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string') : [];
  }

  async setSort(sort: RunSort): Promise<void> {
    this.sortValue = sort;
    await this.memento.update(SORT_KEY, sort.by === 'newest' ? undefined : sort);
    await this.changed();
  }

  async setShowTrash(show: boolean): Promise<void> {
    this.trash = show;
    await this.changed();
  }

  private async changed(): Promise<void> {
    this.emitter.fire();
    await this.syncContext();
  }

  private async syncContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'runlens.filterActive', this.filterText !== '');
    await vscode.commands.executeCommand('setContext', 'runlens.sortActive', this.sortValue.by !== NEWEST_FIRST.by);
    await vscode.commands.executeCommand('setContext', 'runlens.showingTrash', this.trash);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
