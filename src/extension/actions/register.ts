// Registers the Runs view's commands: title actions (filter, sort, trash) and run actions (context
// menu and inline icons). One disposable for all of them, so extension.ts needs one line.
import * as vscode from 'vscode';
import { LOG_SCHEME, openRunLog, RunLogProvider } from '../logs/logProvider';
import { type RunsNode } from '../runs/runsTree';
import { type RunsView } from '../runs/runsView';
import { noteRun, renameRun, setStarred, tagRuns } from './editActions';
import { copyCommit, copyRunId, openRunFolder } from './infoActions';
import { deleteRuns, emptyTrash, restoreRuns, stopRun } from './lifecycleActions';
import { manifestOf, resolveTargets, type RunArg } from './targets';
import { clearFilter, filterRuns, showTrash, sortRuns } from './viewActions';
import { type RunSort } from '../../core/query/sort';

/** Opens the log of the clicked (or picked) run; returns its document for tests. */
async function openLogCommand(view: RunsView, arg: RunArg, selected: unknown): Promise<vscode.TextDocument | undefined> {
  const [ref] = await resolveTargets(view, arg, selected, { placeHolder: 'Open the log of which run?' });
  const run = ref && manifestOf(ref);
  if (!ref || !run) return undefined;
  return openRunLog(ref.folder, ref.id, run.name);
}

/** Registers every Runs view command; dispose the result to unregister them. */
export function registerRunActions(view: RunsView): vscode.Disposable {
  const logs = new RunLogProvider(view);
  const run = (id: string, fn: (arg: RunArg, selected: unknown, answer?: string) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, fn);
  const disposables = [
    logs,
    vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, logs),
    vscode.commands.registerCommand('runlens.filterRuns', (text?: unknown) => filterRuns(view, text)),
    vscode.commands.registerCommand('runlens.clearFilter', () => clearFilter(view)),
    vscode.commands.registerCommand('runlens.sortRuns', (sort?: RunSort) => sortRuns(view, sort)),
    vscode.commands.registerCommand('runlens.showTrash', () => showTrash(view, true)),
    vscode.commands.registerCommand('runlens.hideTrash', () => showTrash(view, false)),
    vscode.commands.registerCommand('runlens.emptyTrash', (arg?: RunsNode, confirmed?: unknown) => emptyTrash(view, arg, confirmed === true)),
    run('runlens.starRun', (arg, selected) => setStarred(view, true, arg, selected)),
    run('runlens.unstarRun', (arg, selected) => setStarred(view, false, arg, selected)),
    run('runlens.tagRun', (arg, selected, answer) => tagRuns(view, arg, selected, answer)),
    run('runlens.renameRun', (arg, selected, answer) => renameRun(view, arg, selected, answer)),
    run('runlens.noteRun', (arg, selected, answer) => noteRun(view, arg, selected, answer)),
    run('runlens.deleteRun', (arg, selected) => deleteRuns(view, arg, selected)),
    run('runlens.restoreRun', (arg, selected) => restoreRuns(view, arg, selected)),
    run('runlens.stopRun', (arg, selected) => stopRun(view, arg, selected)),
    run('runlens.openRunLog', (arg, selected) => openLogCommand(view, arg, selected)),
    run('runlens.openRunFolder', (arg, selected) => openRunFolder(view, arg, selected)),
    run('runlens.copyRunId', (arg, selected) => copyRunId(view, arg, selected)),
    run('runlens.copyRunCommit', (arg, selected) => copyCommit(view, arg, selected)),
  ];
  return vscode.Disposable.from(...disposables);
}
