// Registers the Run Detail view: the `runlens.showRun` command (a click on a run row, its context
// menu, or `{ folder, id }` from tests and other commands), the panel serializer and the
// `runlens-snapshot:` documents the diff editor reads.
import * as vscode from 'vscode';
import { refOf, resolveTargets, type RunArg } from '../actions/targets';
import { type RunsView } from '../runs/runsView';
import { RunDetailPanels } from './panels';
import { type RunDetailPanel, RUN_DETAIL_VIEW_TYPE } from './panel';
import { SNAPSHOT_SCHEME, SnapshotDocuments } from './snapshotDocs';

/** What `runlens.showRun` accepts besides a tree node: a run by id, optionally in its folder. */
export type ShowRunArg = RunArg | { readonly folder?: string; readonly id: string; readonly preview?: boolean };

/** Handles for the extension's API. */
export interface RunDetailHandles extends vscode.Disposable {
  readonly panels: RunDetailPanels;
}

/** Opens the run `arg` names; from the Runs view's click it reuses the preview panel. */
async function showRun(view: RunsView, panels: RunDetailPanels, arg: ShowRunArg): Promise<RunDetailPanel | undefined> {
  let ref = arg && typeof arg === 'object' && 'folder' in arg && arg.folder !== undefined ? refOf(view, arg as RunArg) : undefined;
  if (!ref && arg && typeof arg === 'object' && !('kind' in arg) && typeof arg.id === 'string') {
    // A click names only the id (the row knows no folder): find the folder whose runs hold it.
    const id = arg.id;
    const folder = view.folderRuns().find((f) => f.get(id) !== undefined);
    ref = folder ? { folder, id } : undefined;
  }
  // From the palette: the view's selection, else a quick pick of the runs.
  if (!ref && arg === undefined) [ref] = await resolveTargets(view, undefined, undefined, { placeHolder: 'Show the details of which run?' });
  if (!ref && arg === undefined) return undefined;
  if (!ref || ref.trashed) {
    void vscode.window.showInformationMessage(ref?.trashed ? 'Runlens: restore the run from the Trash to see its details.' : 'Runlens: click a run in the Runs view to see its details.');
    return undefined;
  }
  const preview = arg !== undefined && typeof arg === 'object' && 'preview' in arg && arg.preview === true;
  return panels.show(ref.folder, ref.id, { preview, preserveFocus: preview });
}

/** Registers the command, serializer and document provider. */
export function registerRunDetail(context: vscode.ExtensionContext, view: RunsView, log: vscode.LogOutputChannel): RunDetailHandles {
  const panels = new RunDetailPanels(view, context.extensionUri, log);
  const disposable = vscode.Disposable.from(
    panels,
    vscode.commands.registerCommand('runlens.showRun', (arg?: ShowRunArg) => showRun(view, panels, arg)),
    vscode.window.registerWebviewPanelSerializer(RUN_DETAIL_VIEW_TYPE, panels),
    vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, new SnapshotDocuments()),
  );
  return { panels, dispose: () => { disposable.dispose(); } };
}
