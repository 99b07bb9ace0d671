// The run's code in the user's own repository: "Check Out This Run's Code" (its snapshot, detached;
// a dirty tree is stashed only after asking), "Create Branch from Run" (a branch at the snapshot,
// the working tree untouched), and "Rerun with Changes" (the params input prefilled with the run's).
import * as vscode from 'vscode';
import { type RunManifest } from '../../core/model';
import { gitText, runGit } from '../../core/git/exec';
import { codeCommitOf, repoTopOf } from '../../core/reproduce/worktree';
import { loadManifest, messageOf, resolveTargets, type RunArg } from '../actions/targets';
import { configOf } from '../run/experiments';
import { askParams, checkLine } from '../run/paramsInput';
import { sweepConcurrency, startExperiment } from '../run/runExperiment';
import { type Launch } from '../run/terminal';
import { ensureTrusted } from '../run/trust';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsView } from '../runs/runsView';

/** Options tests pass with `{ folder, id }` to skip a prompt. */
export interface CodeActionOptions {
  /** Checkout of a dirty tree: stash without asking (true) or refuse (false). */
  readonly stash?: boolean;
  /** Branch name for Create Branch from Run. */
  readonly branch?: string;
  /** Params line for Rerun with Changes. */
  readonly params?: string;
}

type Target = { run: RunManifest; folder: FolderRuns; top: string; commit: string };

function optionsOf(arg: unknown): CodeActionOptions {
  return arg && typeof arg === 'object' && !('kind' in arg) ? arg : {};
}

async function target(view: RunsView, arg: RunArg, selected: unknown, what: string, placeHolder: string): Promise<Target | undefined> {
  // git runs the repository's hooks and config (fsmonitor, filters): nothing of it in Restricted Mode.
  if (!ensureTrusted(what)) return undefined;
  const [ref] = await resolveTargets(view, arg, selected, { placeHolder });
  if (!ref) return undefined;
  const run = await loadManifest(ref); // a run deleted meanwhile: told below
  if (!run) {
    void vscode.window.showErrorMessage('Runlens: that run no longer exists.');
    return undefined;
  }
  try {
    const top = await repoTopOf(ref.folder.folder.uri.fsPath);
    const { commit } = await codeCommitOf(top, run.id, run.code);
    return { run, folder: ref.folder, top, commit };
  } catch (e) {
    void vscode.window.showErrorMessage(`Runlens: cannot ${what} (${run.name}): ${messageOf(e)}`);
    return undefined;
  }
}

/** "Check Out This Run's Code": HEAD detached at the run's snapshot; resolves true when done. */
export async function checkoutRunCode(view: RunsView, arg: RunArg, selected?: unknown): Promise<boolean> {
  const t = await target(view, arg, selected, 'check out a run\'s code', 'Run whose code to check out');
  if (!t) return false;
  const opts = optionsOf(arg);
  const dirty = (await gitText(['status', '--porcelain', '--untracked-files=normal'], { cwd: t.top })).split('\n').filter(Boolean);
  let stashed = false;
  if (dirty.length > 0) {
    let stash = opts.stash;
    if (stash === undefined) {
      const choice = await vscode.window.showWarningMessage(
        `Your working tree has uncommitted changes (${dirty.length} path(s)). Checking out the code of ${t.run.name} would mix them in.`,
        { modal: true, detail: 'Stash them first (git stash push --include-untracked; restore later with git stash pop), or cancel and commit them yourself.' },
        'Stash and Check Out',
      );
      stash = choice === 'Stash and Check Out';
    }
    if (!stash) {
      void vscode.window.showInformationMessage(`Runlens: nothing checked out; commit or stash your changes, then check out the code of ${t.run.name}.`);
      return false;
    }
    await runGit(['stash', 'push', '--include-untracked', '-m', `runlens: before checking out the code of run ${t.run.name} (${t.run.id})`], { cwd: t.top });
    stashed = true;
  }
  try {
    await runGit(['checkout', '--quiet', '--detach', t.commit], { cwd: t.top });
  } catch (e) {
    void vscode.window.showErrorMessage(`Runlens: git could not check out the code of ${t.run.name}: ${messageOf(e)}${stashed ? ' Your changes are in the stash (git stash pop).' : ''}`);
    return false;
  }
  void vscode.window.showInformationMessage(
    `Runlens: checked out the code of ${t.run.name} (${t.commit.slice(0, 12)}, detached HEAD).${stashed ? ' Your changes are in the stash: git stash pop brings them back.' : ''} Go back with git switch -.`,
  );
  return true;
}

