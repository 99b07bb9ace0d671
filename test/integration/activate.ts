// The opening every integration suite shares: activate the extension (the suites start before
// onStartupFinished would) and find the one workspace folder they all run in, with its store.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RunStore } from '../../src/core/store/store';
import { type RunlensApi } from '../../src/extension/extension';
import { poll } from './poll';

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

/**
 * Activates Runlens and returns its API with the test workspace; fails the suite when either is
 * missing. Returns once the Runs view holds exactly the store's runs: the suite before may have
 * deleted its runs a moment ago, and the view learns of that from its store watcher, so a row or
 * group of those runs could otherwise be taken for one of the new suite's.
 */
export async function activateRunlens(): Promise<ActiveRunlens> {
  const ext = vscode.extensions.getExtension<RunlensApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  const api = await ext.activate();
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  const store = RunStore.open(folder.uri.fsPath);
  const ids = (runs: readonly { id: string }[]): string => runs.map((r) => r.id).sort().join(',');
  let shown = '';
  let stored = '';
  await poll(() => `the Runs view to show the store's runs (view: ${shown || 'none'}; store: ${stored || 'none'})`, async () => {
    const view = api.runsView.folderRuns().find((f) => f.folder.uri.toString() === folder.uri.toString());
    if (!view) return undefined;
    [shown, stored] = [ids(await view.list()), ids(await store.listRuns())];
    return shown === stored ? true : undefined;
  });
  return { api, folder, ws: folder.uri.fsPath, store };
}
