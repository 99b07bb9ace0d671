// "Reproduce Run": starts `runlens reproduce` for the run in a terminal (the CLI owns the run),
// follows it with a cancellable progress notification, asks what to do when the recorded data is
// gone (a modal: cancel, or run on the current data), and shows the verdict with Compare and,
// for a kept worktree, Open Worktree in New Window.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type Verdict } from '../../core/reproduce/verdict';
import { errorMessage } from '../../core/errors';
import { slurmCommands } from '../../core/slurm/commands';
import { verdictHeadline } from '../../core/reproduce/report';
import { loadManifest, resolveTargets, type RunArg } from '../actions/targets';
import { experimentSlot, launchCli, type Launch } from '../run/terminal';
import { ensureTrusted } from '../run/trust';
import { type RunsView } from '../runs/runsView';
import { followStatus, type FollowEnd } from './follow';
import { type VerdictDecorations } from '../runs/verdictDecorations';

/** Extra arguments tests (and other extensions) may give with `{ folder, id }`. */
export interface ReproduceOptions {
  /** `current`: run on the current data without asking when the recorded version is gone. */
  readonly data?: 'restore' | 'current';
  readonly keep?: boolean;
}

/** What a reproduction came to; the command resolves with it (tests read it). */
export interface ReproduceOutcome {
  readonly originalId: string;
  readonly end: FollowEnd;
  readonly launches: readonly Launch[];
  /** The notification shown at the end, as text. */
  readonly message: string;
  /** The Slurm job that reproduced it, for a reproduction sent to Slurm. */
  readonly job?: string;
}

/** What the module keeps for the API: the last outcome. */
export interface ReproduceHandles {
  last: ReproduceOutcome | undefined;
  /** The ✓/✗ of the Runs view's rows (tests ask it what a row shows). */
  readonly decorations: VerdictDecorations;
  /** Has the Runs view look at Slurm now (a reproduce job was submitted: its end must be noticed). */
  readonly lookAtSlurm: () => void;
}

/** Opens the compare view on both runs (registered by the Compare view); false when it is not available. */
export async function openCompare(folder: string, originalId: string, newId: string): Promise<boolean> {
  try {
    await vscode.commands.executeCommand('runlens.compareRuns', { folder, ids: [originalId, newId], baseline: originalId });
    return true;
  } catch {
    // Any failure to stat means the path is not there to use.
    return false;
  }
}

function cliArgs(id: string, statusFile: string, folder: vscode.WorkspaceFolder, opts: ReproduceOptions, data: 'restore' | 'current'): string[] {
  const config = vscode.workspace.getConfiguration('runlens', folder.uri);
  const dir = config.get<string>('reproduce.worktreeDir', '').trim();
  const keep = opts.keep ?? config.get<boolean>('reproduce.keepWorktree', false);
  return ['reproduce', id, '--status-file', statusFile, '--data', data, ...(keep ? ['--keep'] : []), ...(dir ? ['--worktree-dir', dir] : [])];
}

