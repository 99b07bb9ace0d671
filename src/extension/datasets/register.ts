// Registers the Datasets view, its version actions, the Data Diff panel, `runlens.datasets.reveal`
// (the lineage view calls it) and the Explorer's Runs That Used This / Run That Produced This.
import * as vscode from 'vscode';
import { DataDiffPanel } from '../dataDiff/panel';
import { type RunsView } from '../runs/runsView';
import { compareVersions, compareWithCurrent, restoreVersion } from './actions';
import { type DatasetsNode, type VersionNode } from './datasetsTree';
import { DatasetsView } from './datasetsView';
import { pickRunsFor, type ExplorerRunsHandle } from './explorerRuns';

/** Handles for the extension's API (integration tests look inside through them). */
export interface DatasetsHandles extends vscode.Disposable {
  readonly view: DatasetsView;
  readonly diff: DataDiffPanel;
  readonly explorer: ExplorerRunsHandle;
}

/** The version a command was invoked on: the clicked node, else the view's selection. */
function versionOf(view: DatasetsView, node: DatasetsNode | undefined): VersionNode | undefined {
  const n = node ?? view.treeView.selection[0];
  if (n?.kind === 'version') return n;
  void vscode.window.showInformationMessage('Runlens: pick a version in the Datasets view first.');
  return undefined;
}

/** Registers everything of the Datasets view. */
export function registerDatasets(context: vscode.ExtensionContext, runs: RunsView, log: vscode.LogOutputChannel): DatasetsHandles {
  const view = new DatasetsView(runs, log);
  const diff = new DataDiffPanel(context.extensionUri, log);
  const explorer: ExplorerRunsHandle = { last: undefined };
  const withVersion = <T>(f: (n: VersionNode) => T) => (node?: DatasetsNode): T | undefined => {
    const n = versionOf(view, node);
    return n ? f(n) : undefined;
  };
  const disposable = vscode.Disposable.from(
    view, diff,
    vscode.commands.registerCommand('runlens.datasets.refresh', () => view.reload()),
    vscode.commands.registerCommand('runlens.datasets.compareWithCurrent', withVersion((n) => compareWithCurrent(diff, n))),
    vscode.commands.registerCommand('runlens.datasets.compareVersions', (node?: DatasetsNode, selected?: DatasetsNode[]) => {
      const n = versionOf(view, node);
      return n ? compareVersions(diff, n, selected ?? view.treeView.selection) : undefined;
    }),
    vscode.commands.registerCommand('runlens.datasets.restoreVersion', withVersion((n) => restoreVersion(view, n))),
    vscode.commands.registerCommand('runlens.datasets.reveal', (path: unknown, hash: unknown) => {
      if (typeof path !== 'string' || typeof hash !== 'string') throw new Error('runlens.datasets.reveal takes a path and a version hash');
      return view.reveal(path, hash);
    }),
    vscode.commands.registerCommand('runlens.runsThatUsedThis', (uri?: vscode.Uri) => pickRunsFor(runs, explorer, uri, 'read')),
    vscode.commands.registerCommand('runlens.runThatProducedThis', (uri?: vscode.Uri) => pickRunsFor(runs, explorer, uri, 'wrote')),
  );
  return { view, diff, explorer, dispose: () => { disposable.dispose(); } };
}
