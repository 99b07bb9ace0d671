// The run actions of the detail page: each action name the page may send maps to the command the
// Runs view runs for it, called with `{ folder, id }`. The page never names a command itself.
import * as vscode from 'vscode';
import { type RunAction } from '../../protocol/runDetail';

/** The command behind each action. */
export const ACTION_COMMANDS: Readonly<Record<RunAction, string>> = {
  star: 'runlens.starRun',
  unstar: 'runlens.unstarRun',
  tag: 'runlens.tagRun',
  rename: 'runlens.renameRun',
  note: 'runlens.noteRun',
  openLog: 'runlens.openRunLog',
  openFolder: 'runlens.openRunFolder',
  copyId: 'runlens.copyRunId',
  copyCommit: 'runlens.copyRunCommit',
  stop: 'runlens.stopRun',
  rerun: 'runlens.rerun',
  delete: 'runlens.deleteRun',
  compare: 'runlens.compareRuns',
  reproduce: 'runlens.reproduceRun',
};

/** Runs `action` on run `id` of the folder at `folder` (its path); resolves to the command's result. */
export async function runAction(action: RunAction, folder: string, id: string): Promise<unknown> {
  const command = ACTION_COMMANDS[action];
  // Compare and Reproduce come from other parts of the extension: say so if they are not there.
  if (!(await vscode.commands.getCommands(true)).includes(command)) {
    void vscode.window.showInformationMessage(`Runlens: "${action}" is not available in this version.`);
    return undefined;
  }
  const arg = action === 'compare' ? { folder, ids: [id] } : { folder, id };
  return vscode.commands.executeCommand(command, arg);
}
