// Registers Compare Runs: the command (from the Runs view's multi-selection, the palette, another
// feature with `{ folder, ids, baseline }`), the serializer that restores panels after a reload,
// and the socket `runlens compare --open` reaches from an integrated terminal.
import * as vscode from 'vscode';
import { isCompareViewState } from '../../protocol/compare';
import { resolveTargets, type RunArg } from '../actions/targets';
import { type RunsView } from '../runs/runsView';
import { startOpenServer } from './openServer';
import { COMPARE_VIEW_TYPE, ComparePanel, type CompareTarget } from './panel';

/** What `runlens.compareRuns` accepts from code: a folder's fsPath (or URI string, or name) and run ids. */
export interface CompareArgs {
  readonly folder: string;
  readonly ids: readonly string[];
  readonly baseline?: string;
}

function isCompareArgs(v: unknown): v is CompareArgs {
  if (typeof v !== 'object' || v === null || 'kind' in v) return false;
  const a = v as Record<string, unknown>;
  return typeof a.folder === 'string' && Array.isArray(a.ids) && a.ids.every((x) => typeof x === 'string')
    && (a.baseline === undefined || typeof a.baseline === 'string');
}

/** Handles for tests: the open panels and the socket path put in terminals' environment. */
export interface CompareHandles {
  panels(): readonly ComparePanel[];
  readonly socketPath: Promise<string | undefined>;
}

/** Registers the command, the serializer and the terminal socket. */
export function registerCompare(context: vscode.ExtensionContext, view: RunsView, log: vscode.LogOutputChannel): CompareHandles & vscode.Disposable {
  const panels = new Set<ComparePanel>();
  const open = (target: CompareTarget, panel?: vscode.WebviewPanel): ComparePanel => {
    const p = panel ?? vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, 'Compare Runs', vscode.ViewColumn.Active, { enableScripts: true, enableFindWidget: true });
    const cp = new ComparePanel(p, target.folder, target, context.extensionUri, log);
    panels.add(cp);
    cp.onDidDispose(() => panels.delete(cp));
    return cp;
  };

  const command = async (arg?: unknown, selected?: unknown): Promise<ComparePanel | undefined> => {
    if (isCompareArgs(arg)) {
      const folder = view.folderOf(arg.folder);
      if (!folder) {
        void vscode.window.showErrorMessage(`Runlens: ${arg.folder} is not an open workspace folder, so its runs cannot be compared here.`);
        return undefined;
      }
      if (arg.ids.length === 0) return undefined;
      return open({ folder, ids: arg.ids, baseline: arg.baseline ?? null });
    }
    const refs = await resolveTargets(view, arg as RunArg, selected, { placeHolder: 'Compare which runs? (pick two or more)', many: true });
    const live = refs.filter((r) => !r.trashed);
    const folder = live[0]?.folder;
    if (!folder) return undefined;
    if (live.some((r) => r.folder !== folder)) {
      void vscode.window.showErrorMessage('Runlens: the selected runs belong to different workspace folders; compare runs of one folder at a time.');
      return undefined;
    }
    return open({ folder, ids: live.map((r) => r.id), baseline: null });
  };

  const serializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      const folder = isCompareViewState(state) ? view.folderOf(state.folder) : undefined;
      if (!isCompareViewState(state) || !folder) {
        panel.dispose(); // from an older version, or its folder is no longer open: nothing to restore
        return Promise.resolve();
      }
      open({ folder, ids: state.ids, baseline: state.baseline }, panel);
      return Promise.resolve();
    },
  };

  const server = startOpenServer(context, view, log, (folder, ids, baseline) => {
    const p = open({ folder, ids, baseline });
    p.panel.reveal();
  });
  const disposable = vscode.Disposable.from(
    vscode.commands.registerCommand('runlens.compareRuns', command),
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, serializer),
    new vscode.Disposable(() => { for (const p of panels) p.panel.dispose(); }),
    view.onDidRetireFolder((folder) => { for (const p of panels) if (p.folder === folder) p.panel.dispose(); }),
    new vscode.Disposable(() => void server.then((s) => s?.dispose())),
  );
  return {
    panels: () => [...panels],
    socketPath: server.then((s): string | undefined => s?.path),
    dispose: () => { disposable.dispose(); },
  };
}
