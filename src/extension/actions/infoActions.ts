// Getting at a run from outside the view: copy its id or its commit, open its folder. In a browser
// (code-server, vscode.dev) there is no OS file manager, so the folder is revealed in the Explorer
// and its run.json opened instead.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type RunsView } from '../runs/runsView';
import { manifestOf, resolveTargets, type RunArg } from './targets';

/** Copies the run's id to the clipboard; returns it. */
export async function copyRunId(view: RunsView, arg: RunArg, selected: unknown): Promise<string | undefined> {
  const [ref] = await resolveTargets(view, arg, selected, { placeHolder: 'Copy the id of which run?' });
  if (!ref) return undefined;
  await vscode.env.clipboard.writeText(ref.id);
  vscode.window.setStatusBarMessage(`$(copy) Copied run id ${ref.id}`, 3000);
  return ref.id;
}

/** Copies the commit the run's code was at (manifest.code.commit); says so when none was recorded. */
export async function copyCommit(view: RunsView, arg: RunArg, selected: unknown): Promise<string | undefined> {
  const [ref] = await resolveTargets(view, arg, selected, { placeHolder: 'Copy the commit of which run?' });
  const run = ref && manifestOf(ref);
  if (!run) return undefined;
  const code = run.code as { commit?: unknown } | null;
  if (!code || typeof code.commit !== 'string') {
    void vscode.window.showInformationMessage(`Run ${run.name} has no recorded commit: Runlens records one for runs started in a git repository. Start the run again from a git working tree to link it to its code.`);
    return undefined;
  }
  await vscode.env.clipboard.writeText(code.commit);
  vscode.window.setStatusBarMessage(`$(git-commit) Copied commit ${code.commit.slice(0, 12)}`, 3000);
  return code.commit;
}

/** Opens the run's folder in the OS file manager, or reveals it in the Explorer where there is none. */
export async function openRunFolder(view: RunsView, arg: RunArg, selected: unknown): Promise<vscode.Uri | undefined> {
  const [ref] = await resolveTargets(view, arg, selected, { placeHolder: 'Open the folder of which run?' });
  if (!ref) return undefined;
  const dir = vscode.Uri.file(ref.trashed ? join(ref.folder.store.root, 'trash', ref.id) : ref.folder.store.runDir(ref.id));
  if (vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined) {
    await vscode.commands.executeCommand('revealFileInOS', dir);
    return dir;
  }
  // The Explorer can only reveal what it shows: a store inside the folder (the default) is.
  await vscode.commands.executeCommand('revealInExplorer', dir).then(undefined, () => undefined);
  const manifest = vscode.Uri.joinPath(dir, 'run.json');
  await vscode.window.showTextDocument(manifest, { preview: true, preserveFocus: false });
  return dir;
}
