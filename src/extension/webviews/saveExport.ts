// Saving a panel's export (a chart's PNG, the lineage's SVG) where the user picks: one save dialog
// and one pair of messages for every webview panel.
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';

/**
 * Asks where to save `data` (proposing `name` in `folder`), writes it, and says how that went.
 * A dismissed dialog writes nothing and says nothing.
 */
export async function saveExport(folder: vscode.Uri, name: string, filters: Record<string, string[]>, data: Buffer): Promise<void> {
  const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, name), filters });
  if (!uri) return;
  try {
    await writeFile(uri.fsPath, data);
    void vscode.window.showInformationMessage(`Runlens: saved ${vscode.workspace.asRelativePath(uri)}.`);
  } catch (e) {
    void vscode.window.showErrorMessage(`Runlens could not write ${uri.fsPath}: ${errorMessage(e)}`);
  }
}
