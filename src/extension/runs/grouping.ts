// "Group Runs By...": a quick pick over the grouping modes of the Runs view, stored in the
// `runlens.runs.groupBy` setting so the choice survives reloads and can be set per workspace.
import * as vscode from 'vscode';
import { type GroupBy } from '../../views/runs/groupedRuns';

const CHOICES: readonly { value: GroupBy; label: string; detail: string }[] = [
  { value: 'experiment', label: '$(beaker) Experiment', detail: 'One group per experiment of runlens.yaml' },
  { value: 'status', label: '$(symbol-enum) Status', detail: 'Running and failed runs first' },
  { value: 'branch', label: '$(git-branch) Git branch', detail: "The branch the run's code was on" },
  { value: 'author', label: '$(account) Author', detail: "Your runs, then each teammate's pulled runs" },
  { value: 'date', label: '$(history) None (by date)', detail: 'Every run, newest first' },
];

/** Asks how to group and saves the answer in the workspace settings. */
export async function pickGrouping(): Promise<void> {
  const config = vscode.workspace.getConfiguration('runlens');
  const current = config.get<GroupBy>('runs.groupBy', 'experiment');
  const picked = await vscode.window.showQuickPick(
    CHOICES.map((c) => ({ ...c, description: c.value === current ? 'current' : undefined })),
    { title: 'Group runs by', placeHolder: 'How the Runs view groups runs' },
  );
  if (!picked) return;
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('runs.groupBy', picked.value, target);
}
