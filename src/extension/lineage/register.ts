// Registers Show Lineage: on a run (Runs view context menu, or the palette with a run picker), on a
// file or folder (explorer and editor title context menus: where did this come from, what did it
// affect) and for the whole project of a workspace folder.
import { relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { HashCache } from '../../core/data/cache';
import { errorMessage } from '../../core/errors';
import { loadLineageRecords } from '../../core/lineage/load';
import { resolveDataTarget } from '../../core/lineage/target';
import { type LineageFocus } from '../../views/lineage/payload';
import { manifestOf, resolveTargets, type RunArg } from '../actions/targets';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsView } from '../runs/runsView';
import { LINEAGE_VIEW_TYPE, LineagePanel } from './panel';

/** Handles for tests: the open panels. */
export interface LineageHandles extends vscode.Disposable {
  panels(): readonly LineagePanel[];
}

/** Registers the commands; panels are closed with the extension or when their folder closes. */
export function registerLineage(context: vscode.ExtensionContext, view: RunsView, log: vscode.LogOutputChannel): LineageHandles {
  const panels = new Set<LineagePanel>();
  const open = (folder: FolderRuns, focus: LineageFocus, label: string): LineagePanel => {
    const p = vscode.window.createWebviewPanel(LINEAGE_VIEW_TYPE, 'Lineage', vscode.ViewColumn.Active, { enableScripts: true, enableFindWidget: true });
    const lp = new LineagePanel(p, folder, focus, label, context.extensionUri, log);
    panels.add(lp);
    lp.onDidDispose(() => panels.delete(lp));
    return lp;
  };

  const ofRun = async (arg?: unknown, selected?: unknown): Promise<LineagePanel | undefined> => {
    const [ref] = await resolveTargets(view, arg as RunArg, selected, { placeHolder: 'Show the lineage of which run?' });
    if (!ref) return undefined;
    if (ref.trashed) {
      void vscode.window.showInformationMessage('Runlens: restore the run from the Trash to see its lineage.');
      return undefined;
    }
    return open(ref.folder, { kind: 'run', runId: ref.id }, manifestOf(ref)?.name ?? ref.id);
  };

  const ofFile = async (uri?: unknown): Promise<LineagePanel | undefined> => {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    const wf = target && vscode.workspace.getWorkspaceFolder(target);
    const folder = wf && view.folderOf(wf.uri);
    if (!target || !folder) {
      void vscode.window.showErrorMessage('Runlens: Show Lineage works on a file or folder of an open workspace folder.');
      return undefined;
    }
    const path = relative(folder.folder.uri.fsPath, target.fsPath).split(sep).join('/') || '.';
    try {
      const records = await loadLineageRecords(folder.store);
      const dataTarget = await resolveDataTarget(folder.folder.uri.fsPath, records, path, () => HashCache.open(folder.store.root));
      return open(folder, { kind: 'data', path, target: dataTarget }, path);
    } catch (e) {
      void vscode.window.showErrorMessage(`Runlens could not hash ${path} to find its lineage: ${errorMessage(e)}`);
      return undefined;
    }
  };

  const ofProject = async (arg?: unknown): Promise<LineagePanel | undefined> => {
    const folders = view.folderRuns();
    let folder = typeof arg === 'string' || arg instanceof vscode.Uri ? view.folderOf(arg) : folders.length === 1 ? folders[0] : undefined;
    if (!folder && folders.length > 1) {
      const picked = await vscode.window.showQuickPick(folders.map((f) => ({ label: f.folder.name, folder: f })), { placeHolder: 'Show the lineage of which workspace folder?' });
      folder = picked?.folder;
    }
    if (!folder) return undefined;
    return open(folder, { kind: 'project' }, folder.folder.name);
  };

  const disposable = vscode.Disposable.from(
    vscode.commands.registerCommand('runlens.showLineage', ofRun),
    vscode.commands.registerCommand('runlens.showFileLineage', ofFile),
    vscode.commands.registerCommand('runlens.showProjectLineage', ofProject),
    new vscode.Disposable(() => { for (const p of panels) p.dispose(); }),
    view.onDidRetireFolder((folder) => { for (const p of panels) if (p.folder === folder) p.dispose(); }),
  );
  return { panels: () => [...panels], dispose: () => { disposable.dispose(); } };
}