/** The command: resolves once the reproduction ended (or was refused), with what happened. */
export async function reproduceRun(
  context: vscode.ExtensionContext, view: RunsView, handles: ReproduceHandles, arg: (RunArg & ReproduceOptions) | undefined, selected?: unknown,
): Promise<ReproduceOutcome | undefined> {
  if (!ensureTrusted('reproduce a run')) return undefined;
  const [ref] = await resolveTargets(view, arg, selected, { placeHolder: 'Run to reproduce', offer: (m) => m.status !== 'running' && m.status !== 'queued' });
  if (!ref) return undefined;
  const run = await loadManifest(ref); // a run deleted meanwhile: told below
  if (!run) {
    void vscode.window.showErrorMessage('Runlens: that run no longer exists.');
    return undefined;
  }
  const opts: ReproduceOptions = arg && typeof arg === 'object' && !('kind' in arg) ? { data: (arg as ReproduceOptions).data, keep: (arg as ReproduceOptions).keep } : {};
  const folder = ref.folder.folder;
  const launches: Launch[] = [];
  let data: 'restore' | 'current' = opts.data ?? 'restore';
  let end: FollowEnd;
  let job: string | undefined;
  for (;;) {
    job = undefined;
    const statusFile = join(mkdtempSync(join(tmpdir(), 'runlens-repro-')), 'status.json');
    const slot = run.experiment !== null ? experimentSlot(run.experiment) : `reproduce:${run.id}`;
    const launch = launchCli(context, folder, `Runlens: reproduce ${run.name}`, cliArgs(run.id, statusFile, folder, opts, data), undefined, slot);
    launches.push(launch);
    end = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Runlens: reproducing ${run.name}`, cancellable: true },
      (progress, token) => followStatus(statusFile, launch.terminal, token, (s) => {
        if (s.phase === 'submitted') {
          job = s.jobId;
          progress.report({ message: `submitted to Slurm as job ${s.jobId}; waiting for it to start...` });
          handles.lookAtSlurm();
        }
        if (s.phase === 'preparing') progress.report({ message: `${job ? `job ${job}: ` : ''}checking out its code and data...` });
        if (s.phase === 'running') progress.report({ message: job ? `job ${job}: running (the Runs view shows it live)...` : 'running (output in the terminal)...' });
      }),
    );
    if (end.phase === 'cancelled') await cancelReproduction(launch, job);
    if (end.phase !== 'data-choice') break;
    launch.terminal.dispose();
    const choice = await vscode.window.showWarningMessage(
      `The data that ${run.name} read has changed, and its recorded version is not in the data cache.`,
      { modal: true, detail: `${end.unavailable.join('\n')}\n\nRun with the current data instead? The new run records it as a deviation. (Declare a dataset with "cache: true" in runlens.yaml to keep its versions.)` },
      'Run with Current Data',
    );
    if (choice !== 'Run with Current Data') {
      end = { phase: 'cancelled' };
      break;
    }
    data = 'current';
  }
  const outcome = { originalId: run.id, end, launches, message: report(folder, run.name, end), ...(job === undefined ? {} : { job }) };
  handles.last = outcome;
  return outcome;
}

/** Stops a reproduction the user cancelled: Ctrl+C to its CLI, or scancel of its Slurm job. */
async function cancelReproduction(launch: Launch, job: string | undefined): Promise<void> {
  if (job === undefined) {
    // Ctrl+C in the terminal: the CLI stops the run (or the set-up) and removes the worktree.
    launch.terminal.sendText('\x03', false);
    return;
  }
  // The job records a stopped run itself (it gets Slurm's SIGTERM); a pending one just goes.
  await slurmCommands().run('scancel', [job]).catch((e: unknown) => {
    void vscode.window.showErrorMessage(`Runlens: could not cancel Slurm job ${job}: ${errorMessage(e)}`);
  });
}

function report(folder: vscode.WorkspaceFolder, name: string, end: FollowEnd): string {
  switch (end.phase) {
    case 'done': return showVerdict(folder, name, end.verdict, end.worktree);
    case 'error': {
      const message = `Runlens: could not reproduce ${name}: ${end.message}`;
      void vscode.window.showErrorMessage(message);
      return message;
    }
    case 'cancelled': {
      const message = `Runlens: reproduction of ${name} cancelled.`;
      void vscode.window.showInformationMessage(message);
      return message;
    }
    case 'closed': case 'data-choice': case 'preparing': case 'running': case 'submitted': {
      const message = `Runlens: the reproduction of ${name} ended without a verdict; see its terminal.`;
      void vscode.window.showWarningMessage(message);
      return message;
    }
  }
}

function showVerdict(folder: vscode.WorkspaceFolder, name: string, v: Verdict, worktree: string | null): string {
  const why = v.reasons.length > 0 ? `. ${v.reasons.slice(0, 2).join('; ')}${v.reasons.length > 2 ? `; and ${v.reasons.length - 2} more` : ''}` : '';
  const message = `Runlens: ${name} ${verdictHeadline(v)}${why}.`;
  const buttons = ['Compare', ...(worktree ? ['Open Worktree in New Window'] : [])];
  void openCompare(folder.uri.fsPath, v.original, v.reproduced);
  const show = v.verdict === 'reproduced' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(message, ...buttons).then(async (choice) => {
    if (choice === 'Compare' && !(await openCompare(folder.uri.fsPath, v.original, v.reproduced))) {
      void vscode.window.showInformationMessage(`Runlens: the compare view is not available; run "runlens compare ${v.original} ${v.reproduced}" in a terminal.`);
    }
    if (choice === 'Open Worktree in New Window' && worktree) {
      await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(worktree), { forceNewWindow: true });
    }
  });
  return message;
}