/** "Create Branch from Run": a branch at the run's snapshot; the working tree is not touched. */
export async function createBranchFromRun(view: RunsView, arg: RunArg, selected?: unknown): Promise<string | undefined> {
  const t = await target(view, arg, selected, 'create a branch from a run', 'Run whose code the branch starts from');
  if (!t) return undefined;
  const valid = async (name: string): Promise<string | undefined> => {
    if (!name.trim()) return 'Enter a branch name.';
    const ok = await runGit(['check-ref-format', '--branch', name], { cwd: t.top, okCodes: [1, 128] }).then((r) => r.code === 0, () => false);
    if (!ok) return `"${name}" is not a valid branch name.`;
    const exists = await runGit(['show-ref', '--verify', '--quiet', `refs/heads/${name}`], { cwd: t.top, okCodes: [1] }).then((r) => r.code === 0, () => false);
    return exists ? `A branch "${name}" exists already.` : undefined;
  };
  const name = optionsOf(arg).branch ?? await vscode.window.showInputBox({
    title: `Create branch from the code of ${t.run.name}`, value: `run/${t.run.name}`, validateInput: valid,
    prompt: 'The branch points at the run\'s snapshot (its commit plus its uncommitted changes); your working tree stays as it is.',
  });
  if (name === undefined) return undefined;
  const problem = await valid(name);
  if (problem) {
    void vscode.window.showErrorMessage(`Runlens: ${problem}`);
    return undefined;
  }
  await runGit(['branch', name, t.commit], { cwd: t.top });
  void vscode.window.showInformationMessage(`Runlens: created branch ${name} at the code of ${t.run.name} (${t.commit.slice(0, 12)}).`);
  return name;
}

/** "Rerun with Changes": the run's experiment, the params input prefilled with the run's params. */
export async function rerunWithChanges(context: vscode.ExtensionContext, view: RunsView, arg: RunArg, selected?: unknown): Promise<Launch | undefined> {
  if (!ensureTrusted('rerun a run')) return undefined;
  const [ref] = await resolveTargets(view, arg, selected, { placeHolder: 'Run to rerun with changed params' });
  if (!ref) return undefined;
  const run = await loadManifest(ref); // a run deleted meanwhile offers no action
  if (!run) return undefined;
  if (run.experiment === null) {
    void vscode.window.showInformationMessage(`Runlens: ${run.name} ran a raw command, which has no params to edit; use Rerun, or run it from a terminal with other arguments.`);
    return undefined;
  }
  const config = await configOf(ref.folder.folder);
  const exp = config?.experiments.get(run.experiment);
  if (!exp) {
    void vscode.window.showErrorMessage(`Runlens: runlens.yaml has no experiment "${run.experiment}" any more, so ${run.name} cannot be rerun with changes.`);
    return undefined;
  }
  // The run's values as the starting point; params the experiment no longer declares are dropped.
  const params = { ...exp.params };
  for (const k of Object.keys(params)) if (Object.prototype.hasOwnProperty.call(run.params, k)) params[k] = run.params[k] ?? null;
  const line = optionsOf(arg).params;
  const parsed = line !== undefined ? checkLine(line, exp) : (await askParams({ ...exp, params }, false, sweepConcurrency(ref.folder.folder)))?.parsed;
  if (parsed === undefined) return undefined;
  if (typeof parsed === 'string') {
    void vscode.window.showErrorMessage(`Runlens: params of ${exp.name}: ${parsed}`);
    return undefined;
  }
  return startExperiment(context, ref.folder.folder, exp, parsed);
}
