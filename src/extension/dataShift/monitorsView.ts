// The Data Shift view in the Runlens sidebar: one row per monitor of runlens.yaml with its last
// verdict ("shifted: 4 of 12 columns drifted", "checking…", "not checked: why"), a badge counting
// the shifted monitors, and a click opening the monitor's report. Shown while a folder has monitors.
import * as vscode from 'vscode';
import { escapeMarkdown } from '../../core/present/markdown';
import { driftedCount, shiftSummary } from '../../views/dataShift/payload';
import { DisposableStore } from '../disposableStore';
import { type MonitorState, type MonitorWatcher } from './monitors';
import { SHOW_DATA_SHIFT_COMMAND } from './signals';

/** The id the view is contributed under in package.json. */
export const MONITORS_VIEW_ID = 'runlens.monitors';

/** How a monitor's row reads: description, icon and colour. */
export function monitorRow(s: MonitorState, several: boolean): { description: string; icon: string; color?: string; context: string } {
  const where = several ? `${s.folder.folder.name} · ` : '';
  const r = s.outcome?.result;
  if (s.checking) return { description: `${where}checking…`, icon: 'loading~spin', context: 'monitor' };
  if (!r) return { description: `${where}not checked yet`, icon: 'circle-outline', context: 'monitor' };
  if (r.error !== undefined || !r.report) return { description: `${where}not checked: ${r.error ?? 'no report'}`, icon: 'error', color: 'problemsErrorIcon.foreground', context: 'monitor' };
  if (r.report.shifted) return { description: `${where}shifted: ${driftedCount(r.report)} drifted`, icon: 'warning', color: 'problemsWarningIcon.foreground', context: 'monitor.shifted' };
  return { description: `${where}no shift: ${driftedCount(r.report)} drifted`, icon: 'pass', color: 'testing.iconPassed', context: 'monitor.checked' };
}

/** Tree data over the watcher's monitors. */
class MonitorsTree implements vscode.TreeDataProvider<MonitorState> {
  readonly emitter = new vscode.EventEmitter<MonitorState | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly watcher: MonitorWatcher) {}

  getTreeItem(s: MonitorState): vscode.TreeItem {
    const several = vscode.workspace.workspaceFolders !== undefined && vscode.workspace.workspaceFolders.length > 1;
    const row = monitorRow(s, several);
    const t = new vscode.TreeItem(s.monitor.name, vscode.TreeItemCollapsibleState.None);
    t.id = s.key;
    t.description = row.description;
    t.iconPath = new vscode.ThemeIcon(row.icon, row.color ? new vscode.ThemeColor(row.color) : undefined);
    t.contextValue = row.context;
    const r = s.outcome?.result;
    const md = new vscode.MarkdownString();
    md.supportHtml = false;
    md.appendMarkdown(`**Monitor ${escapeMarkdown(s.monitor.name)}**\n\n`);
    md.appendMarkdown(`Reference: ${escapeMarkdown(r?.reference ?? JSON.stringify(s.monitor.reference))}\n\n`);
    md.appendMarkdown(`Current: ${escapeMarkdown(s.monitor.current.join(', '))}\n\n`);
    if (r?.report) md.appendMarkdown(`${escapeMarkdown(shiftSummary(r.report))}\n\n`);
    if (s.outcome) md.appendMarkdown(`Checked ${escapeMarkdown(s.outcome.checkedAt.toLocaleTimeString())}. Click to show the report.`);
    t.tooltip = md;
    t.command = { command: SHOW_DATA_SHIFT_COMMAND, title: 'Show Data Shift', arguments: [{ folder: s.folder.folder.uri.toString(), name: s.monitor.name }] };
    return t;
  }

  getChildren(s?: MonitorState): MonitorState[] {
    return s ? [] : this.watcher.all();
  }
}

/** Owns the view and its badge. */
export class MonitorsView implements vscode.Disposable {
  readonly treeView: vscode.TreeView<MonitorState>;
  private readonly tree: MonitorsTree;
  private readonly subscriptions = new DisposableStore();

  constructor(private readonly watcher: MonitorWatcher) {
    this.tree = new MonitorsTree(watcher);
    this.treeView = vscode.window.createTreeView(MONITORS_VIEW_ID, { treeDataProvider: this.tree });
    this.subscriptions.addAll(
      this.treeView, this.tree.emitter,
      watcher.onDidChange(() => this.update()),
      watcher.onDidLoad(() => this.update()),
    );
    this.update();
  }

  /** The badge's count of shifted monitors (0: no badge). */
  get shiftedCount(): number {
    return typeof this.treeView.badge?.value === 'number' ? this.treeView.badge.value : 0;
  }

  private update(): void {
    this.tree.emitter.fire(undefined);
    const shifted = this.watcher.all().filter((s) => s.outcome?.result.report?.shifted).length;
    this.treeView.badge = shifted > 0 ? { value: shifted, tooltip: `${shifted} monitor(s): incoming data shifted` } : undefined;
  }

  dispose(): void {
    this.subscriptions.dispose();
  }
}
