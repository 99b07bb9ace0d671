// Which runs a run command acts on. From a context menu VS Code passes the clicked node and the
// selection; from the palette there is no argument (the view's selection, else a quick pick);
// from a test, a keybinding or another extension, `{ folder, id }` with the folder's URI, path or name.
import * as vscode from 'vscode';
import { type RunManifest } from '../../core/model';
import { type RunSummary } from '../../core/store/summary';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsNode } from '../runs/runsTree';
import { type RunsView } from '../runs/runsView';

/** One run a command acts on, in the store of its own workspace folder. */
export interface RunRef {
  readonly folder: FolderRuns;
  readonly id: string;
  /** Set for runs in the trash (they are not in the folder's cache). */
  readonly trashed?: RunManifest;
}

/** What a command may be given to name a run. */
export type RunArg = RunsNode | { readonly folder: FolderRuns | vscode.Uri | string; readonly id: string } | undefined;

function isNode(arg: object): arg is RunsNode {
  return 'kind' in arg;
}

/** The run an argument names, or undefined when it names none (a group, an unknown folder). */
export function refOf(view: RunsView, arg: RunArg): RunRef | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  if (isNode(arg)) {
    if (arg.kind === 'run') return { folder: arg.folder, id: arg.id };
    if (arg.kind === 'trashed') return { folder: arg.folder, id: arg.run.id, trashed: arg.run };
    return undefined;
  }
  const f = arg.folder;
  const folder = typeof f === 'string' || f instanceof vscode.Uri ? view.folderOf(f) : f;
  return folder && typeof arg.id === 'string' ? { folder, id: arg.id } : undefined;
}

/** The run of a ref as the view holds it (its summary, or a trashed run's manifest), if it still exists. */
export function manifestOf(ref: RunRef): RunManifest | RunSummary | undefined {
  return ref.trashed ?? ref.folder.get(ref.id);
}

/** The whole manifest of a ref (read from its run.json unless kept), if the run still exists. */
export async function loadManifest(ref: RunRef): Promise<RunManifest | undefined> {
  return ref.trashed ?? (await ref.folder.manifest(ref.id));
}

/** Options of {@link resolveTargets}. */
export interface TargetOptions {
  /** Placeholder of the quick pick shown when nothing names a run. */
  readonly placeHolder: string;
  /** Which runs the quick pick offers (e.g. only running ones for Stop). */
  readonly offer?: (run: RunSummary) => boolean;
  /** Whether several runs may be acted on at once (star, tag, delete). */
  readonly many?: boolean;
}

/**
 * The runs a command acts on: the clicked run with the rest of the selection when it is part of
 * it (clicked run first), else the view's selection, else what the user picks. A single-run
 * command always acts on the run right-clicked, never on the first of the selection.
 */
export async function resolveTargets(view: RunsView, arg: RunArg, selected: unknown, options: TargetOptions): Promise<RunRef[]> {
  const clicked = refOf(view, arg);
  const keep = (refs: RunRef[]): RunRef[] => (options.many ? refs : refs.slice(0, 1));
  if (clicked) {
    const others = Array.isArray(selected) ? selected.map((s) => refOf(view, s as RunArg)).filter((r): r is RunRef => r !== undefined) : [];
    const same = (r: RunRef): boolean => r.folder === clicked.folder && r.id === clicked.id;
    if (!options.many || !others.some(same)) return [clicked];
    return [clicked, ...others.filter((r) => !same(r))];
  }
  if (arg === undefined) {
    const fromView = view.treeView.selection.map((n) => refOf(view, n)).filter((r): r is RunRef => r !== undefined);
    if (fromView.length > 0) return keep(fromView);
    return pickRuns(view, options);
  }
  void vscode.window.showErrorMessage('Runlens: that run is not in an open workspace folder. Pick a run in the Runs view and try again.');
  return [];
}

async function pickRuns(view: RunsView, options: TargetOptions): Promise<RunRef[]> {
  const multiRoot = view.folderRuns().length > 1;
  const items: (vscode.QuickPickItem & { ref: RunRef })[] = [];
  for (const folder of view.folderRuns()) {
    for (const run of await folder.list()) {
      if (options.offer && !options.offer(run)) continue;
      items.push({
        label: run.name,
        description: [run.experiment ?? 'ad-hoc', run.status, multiRoot ? folder.folder.name : ''].filter(Boolean).join(' · '),
        ref: { folder, id: run.id },
      });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Runlens: there is no run this command applies to.');
    return [];
  }
  if (options.many) {
    const picked = await vscode.window.showQuickPick(items, { placeHolder: options.placeHolder, canPickMany: true, matchOnDescription: true });
    return (picked ?? []).map((p) => p.ref);
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: options.placeHolder, matchOnDescription: true });
  return picked ? [picked.ref] : [];
}

/** The error of a failed store call as one sentence, for messages. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** "run-a" or "3 runs", for messages about one or several runs. */
export function runsLabel(refs: readonly RunRef[]): string {
  const only = refs.length === 1 ? refs[0] : undefined;
  const name = only ? manifestOf(only)?.name : undefined;
  return only ? `run ${name ?? only.id}` : `${refs.length} runs`;
}
