// Finding what to run: the workspace folder a command applies to, its runlens.yaml experiments,
// and, when the config is broken, an error that opens the file at its first problem.
import * as vscode from 'vscode';
import { loadConfig } from '../../core/config/config';
import { type ConfigProblem, type ExperimentConfig, type LoadedConfig } from '../../core/config/types';
import { createConfig, pickFolder } from '../configFile';

/** A folder given to a command: a workspace folder, its URI (or a file's inside it), or a path. */
export type FolderArg = vscode.WorkspaceFolder | vscode.Uri | string | undefined;

/** The workspace folder `arg` names, or the one the user picks when it names none. */
export async function resolveFolder(arg: FolderArg, placeHolder: string): Promise<vscode.WorkspaceFolder | undefined> {
  if (arg === undefined) return pickFolder(placeHolder);
  if (typeof arg === 'object' && 'uri' in arg && 'index' in arg) return arg;
  const uri = typeof arg === 'string' ? (/^[a-z][\w+.-]+:/i.test(arg) && !/^[a-z]:[\\/]/i.test(arg) ? vscode.Uri.parse(arg) : vscode.Uri.file(arg)) : arg;
  return vscode.workspace.getWorkspaceFolder(uri);
}

/** Opens the config file with the problem selected. */
export async function showProblem(problem: ConfigProblem): Promise<void> {
  const start = new vscode.Position(problem.line - 1, Math.max(0, problem.column - 1));
  const end = new vscode.Position(problem.endLine - 1, Math.max(0, problem.endColumn - 1));
  await vscode.window.showTextDocument(vscode.Uri.file(problem.file), { selection: new vscode.Range(start, end), preview: false });
}

/** Reports a broken config: how many errors, the first one, and a button that jumps to it. */
export function reportProblems(config: LoadedConfig, why: string): void {
  const errors = config.problems.filter((p) => p.severity === 'error');
  const first = errors[0] ?? config.problems[0];
  const open = 'Open runlens.yaml';
  const where = first ? ` First, at line ${first.line}: ${first.message}` : '';
  void vscode.window.showErrorMessage(
    `Runlens: ${why}: runlens.yaml has ${errors.length} error${errors.length === 1 ? '' : 's'}.${where}`, open,
  ).then((choice) => {
    if (choice !== open) return;
    if (first) void showProblem(first);
    else void vscode.window.showTextDocument(vscode.Uri.file(config.file));
  });
}

/** The folder's config, or undefined after telling the user there is none (offering to create it). */
export async function configOf(folder: vscode.WorkspaceFolder): Promise<LoadedConfig | undefined> {
  let config: LoadedConfig | undefined;
  try {
    config = await loadConfig(folder.uri.fsPath);
  } catch (e) {
    void vscode.window.showErrorMessage(`Runlens: cannot read runlens.yaml in ${folder.name}: ${(e as Error).message}`);
    return undefined;
  }
  if (!config) {
    const create = 'Create runlens.yaml';
    void vscode.window.showInformationMessage(
      `Runlens: ${folder.name} has no runlens.yaml, so there are no experiments to run. Create one, or use "Run as Experiment" on a Python file.`,
      create,
    ).then((c) => { if (c === create) void createConfig(); });
  }
  return config;
}

function describe(exp: ExperimentConfig): string {
  const command = typeof exp.command === 'string' ? exp.command : exp.command.join(' ');
  const params = Object.entries(exp.params).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  return params ? `${command}  ·  ${params}` : command;
}

/** Quick pick of the config's experiments; experiments with errors are left out (and the pick says so). */
export async function pickExperiment(config: LoadedConfig, sweepOnly: boolean): Promise<ExperimentConfig | undefined> {
  const all = [...config.experiments.values()];
  const candidates = sweepOnly ? all.filter((e) => e.sweep && Object.keys(e.sweep).length > 0) : all;
  const errors = config.problems.filter((p) => p.severity === 'error').length;
  const items = candidates.map((exp) => ({
    label: exp.name,
    description: exp.sweep && Object.keys(exp.sweep).length > 0 ? `$(list-flat) sweep: ${Object.keys(exp.sweep).join(', ')}` : undefined,
    detail: describe(exp),
    exp,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: sweepOnly ? 'Runlens: Run Sweep' : 'Runlens: Run Experiment',
    placeHolder: errors > 0
      ? `Experiment to run (${errors} error${errors === 1 ? '' : 's'} in runlens.yaml: broken experiments are not listed)`
      : 'Experiment to run',
    matchOnDetail: true,
  });
  return picked?.exp;
}
