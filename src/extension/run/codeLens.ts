// CodeLenses above each experiment of runlens.yaml: "▶ Run" (defaults), "Run with params…" and,
// for experiments with a `sweep:`, "Sweep…". Offered only in a trusted workspace: in Restricted
// Mode the provider is not even registered.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE_GLOB } from '../../core/config/configFile';
import { parseConfig } from '../../core/config/config';
import { experimentKeyRanges } from '../../core/config/experimentRanges';
import { type RunExperimentArgs } from './runExperiment';

const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', pattern: CONFIG_FILE_GLOB }];

class ExperimentLenses implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    // Only a config at a folder's root is the one runs use (the CLI looks there).
    if (!folder || dirname(doc.uri.fsPath) !== folder.uri.fsPath) return [];
    const text = doc.getText();
    const sweeps = new Map([...parseConfig(text, doc.uri.fsPath).experiments].map(([name, exp]) => [name, exp.sweep]));
    const lenses: vscode.CodeLens[] = [];
    for (const key of experimentKeyRanges(text)) {
      const range = new vscode.Range(key.range.line - 1, key.range.column - 1, key.range.endLine - 1, key.range.endColumn - 1);
      const args = (extra: Partial<RunExperimentArgs>): RunExperimentArgs[] => [{ folder: folder.uri.fsPath, experiment: key.name, ...extra }];
      lenses.push(
        new vscode.CodeLens(range, { title: '▶ Run', tooltip: `Run ${key.name} with its default params`, command: 'runlens.runExperiment', arguments: args({ params: '' }) }),
        new vscode.CodeLens(range, { title: 'Run with params…', tooltip: `Edit the params of ${key.name}, then run it`, command: 'runlens.runExperiment', arguments: args({}) }),
      );
      const sweep = sweeps.get(key.name);
      if (sweep && Object.keys(sweep).length > 0) {
        const count = Object.values(sweep).reduce((n, v) => n * v.length, 1);
        lenses.push(new vscode.CodeLens(range, {
          title: `Sweep (${count} runs)…`, tooltip: `Queue one run per value of ${Object.keys(sweep).join(', ')}`,
          command: 'runlens.runSweep', arguments: args({ sweep: true }),
        }));
      }
    }
    return lenses;
  }
}

/** Registers the CodeLenses now if the workspace is trusted, else as soon as it becomes trusted. */
export function registerExperimentLenses(): vscode.Disposable {
  let registration: vscode.Disposable | undefined;
  const register = (): void => {
    registration ??= vscode.languages.registerCodeLensProvider(SELECTOR, new ExperimentLenses());
  };
  if (vscode.workspace.isTrusted) register();
  const onTrust = vscode.workspace.onDidGrantWorkspaceTrust(register);
  return new vscode.Disposable(() => {
    onTrust.dispose();
    registration?.dispose();
  });
}
