// Creating and opening the workspace's runlens.yaml, and keeping the `runlens.hasConfig` context
// key (which picks the Runs view's welcome content) in step with the file's existence.
import * as vscode from 'vscode';
import { CONFIG_FILE, STARTER_CONFIG } from '../core/starterConfig';

/** The folder a workspace-level action applies to: the only one, or the one the user picks. */
export async function pickFolder(placeHolder: string): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder });
}

/** The URI of a folder's runlens.yaml, whether or not it exists. */
export function configUri(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, CONFIG_FILE);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
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
  const uri = configUri(folder);
  if (await exists(uri)) {
    void vscode.window.showInformationMessage(`Runlens: ${CONFIG_FILE} already exists in ${folder.name}; opened it unchanged.`);
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
  const uri = configUri(folder);
  if (await exists(uri)) {
    await vscode.window.showTextDocument(uri, { preview: false });
    return;
  }
  const create = 'Create runlens.yaml';
  if ((await vscode.window.showInformationMessage(`Runlens: ${folder.name} has no ${CONFIG_FILE}.`, create)) === create) {
    await createConfig();
  }
}

/** Keeps the `runlens.hasConfig` context key true while any workspace folder has a runlens.yaml. */
export function trackConfigPresence(): vscode.Disposable {
  const refresh = async (): Promise<void> => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const found = await Promise.all(folders.map((f) => exists(configUri(f))));
    await vscode.commands.executeCommand('setContext', 'runlens.hasConfig', found.some(Boolean));
  };
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`, false, true, false);
  const onChange = (): void => void refresh();
  void refresh();
  return vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(onChange),
    watcher.onDidDelete(onChange),
    vscode.workspace.onDidChangeWorkspaceFolders(onChange),
  );
}
