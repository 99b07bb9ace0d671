// How the Runs view's rows other than runs look: folder, group header, a group's "Show more…" and the Trash.
import * as vscode from 'vscode';
import { type GroupBy, PAGE_SIZE } from '../../views/runs/groupedRuns';
import { type FolderRuns } from './folderRuns';

/** The command a "Show more…" row runs (with its node); not in the palette. */
export const SHOW_MORE_COMMAND = 'runlens.runs.showMore';

/** A group's header: its key, an icon for the grouping, and the experiment's primary metric and goal. */
export function groupTreeItem(folder: FolderRuns, key: string, groupBy: GroupBy): vscode.TreeItem {
  const item = new vscode.TreeItem(key || '(all)', vscode.TreeItemCollapsibleState.Expanded);
  item.id = `${folder.folder.uri.toString()}|group|${groupBy}|${key}`;
  item.iconPath = new vscode.ThemeIcon(groupBy === 'experiment' ? 'beaker' : groupBy === 'branch' ? 'git-branch' : groupBy === 'author' ? 'account' : 'symbol-enum');
  item.contextValue = 'group';
  const goal = groupBy === 'experiment' ? folder.experimentGoal(key) : undefined;
  if (goal?.primary) item.description = `${goal.primary} ${goal.goal === 'min' ? '↓' : '↑'}`;
  return item;
}

/**
 * The row after a group's page: a click shows the next page. `more`: rows not shown yet, or -1 while
 * the store is still being listed (the view drew its newest runs first) and the count is not known.
 */
export function moreTreeItem(node: { readonly folder: FolderRuns; readonly key: string }, more: number): vscode.TreeItem {
  const item = new vscode.TreeItem('Show more…', vscode.TreeItemCollapsibleState.None);
  item.id = `${node.folder.folder.uri.toString()}|more|${node.key}`;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  const next = Math.min(more, PAGE_SIZE);
  item.description = more < 0 ? 'counting…' : `${next.toLocaleString('en-US')} of ${more.toLocaleString('en-US')} more`;
  item.tooltip = more < 0
    ? 'Shows the next runs of this group once every run of the store is listed; a filter narrows the runs of every page.'
    : `Shows the next ${next.toLocaleString('en-US')} runs of this group; a filter narrows the runs of every page.`;
  item.contextValue = 'more';
  item.command = { command: SHOW_MORE_COMMAND, title: 'Show More Runs', arguments: [node] };
  return item;
}

/** A workspace folder's node (multi-root workspaces only). */
export function folderTreeItem(folder: FolderRuns): vscode.TreeItem {
  const item = new vscode.TreeItem(folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
  item.iconPath = vscode.ThemeIcon.Folder;
  item.contextValue = 'folder';
  return item;
}

/** The Trash group, shown while the view shows deleted runs. */
export function trashTreeItem(folder: FolderRuns): vscode.TreeItem {
  const item = new vscode.TreeItem('Trash', vscode.TreeItemCollapsibleState.Expanded);
  item.id = `${folder.folder.uri.toString()}|trash`;
  item.iconPath = new vscode.ThemeIcon('trash');
  item.contextValue = 'trash';
  item.tooltip = 'Deleted runs: restore them, or empty the trash to delete them for good';
  return item;
}
