// Follows the store changes of every workspace folder the Runs view holds, including folders that
// come later (a folder added, the store location changed), for the status bar and notifications.
import * as vscode from 'vscode';
import { type FolderRuns, type RunsChange } from './folderRuns';
import { type RunsView } from './runsView';

/** Calls `listener` for every change of every folder's runs until disposed; `onFolders` when the set changed. */
export function followFolders(view: RunsView, listener: (change: RunsChange) => void, onFolders?: () => void): vscode.Disposable {
  const subscribed = new Map<FolderRuns, vscode.Disposable>();
  const sync = (): void => {
    const current = new Set(view.folderRuns());
    let changed = false;
    for (const [folder, sub] of subscribed) {
      if (!current.has(folder)) {
        sub.dispose();
        subscribed.delete(folder);
        changed = true;
      }
    }
    for (const folder of current) {
      if (subscribed.has(folder)) continue;
      subscribed.set(folder, folder.onDidChange(listener));
      changed = true;
    }
    if (changed) onFolders?.();
  };
  // The view re-creates its folders on these events, synchronously in its own (earlier) listener.
  const later = (): void => void setTimeout(sync, 0);
  sync();
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeWorkspaceFolders(later),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('runlens')) later(); }),
    new vscode.Disposable(() => { for (const sub of subscribed.values()) sub.dispose(); }),
  );
}
