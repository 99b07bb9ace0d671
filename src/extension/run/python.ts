// The Python interpreter runs use: the `runlens.pythonPath` setting, else the interpreter selected
// in the Python extension (when it is installed; never required), else `python3`. It replaces a
// leading bare python/python3 of the command (`runlens run --python`).
import { isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';

/** The part of the Python extension's API used here; everything is checked before use. */
interface PythonEnvironmentsApi {
  environments?: { getActiveEnvironmentPath?: (resource?: vscode.Uri) => { path?: unknown } | undefined };
}

async function selectedInterpreter(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<PythonEnvironmentsApi>('ms-python.python');
  if (!ext) return undefined;
  try {
    const api = ext.isActive ? ext.exports : await ext.activate();
    const path = api?.environments?.getActiveEnvironmentPath?.(folder.uri)?.path;
    return typeof path === 'string' && path.trim() !== '' ? path : undefined;
  } catch {
    // A Python extension that fails to activate must not keep a run from starting.
    return undefined;
  }
}

/** The interpreter for runs of `folder`; a relative setting is relative to the folder. */
export async function pythonFor(folder: vscode.WorkspaceFolder): Promise<string> {
  const setting = vscode.workspace.getConfiguration('runlens', folder.uri).get<string>('pythonPath', '').trim();
  if (setting) return isAbsolute(setting) || !/[\\/]/.test(setting) ? setting : resolve(folder.uri.fsPath, setting);
  return (await selectedInterpreter(folder)) ?? 'python3';
}
