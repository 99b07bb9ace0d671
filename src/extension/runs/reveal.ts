// Revealing a run in the Runs view (from the status bar and notifications): shows the container,
// then selects the run's row, expanding its group.
import * as vscode from 'vscode';
import { type RunsView } from './runsView';

/** A run as the reveal command takes it: the folder's path and the run's id. */
export interface RunLocation {
  readonly folder: string;
  readonly id: string;
}

/** Reveals the run; tells the user when its row is not in the view (filtered out, deleted). */
export async function revealRun(view: RunsView, where: RunLocation | undefined): Promise<boolean> {
  if (!where) return false;
  const folder = view.folderRuns().find((f) => f.folder.uri.fsPath === where.folder);
  const run = folder?.get(where.id);
  if (!folder || !run) {
    void vscode.window.showInformationMessage('Runlens: that run is no longer in the store (deleted or moved to the trash).');
    return false;
  }
  await view.reveal();
  try {
    // An older run may sit beyond its group's first page: the page is extended to show it.
    await view.treeView.reveal(await view.tree.revealable(folder, where.id), { select: true, focus: true, expand: true });
    return true;
  } catch {
    // The row is not shown, e.g. the view's filter hides it.
    void vscode.window.showInformationMessage(`Runlens: ${run.name} is not shown in the Runs view right now (is a filter active?).`);
    return false;
  }
}
