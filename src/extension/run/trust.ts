// Workspace trust for running: in Restricted Mode nothing is executed (runlens.yaml commands and
// Python files can do anything), but every command that would run something says so and how to
// trust the workspace, instead of silently doing nothing.
import * as vscode from 'vscode';

/** What a command returns when it refused to run in an untrusted workspace. */
export const UNTRUSTED = 'untrusted';

/**
 * True when the workspace is trusted. Otherwise shows why nothing runs, with a button opening
 * VS Code's trust editor, and returns false. `what` completes "Runlens cannot ... ".
 */
export function ensureTrusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  void vscode.window.showWarningMessage(
    `Runlens cannot ${what}: this workspace is in Restricted Mode. Runs execute the commands in runlens.yaml and your ` +
      'scripts, so Runlens runs nothing until you trust the workspace. Recorded runs can still be viewed.',
    manage,
  ).then((choice) => {
    if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
