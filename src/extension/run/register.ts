// Everything that starts runs from the editor, and what follows them: commands (Run Experiment,
// Run Sweep, Run as Experiment, Rerun, Cancel Queued Run, Requeue on Slurm, Rerun Failed Points), CodeLenses in runlens.yaml, the status
// bar item and run-end notifications. One disposable for extension.ts.
import * as vscode from 'vscode';
import { RunEndNotifier } from '../notifications';
import { type RunsView } from '../runs/runsView';
import { REVEAL_RUN_COMMAND, RunsStatusBar } from '../statusBar';
import { registerExperimentLenses } from './codeLens';
import { revealRun, type RunLocation } from '../runs/reveal';
import { cancelQueued, rerun, runFile, type RunTarget } from './runActions';
import { runExperiment, type RunExperimentArgs } from './runExperiment';
import { requeueSlurmRun, rerunFailedPoints } from './slurmActions';

/** What the run module hands to the extension's API (tests look inside through it). */
export interface RunHandles {
  readonly statusBar: RunsStatusBar;
}

/** Registers the run commands, CodeLenses, status bar and notifications. */
export function registerRunFeatures(context: vscode.ExtensionContext, view: RunsView): RunHandles & vscode.Disposable {
  const statusBar = new RunsStatusBar(view);
  const disposable = vscode.Disposable.from(
    statusBar,
    new RunEndNotifier(view),
    registerExperimentLenses(),
    vscode.commands.registerCommand('runlens.runExperiment', (args?: RunExperimentArgs) => runExperiment(context, args ?? {})),
    vscode.commands.registerCommand('runlens.runSweep', (args?: RunExperimentArgs) => runExperiment(context, { ...args, sweep: true })),
    vscode.commands.registerCommand('runlens.runFile', (uri?: vscode.Uri) => runFile(context, uri)),
    vscode.commands.registerCommand('runlens.rerun', (target?: RunTarget) => rerun(context, view, target)),
    vscode.commands.registerCommand('runlens.requeueSlurmRun', (target?: RunTarget) => requeueSlurmRun(context, view, target)),
    vscode.commands.registerCommand('runlens.rerunFailedPoints', (target?: RunTarget) => rerunFailedPoints(context, view, target)),
    vscode.commands.registerCommand('runlens.cancelQueued', (target?: RunTarget, selection?: RunTarget[]) => cancelQueued(view, target, selection)),
    vscode.commands.registerCommand(REVEAL_RUN_COMMAND, (where?: RunLocation): Promise<boolean> => revealRun(view, where)),
  );
  return { statusBar, dispose: () => { disposable.dispose(); } };
}
