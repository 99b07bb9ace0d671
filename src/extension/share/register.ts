// Push Runs and Pull Runs in the editor (docs/sharing.md): each folder's runs through its git remote,
// with a cancellable progress notification, the marks of the Runs view, and an optional pull when
// the window gains focus (`runlens.share.pullOnFocus`). The engine (src/core/share) does the work.
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { ShareError } from '../../core/share/errors';
import { type ShareProgress } from '../../core/share/progress';
import { pullRuns, type PullResult } from '../../core/share/pull';
import { type PushResult } from '../../core/share/push';
import { runPushSteps, runsResult } from '../../core/share/steps';
import { DisposableStore } from '../disposableStore';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsView } from '../runs/runsView';
import { ShareMarks } from './shareMarks';

/** What the integration tests look at: the marks and the outcome of the last push and pull. */
export interface ShareHandles {
  readonly marks: ShareMarks;
  lastPush: readonly PushResult[] | undefined;
  lastPull: readonly PullResult[] | undefined;
  /** A pull on focus in progress (tests wait for it). */
  focusPull: Promise<void> | undefined;
}

/** A pull on focus waits this long after the previous one: switching windows is no reason to fetch. */
const FOCUS_PULL_GAP_MS = 60_000;

/** Registers the commands and the marks; one disposable for extension.ts. */
export function registerSharing(view: RunsView, log: vscode.LogOutputChannel): ShareHandles & vscode.Disposable {
  const marks = new ShareMarks(view);
  const handles: ShareHandles = { marks, lastPush: undefined, lastPull: undefined, focusPull: undefined };
  let lastFocusPull = 0;
  const subscriptions = new DisposableStore();
  subscriptions.addAll(
    marks,
    vscode.commands.registerCommand('runlens.pushRuns', async () => {
      handles.lastPush = await share('Pushing runs', view, log, async (folder, signal, report) => {
        const steps = await runPushSteps({ store: folder.store, workspace: folder.folder.uri.fsPath, signal, onProgress: report });
        return runsResult(steps);
      }, describePush);
      marks.invalidate();
    }),
    vscode.commands.registerCommand('runlens.pullRuns', async () => {
      handles.lastPull = await share('Pulling runs', view, log,
        (folder, signal, report) => pullRuns({ store: folder.store, workspace: folder.folder.uri.fsPath, signal, onProgress: report }), describePull);
      marks.invalidate();
    }),
    vscode.window.onDidChangeWindowState((state) => {
      const wanted = vscode.workspace.getConfiguration('runlens').get<boolean>('share.pullOnFocus', false);
      if (!state.focused || !wanted || !vscode.workspace.isTrusted || handles.focusPull || Date.now() - lastFocusPull < FOCUS_PULL_GAP_MS) return;
      lastFocusPull = Date.now();
      handles.focusPull = quietPull(view, log).finally(() => {
        handles.focusPull = undefined;
        marks.invalidate();
      });
    }),
  );
  return Object.assign(handles, { dispose: () => subscriptions.dispose() });
}

type Work<T> = (folder: FolderRuns, signal: AbortSignal, report: (p: ShareProgress) => void) => Promise<T | undefined>;

/**
 * Runs `work` for each folder under one cancellable notification; reports each folder's outcome
 * (`describe`: a message and whether it needs attention) and each failure with what to do next.
 */
async function share<T>(title: string, view: RunsView, log: vscode.LogOutputChannel, work: Work<T>, describe: (r: T) => { text: string; warn: boolean }): Promise<T[] | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Runlens shares runs only in a trusted workspace: git reads this repository\'s configuration, which can run programs.');
    return undefined;
  }
  const folders = view.folderRuns();
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Open a folder with Runlens runs to share them.');
    return undefined;
  }
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const results: T[] = [];
    for (const folder of folders) {
      try {
        const r = await work(folder, abort.signal, (p) => progress.report({ message: folders.length > 1 ? `${folder.folder.name}: ${p.message}` : p.message }));
        if (r === undefined) continue;
        results.push(r);
        const { text, warn } = describe(r);
        log.info(`${title} (${folder.folder.name}): ${text}`);
        if (warn) void vscode.window.showWarningMessage(text);
        else void vscode.window.showInformationMessage(text);
      } catch (e) {
        if (abort.signal.aborted) {
          void vscode.window.showInformationMessage(`${title} cancelled; nothing is half-done, and the next attempt completes it.`);
          return results;
        }
        const hint = e instanceof ShareError && e.hint ? ` (${e.hint})` : '';
        log.error(`${title} (${folder.folder.name}) failed: ${errorMessage(e)}`);
        void vscode.window.showErrorMessage(`${title} failed for ${folder.folder.name}: ${errorMessage(e)}${hint}`);
      }
    }
    return results;
  });
}

function describePush(r: PushResult): { text: string; warn: boolean } {
  const runs = (n: number): string => `${n} run${n === 1 ? '' : 's'}`;
  const base = `Pushed ${runs(r.pushed.length)} to ${r.remote.name}${r.unchanged > 0 ? ` (${r.unchanged} already there)` : ''}.`;
  if (r.conflicts.length === 0) return { text: base, warn: false };
  return { text: `${base} ${r.conflicts.length} conflict(s), nothing overwritten: ${r.conflicts.map((c) => c.message).join(' ')}`, warn: true };
}

function describePull(r: PullResult): { text: string; warn: boolean } {
  const got = r.added.length + r.updated.length;
  const base = got === 0 ? `No new runs on ${r.remote.name}.` : `Pulled ${got} run${got === 1 ? '' : 's'} from ${r.remote.name} (${r.added.length} new, ${r.updated.length} updated).`;
  const problems = [...r.conflicts.map((c) => c.message), ...r.failed.map((f) => `${f.id}: ${f.message}`)];
  return problems.length === 0 ? { text: base, warn: false } : { text: `${base} ${problems.join(' ')}`, warn: true };
}

/** A pull on focus: no notification unless there is news; failures go to the output channel only. */
async function quietPull(view: RunsView, log: vscode.LogOutputChannel): Promise<void> {
  for (const folder of view.folderRuns()) {
    try {
      const r = await pullRuns({ store: folder.store, workspace: folder.folder.uri.fsPath });
      const { text, warn } = describePull(r);
      log.info(`Pull on focus (${folder.folder.name}): ${text}`);
      if (warn) void vscode.window.showWarningMessage(text);
    } catch (e) {
      log.warn(`Pull on focus (${folder.folder.name}) failed: ${errorMessage(e)}`);
    }
  }
}
