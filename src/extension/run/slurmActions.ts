// Second attempts on Slurm from the Runs view (docs/slurm.md): "Requeue on Slurm" puts a run the
// scheduler ended (preempted, over its time limit) back into the queue as itself, and "Rerun Failed
// Points" resubmits the points of its sweep that did not finish; both through the CLI in a terminal.
import * as vscode from 'vscode';
import { type RunsView } from '../runs/runsView';
import { resolveRun, type RunTarget } from './runActions';
import { launchCli, type Launch } from './terminal';
import { ensureTrusted } from './trust';

/** The Slurm run a command was given, or undefined after telling the user why there is none. */
async function slurmRun(view: RunsView, target: RunTarget, what: string): Promise<Awaited<ReturnType<typeof resolveRun>>> {
  const found = await resolveRun(view, target);
  if (!found) {
    void vscode.window.showInformationMessage(`Runlens: pick a run in the Runs view to ${what} (right-click).`);
    return undefined;
  }
  if (!found.run.slurm) {
    void vscode.window.showInformationMessage(`Runlens: ${found.run.name} did not run on Slurm; use Rerun to run it again.`);
    return undefined;
  }
  return found;
}

/** "Requeue on Slurm": `runlens slurm requeue RUN` (the same run, a new attempt). */
export async function requeueSlurmRun(context: vscode.ExtensionContext, view: RunsView, target: RunTarget): Promise<Launch | undefined> {
  if (!ensureTrusted('requeue a run')) return undefined;
  const found = await slurmRun(view, target, 'requeue it');
  if (!found) return undefined;
  return launchCli(context, found.folder.folder, `Runlens: requeue ${found.run.name}`, ['slurm', 'requeue', found.run.id], undefined, `slurm:${found.run.id}`);
}

/** "Rerun Failed Points": `runlens slurm rerun-failed RUN` (new runs of its sweep's unfinished points). */
export async function rerunFailedPoints(context: vscode.ExtensionContext, view: RunsView, target: RunTarget): Promise<Launch | undefined> {
  if (!ensureTrusted('rerun failed points')) return undefined;
  const found = await slurmRun(view, target, 'rerun the failed points of its sweep');
  if (!found) return undefined;
  const sub = found.run.slurm?.submission ?? '';
  return launchCli(context, found.folder.folder, `Runlens: rerun failed points of ${found.run.experiment ?? found.run.name}`, ['slurm', 'rerun-failed', found.run.id], undefined, `slurm:${sub}`);
}
