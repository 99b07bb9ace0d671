// Registers the reproduce commands: Reproduce Run, Check Out This Run's Code, Create Branch from
// Run and Rerun with Changes, and the verdict marks on the Runs view's rows. One disposable for extension.ts; the handles go to the API for tests.
import * as vscode from 'vscode';
import { type RunArg } from '../actions/targets';
import { type RunsView } from '../runs/runsView';
import { checkoutRunCode, createBranchFromRun, rerunWithChanges } from './codeActions';
import { reproduceRun, type ReproduceHandles, type ReproduceOptions } from './reproduceRun';
import { VerdictDecorations } from '../runs/verdictDecorations';

/** Registers the commands; the returned handles hold the last reproduction's outcome. */
export function registerReproduce(context: vscode.ExtensionContext, view: RunsView, lookAtSlurm: () => void): ReproduceHandles & vscode.Disposable {
  const decorations = new VerdictDecorations(view);
  const handles: ReproduceHandles = { last: undefined, decorations, lookAtSlurm };
  const disposable = vscode.Disposable.from(
    decorations,
    vscode.commands.registerCommand('runlens.reproduceRun', (arg?: RunArg & ReproduceOptions, selected?: unknown) => reproduceRun(context, view, handles, arg, selected)),
    vscode.commands.registerCommand('runlens.checkoutRunCode', (arg?: RunArg, selected?: unknown) => checkoutRunCode(view, arg, selected)),
    vscode.commands.registerCommand('runlens.createBranchFromRun', (arg?: RunArg, selected?: unknown) => createBranchFromRun(view, arg, selected)),
    vscode.commands.registerCommand('runlens.rerunWithChanges', (arg?: RunArg, selected?: unknown) => rerunWithChanges(context, view, arg, selected)),
  );
  return Object.assign(handles, { dispose: () => { disposable.dispose(); } });
}
