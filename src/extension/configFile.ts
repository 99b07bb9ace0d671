// Creating and opening the workspace's runlens.yaml (or runlens.yml: core's CONFIG_FILE_NAMES), and
// keeping the `runlens.hasConfig` context key (which picks the Runs view's welcome content) in step.
import * as vscode from 'vscode';
import { CONFIG_FILE_GLOB, CONFIG_FILE_NAMES } from '../core/config/configFile';
import { CONFIG_FILE, STARTER_CONFIG } from '../core/starterConfig';

/** The folder a workspace-level action applies to: the only one, or the one the user picks. */
export async function pickFolder(placeHolder: string): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder });
}

/** The URI a new config of a folder is created at. */
export function configUri(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, CONFIG_FILE);
}

/** The folder's existing config file, under any of core's names (in their order), if there is one. */
export async function existingConfigUri(folder: vscode.WorkspaceFolder): Promise<vscode.Uri | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const uri = vscode.Uri.joinPath(folder.uri, name);
    if (await exists(uri)) return uri;
  }
  return undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    // Any failure to stat (absent, no permission) means "no such config here".
    return false;
  }
}

/**
 * Writes the commented starter config into the chosen folder and opens it. An existing file is
 * never overwritten: it is opened instead, with a message saying so.
 */
export async function createConfig(): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder('Folder to create runlens.yaml in');
  if (!folder) {
    void vscode.window.showWarningMessage('Runlens: open a folder first; runlens.yaml lives at the root of a workspace folder.');
    return undefined;
  }
  const existing = await existingConfigUri(folder);
  const uri = existing ?? configUri(folder);
  if (existing) {
    void vscode.window.showInformationMessage(`Runlens: ${nameOf(existing)} already exists in ${folder.name}; opened it unchanged.`);
  } else {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STARTER_CONFIG));
  }
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}

/** Opens the config of the chosen folder, offering to create it when there is none. */
export async function openConfig(): Promise<void> {
  const folder = await pickFolder('Folder whose runlens.yaml to open');
  if (!folder) return;
  const uri = await existingConfigUri(folder);
  if (uri) {
    await vscode.window.showTextDocument(uri, { preview: false });
    return;
  }
  const create = 'Create runlens.yaml';
  if ((await vscode.window.showInformationMessage(`Runlens: ${folder.name} has no ${CONFIG_FILE}.`, create)) === create) {
    await createConfig();
  }
}

/** The `runlens.hasConfig` context key's value as last set (tests read it; VS Code has no getter). */
export interface ConfigPresence extends vscode.Disposable {
  readonly hasConfig: boolean;
}

/** Keeps the `runlens.hasConfig` context key true while any workspace folder has a config file. */
export function trackConfigPresence(): ConfigPresence {
  let hasConfig = false;
  const refresh = async (): Promise<void> => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const found = await Promise.all(folders.map((f) => existingConfigUri(f)));
    hasConfig = found.some(Boolean);
    await vscode.commands.executeCommand('setContext', 'runlens.hasConfig', hasConfig);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(CONFIG_FILE_GLOB, false, true, false);
  const onChange = (): void => void refresh();
  void refresh();
  const disposable = vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(onChange),
    watcher.onDidDelete(onChange),
    vscode.workspace.onDidChangeWorkspaceFolders(onChange),
  );
  return { get hasConfig(): boolean { return hasConfig; }, dispose: (): void => { disposable.dispose(); } };
}

function nameOf(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
