// Deleting (to the trash, with Undo), restoring, emptying the trash and stopping runs. Stopping
// signals the supervisor recorded in the run's manifest, so it is refused in an untrusted
// workspace (the pid comes from the workspace's files) and for runs of another host.
import * as vscode from 'vscode';
import { requestStop, StopError } from '../../core/runner/stopping';
import { cancelSlurmRun } from '../../core/slurm/cancel';
import { slurmCommands } from '../../core/slurm/commands';
import { RunStillRunningError } from '../../core/store/trash';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsNode } from '../runs/runsTree';
import { type RunsView } from '../runs/runsView';
import { messageOf, resolveTargets, runsLabel, type RunArg, type RunRef } from './targets';

/**
 * Moves the selected runs to the trash; running ones are skipped with a message. Returns the ids
 * moved. Whether a run is running is the store's call, made on disk under the run's lock: the
 * view's cache may still say `running` for a run that ended a moment ago.
 */
export async function deleteRuns(view: RunsView, arg: RunArg, selected: unknown): Promise<string[]> {
  const refs = await resolveTargets(view, arg, selected, { placeHolder: 'Delete which runs?', many: true, offer: (r) => r.status !== 'running' });
  const running: RunRef[] = [];
  const moved: RunRef[] = [];
  const failures: string[] = [];
  for (const ref of refs.filter((r) => !r.trashed)) {
    try {
      await ref.folder.store.delete(ref.id);
      moved.push(ref);
    } catch (e) {
      if (e instanceof RunStillRunningError) running.push(ref);
      else failures.push(messageOf(e));
    }
  }
  if (running.length > 0) {
    void vscode.window.showWarningMessage(`Runlens did not delete ${runsLabel(running)}: still running. Stop ${running.length === 1 ? 'it' : 'them'} first.`);
  }
  if (failures.length > 0) void vscode.window.showErrorMessage(`Runlens could not delete: ${failures.join('; ')}. Refresh the Runs view and try again.`);
  if (moved.length > 0) {
    // Not awaited: the notification stays until dismissed, the command is done already.
    void vscode.window.showInformationMessage(`Moved ${runsLabel(moved)} to the trash.`, 'Undo').then(async (choice) => {
      if (choice === 'Undo') await restoreRefs(moved);
    });
  }
  return moved.map((r) => r.id);
}

async function restoreRefs(refs: readonly RunRef[]): Promise<string[]> {
  const restored: string[] = [];
  const failures: string[] = [];
  for (const ref of refs) {
    try {
      await ref.folder.store.restore(ref.id);
      restored.push(ref.id);
    } catch (e) {
      failures.push(messageOf(e));
    }
  }
  if (failures.length > 0) void vscode.window.showErrorMessage(`Runlens could not restore: ${failures.join('; ')}. Show the trash to see what is left in it.`);
  return restored;
}

/** Moves runs back from the trash (from the Trash group, or `{ folder, id }`). Returns the ids restored. */
export async function restoreRuns(view: RunsView, arg: RunArg, selected: unknown): Promise<string[]> {
  const clicked = arg && 'kind' in arg ? [arg, ...(Array.isArray(selected) ? selected as RunsNode[] : [])] : [];
  let refs = clicked.filter((n): n is RunsNode & { kind: 'trashed' } => n.kind === 'trashed')
    .map((n): RunRef => ({ folder: n.folder, id: n.run.id, trashed: n.run }));
  refs = refs.filter((r, i) => refs.findIndex((o) => o.id === r.id && o.folder === r.folder) === i);
  if (arg && !('kind' in arg)) refs = await resolveTargets(view, arg, undefined, { placeHolder: '' });
  else if (!arg) refs = await pickTrashed(view);
  return restoreRefs(refs);
}

async function pickTrashed(view: RunsView): Promise<RunRef[]> {
  const items: (vscode.QuickPickItem & { ref: RunRef })[] = [];
  for (const folder of view.folderRuns()) {
    for (const run of await folder.store.listTrash().catch(() => [])) { // no trash folder yet (or an unreadable one): nothing to restore from it
      items.push({ label: run.name, description: `${run.experiment ?? 'ad-hoc'} · ${run.status}`, ref: { folder, id: run.id, trashed: run } });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Runlens: the trash is empty.');
    return [];
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Restore which runs?', canPickMany: true });
  return (picked ?? []).map((p) => p.ref);
}

/** Deletes trashed runs for good after a modal confirmation (`confirmed` skips it). Returns how many. */
export async function emptyTrash(view: RunsView, arg: RunsNode | { readonly folder: FolderRuns | vscode.Uri | string } | undefined, confirmed?: boolean): Promise<number> {
  let only: FolderRuns | undefined;
  if (arg && 'kind' in arg) only = arg.folder;
  else if (arg) only = typeof arg.folder === 'string' || arg.folder instanceof vscode.Uri ? view.folderOf(arg.folder) : arg.folder;
  const folders: FolderRuns[] = only ? [only] : view.folderRuns();
  const counts = await Promise.all(folders.map(async (f) => (await f.store.listTrash().catch(() => [])).length)); // no trash folder yet (or an unreadable one) counts as empty
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) {
    void vscode.window.showInformationMessage('Runlens: the trash is already empty.');
    return 0;
  }
  if (!confirmed) {
    const answer = await vscode.window.showWarningMessage(
      `Delete the ${total} run${total === 1 ? '' : 's'} in the trash for good?`,
      { modal: true, detail: 'Their metrics, logs and outputs are removed from disk, and their names become free. This cannot be undone.' },
      'Empty Trash',
    );
    if (answer !== 'Empty Trash') return 0;
  }
  let removed = 0;
  for (const f of folders) removed += await f.store.emptyTrash();
  return removed;
}

/** Asks the selected running run to stop (SIGTERM to its supervisor). Returns whether it was asked. */
export async function stopRun(view: RunsView, arg: RunArg, selected: unknown): Promise<boolean> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Runlens does not signal processes in an untrusted workspace: the process id would come from the workspace\'s files. Trust the workspace, or stop the run in its terminal.');
    return false;
  }
  const [ref] = await resolveTargets(view, arg, selected, { placeHolder: 'Stop which run?', offer: (r) => r.status === 'running' });
  if (!ref) return false;
  // Read fresh from disk: the cached manifest may be a moment old and the run may have ended.
  const run = await ref.folder.store.getRun(ref.id).catch(() => undefined);
  if (!run) return false;
  try {
    // A run on Slurm is stopped by the scheduler: scancel of its own task (docs/slurm.md).
    if (run.slurm) await cancelSlurmRun(ref.folder.store, run, slurmCommands());
    else await requestStop(run, false);
  } catch (e) {
    const hint = e instanceof StopError && e.kind === 'gone' ? ' Refresh the Runs view: it will show the run as crashed.' : '';
    void vscode.window.showWarningMessage(`Runlens could not stop ${run.name}: ${messageOf(e)}.${hint}`);
    return false;
  }
  vscode.window.setStatusBarMessage(`$(debug-stop) Stopping ${run.name}…`, 5000);
  return true;
}
