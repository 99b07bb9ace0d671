// Registers the Runs Table: the command that opens it (Runs view title bar, palette), one panel per
// workspace folder, the serializer that restores it after a reload, and the commands of its row
// context menu (webview/context), which act on the table's selection through the tree's commands.
import * as vscode from 'vscode';
import { TABLE_ACTIONS, type TableAction } from '../../protocol/runsTable';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsView } from '../runs/runsView';
import { OpenTrace } from './openTrace';
import { RUNS_TABLE_VIEW_TYPE, RunsTablePanel } from './panel';

/** Handles for tests: the open panels. */
export interface RunsTableHandles extends vscode.Disposable {
  panels(): readonly RunsTablePanel[];
}

/** What a row's `data-vscode-context` carries into a context-menu command. */
interface RowContext {
  readonly folder: string;
  readonly id: string;
}

function isRowContext(v: unknown): v is RowContext {
  return typeof v === 'object' && v !== null && typeof (v as RowContext).folder === 'string' && typeof (v as RowContext).id === 'string';
}

function isFolderState(v: unknown): v is { folder: string } {
  return typeof v === 'object' && v !== null && typeof (v as { folder?: unknown }).folder === 'string';
}

/** The command id of a context-menu action: `runlens.runsTable.compare`... */
export function tableCommand(action: TableAction): string {
  return `runlens.runsTable.${action}`;
}

/** Registers the command, the serializer and the context-menu commands. */
export function registerRunsTable(context: vscode.ExtensionContext, view: RunsView, log: vscode.LogOutputChannel): RunsTableHandles {
  const panels = new Map<FolderRuns, RunsTablePanel>();
  const open = (folder: FolderRuns, existing?: vscode.WebviewPanel, trace?: OpenTrace): RunsTablePanel => {
    const current = panels.get(folder);
    if (current && !existing) {
      current.panel.reveal();
      return current;
    }
    const panel = existing ?? vscode.window.createWebviewPanel(RUNS_TABLE_VIEW_TYPE, 'Runs Table', vscode.ViewColumn.Active, { enableScripts: true, enableFindWidget: true });
    const table = new RunsTablePanel(panel, folder, context.extensionUri, log, context.workspaceState, trace);
    panels.set(folder, table);
    table.onDidDispose(() => {
      if (panels.get(folder) === table) panels.delete(folder);
    });
    return table;
  };

  const command = async (arg?: unknown): Promise<RunsTablePanel | undefined> => {
    const commanded = Date.now();
    const named = typeof arg === 'string' || arg instanceof vscode.Uri ? view.folderOf(arg) : undefined;
    const folders = view.folderRuns();
    const folder = named ?? (folders.length <= 1 ? folders[0] : await pickFolder(folders));
    if (!folder) {
      if (folders.length === 0) void vscode.window.showInformationMessage('Runlens: open a folder to see its runs in a table.');
      return undefined;
    }
    // A new panel's open is timed from here (a quick pick's wait included): its log line says where the time went.
    return panels.has(folder) ? open(folder) : open(folder, undefined, new OpenTrace(commanded));
  };

  /** A context-menu action: on the right-clicked row and, when it is selected, the rest of the selection. */
  const onRow = (action: TableAction) => (arg: unknown): Promise<unknown> => {
    if (!isRowContext(arg)) return Promise.resolve(undefined);
    const folder = view.folderOf(arg.folder);
    const table = folder && panels.get(folder);
    return table ? table.act(action, table.targetsOf(arg.id)) : Promise.resolve(undefined);
  };

  const serializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      const folder = isFolderState(state) ? view.folderOf(state.folder) : undefined;
      if (folder && !panels.has(folder)) open(folder, panel);
      else panel.dispose(); // its folder is no longer open, or it has a table already
      return Promise.resolve();
    },
  };

  const disposable = vscode.Disposable.from(
    vscode.commands.registerCommand('runlens.openRunsTable', command),
    ...TABLE_ACTIONS.map((a) => vscode.commands.registerCommand(tableCommand(a), onRow(a))),
    vscode.window.registerWebviewPanelSerializer(RUNS_TABLE_VIEW_TYPE, serializer),
    view.onDidRetireFolder((folder) => panels.get(folder)?.dispose()),
    new vscode.Disposable(() => { for (const p of panels.values()) p.dispose(); }),
  );
  return { panels: () => [...panels.values()], dispose: () => { disposable.dispose(); } };
}

async function pickFolder(folders: readonly FolderRuns[]): Promise<FolderRuns | undefined> {
  const picked = await vscode.window.showQuickPick(folders.map((f) => ({ label: f.folder.name, description: f.folder.uri.fsPath, folder: f })), { placeHolder: 'Show the runs of which folder?' });
  return picked?.folder;
}
