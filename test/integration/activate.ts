// The opening every integration suite shares: activate the extension (the suites start before
// onStartupFinished would) and find the one workspace folder they all run in, with its store.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RunStore } from '../../src/core/store/store';
import { type RunlensApi } from '../../src/extension/extension';

/** The extension's id in the marketplace sense (publisher.name), as package.json gives it. */
export const EXTENSION_ID = 'runlens.runlens';

/** What a suite works with: the extension's API, the workspace folder, its path and its store. */
export interface ActiveRunlens {
  readonly api: RunlensApi;
  readonly folder: vscode.WorkspaceFolder;
  /** `folder`'s path on disk. */
  readonly ws: string;
  /** The folder's default store (`.runlens/`); opening it reads and writes nothing. */
  readonly store: RunStore;
}

/** Activates Runlens and returns its API with the test workspace; fails the suite when either is missing. */
export async function activateRunlens(): Promise<ActiveRunlens> {
  const ext = vscode.extensions.getExtension<RunlensApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  const api = await ext.activate();
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return { api, folder, ws: folder.uri.fsPath, store: RunStore.open(folder.uri.fsPath) };
}
