// Runs started from something other than runlens.yaml: "Run as Experiment" on a Python file (an
// ad-hoc run of `python FILE`), "Rerun" of a recorded run with the same params (or its raw
// command), and "Cancel Queued Run" for sweep runs still waiting.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import * as vscode from 'vscode';
import { formatParamValue } from '../../core/config/params';
import { type RunManifest } from '../../core/model';
import { declaredParams } from '../../core/params/logged';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsView } from '../runs/runsView';
import { pythonFor } from './python';
import { experimentSlot, launchCli, type Launch } from './terminal';
import { ensureTrusted } from './trust';
import { cancelSlurmRun } from '../../core/slurm/cancel';
import { slurmCommands } from '../../core/slurm/commands';

/** A run as commands receive it: a Runs view row, or `{ folder, id }` (tests, other extensions). */
export type RunTarget = { readonly kind?: string; readonly folder: FolderRuns | string; readonly id?: string } | undefined;

/** The folder's runs and the run a target names, from the view's cache or the store. */
export async function resolveRun(view: RunsView, target: RunTarget): Promise<{ folder: FolderRuns; run: RunManifest } | undefined> {
  if (!target?.id) return undefined;
  const key = target.folder;
  const folder = typeof key === 'string'
    ? view.folderRuns().find((f) => f.folder.uri.fsPath === key || f.folder.uri.toString() === key || f.folder.name === key)
    : key;
  if (!folder) return undefined;
  const run = await folder.manifest(target.id); // a run deleted meanwhile is no target
  return run ? { folder, run } : undefined;
}

/** "Run as Experiment": `python FILE` (the chosen interpreter) as an ad-hoc run in the file's workspace folder. */
export async function runFile(context: vscode.ExtensionContext, uri?: vscode.Uri): Promise<Launch | undefined> {
  if (!ensureTrusted('run a Python file')) return undefined;
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target || target.scheme !== 'file' || !target.fsPath.endsWith('.py')) {
    void vscode.window.showInformationMessage('Runlens: open a Python file (.py) to run it as an experiment.');
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(target);
  if (!folder) {
    void vscode.window.showWarningMessage('Runlens: this file is outside the workspace folders; runs are recorded per workspace folder. Open its folder first.');
    return undefined;
  }
  // The run records the code as it is on disk: save what the editor holds first.
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (doc?.isDirty) await doc.save();
  const file = relative(folder.uri.fsPath, target.fsPath);
  const name = file.split(/[\\/]/).pop() ?? file;
  return launchCli(context, folder, `Runlens: ${name}`, ['run', '--python', await pythonFor(folder), '--', 'python', file], undefined, `file:${file}`);
}

/** "Rerun": the run's experiment with the same params, or its raw command in its cwd. */
export async function rerun(context: vscode.ExtensionContext, view: RunsView, target: RunTarget): Promise<Launch | undefined> {
  if (!ensureTrusted('rerun a run')) return undefined;
  const found = await resolveRun(view, target);
  if (!found) {
    void vscode.window.showInformationMessage('Runlens: pick a run in the Runs view to rerun it (right-click → Rerun).');
    return undefined;
  }
  const { folder, run } = found;
  const python = ['--python', await pythonFor(folder.folder)];
  if (run.experiment !== null) {
    const params = Object.entries(declaredParams(run)).flatMap(([k, v]) => ['-p', `${k}=${formatParamValue(v)}`]);
    return launchCli(context, folder.folder, `Runlens: ${run.experiment} (rerun of ${run.name})`, ['run', run.experiment, ...params, ...python], undefined, experimentSlot(run.experiment));
  }
  if (!existsSync(run.cwd)) {
    void vscode.window.showErrorMessage(`Runlens: cannot rerun ${run.name}: its folder ${run.cwd} no longer exists.`);
    return undefined;
  }
  return launchCli(context, folder.folder, `Runlens: rerun of ${run.name}`, ['run', ...python, '--', ...run.command], run.cwd, `command:${run.command.join(' ')}`);
}

/** "Cancel Queued Run": removes queued runs (to the trash) so their sweep skips them; cancels a Slurm run's task. */
export async function cancelQueued(view: RunsView, target: RunTarget, selection?: readonly RunTarget[]): Promise<number> {
  const targets = selection && selection.length > 0 ? selection : [target];
  let cancelled = 0;
  const notQueued: string[] = [];
  for (const t of targets) {
    const found = await resolveRun(view, t);
    if (!found) continue;
    if (found.run.status !== 'queued') {
      notQueued.push(found.run.name);
      continue;
    }
    try {
      // A run queued on Slurm waits in Slurm's queue, not in a sweep here: scancel of its array task.
      const m = await found.folder.store.getRun(found.run.id);
      if (m?.slurm) await cancelSlurmRun(found.folder.store, m, slurmCommands());
      else await found.folder.store.delete(found.run.id);
      cancelled++;
    } catch (e) {
      void vscode.window.showErrorMessage(`Runlens: could not cancel ${found.run.name}: ${(e as Error).message}`);
    }
  }
  if (notQueued.length > 0) {
    void vscode.window.showInformationMessage(`Runlens: ${notQueued.join(', ')} ${notQueued.length === 1 ? 'is' : 'are'} no longer queued; stop a running run instead.`);
  }
  return cancelled;
}
