// Explorer context menu: Runs That Used This and Run That Produced This, on any file or folder.
// The item is hashed as it is now (through the stat cache) and looked up by content in the runs'
// lineage records, so a file renamed or copied since is still found; a quick pick opens Run Detail.
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { HashCache } from '../../core/data/cache';
import { hashDatasets } from '../../core/data/hash';
import { runsTouching, type DataTarget } from '../../core/lineage/query';
import { type LineageRunRecord } from '../../core/lineage/types';
import { formatAgo } from '../../core/present/format';
import { StoreLayout } from '../../core/store/layout';
import { type FolderRuns } from '../runs/folderRuns';
import { recordsOf } from '../runs/folderRecords';
import { type RunsView } from '../runs/runsView';

/** A run found for an explorer item, and under which path it recorded that content. */
export interface RunMatch {
  readonly folder: FolderRuns;
  readonly run: LineageRunRecord;
  readonly specs: string[];
}

/** The content of `rel` (file or folder) now: its dataset hash and its non-empty files' SHA-256. */
async function targetOf(folder: FolderRuns, rel: string): Promise<DataTarget | null> {
  const cache = await HashCache.open(new StoreLayout(folder.store.root).root);
  const r = await hashDatasets(folder.store.workspaceRoot, [rel], { cache, missing: 'warn' });
  // The hashes are only a speed-up for the next lookup: a store that cannot be written costs nothing else.
  await cache.save().catch(() => undefined);
  const m = r.manifests[0];
  if (!m || m.missing) return null;
  return { hashes: new Set([m.hash]), files: new Set(m.files.filter((f) => f.size > 0).map((f) => f.sha256)) };
}

/** The runs that read (`read`) or wrote (`wrote`) the content `uri` holds now, newest first. */
export async function runsForUri(view: RunsView, uri: vscode.Uri, how: 'read' | 'wrote'): Promise<RunMatch[]> {
  const ws = vscode.workspace.getWorkspaceFolder(uri);
  const folder = ws && view.folderOf(ws.uri);
  if (!folder) return [];
  const rel = relative(folder.store.workspaceRoot, uri.fsPath).split(sep).join('/');
  // No store yet means no runs to find; hashing would only create one (and its cache) for nothing.
  if (rel === '' || rel.startsWith('..') || !existsSync(folder.store.root)) return [];
  const target = await targetOf(folder, rel);
  if (!target) return [];
  const records = await recordsOf(folder).records();
  const ids = new Set(runsTouching(records, target, how));
  return records.filter((r) => ids.has(r.id)).sort((a, b) => (a.id < b.id ? 1 : -1)).map((run) => ({
    folder, run,
    specs: (how === 'read' ? run.datasets : run.outputs)
      .filter((v) => target.hashes.has(v.hash) || (v.files ?? []).some((f) => f.size > 0 && target.files.has(f.sha256)))
      .map((v) => v.spec),
  }));
}

/** What the last lookup found (integration tests read it while the quick pick is open). */
export interface ExplorerRunsHandle {
  last: RunMatch[] | undefined;
}

/** Runs the lookup for the command, then offers the runs in a quick pick that opens Run Detail. */
export async function pickRunsFor(view: RunsView, handle: ExplorerRunsHandle, uri: vscode.Uri | undefined, how: 'read' | 'wrote'): Promise<void> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target || target.scheme !== 'file') {
    void vscode.window.showInformationMessage('Runlens: right-click a file or folder in the Explorer to find the runs that used it.');
    return;
  }
  const name = vscode.workspace.asRelativePath(target);
  const matches = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Runlens: looking up ${name}` }, () => runsForUri(view, target, how));
  handle.last = matches;
  if (matches.length === 0) {
    void vscode.window.showInformationMessage(how === 'read'
      ? `Runlens: no recorded run read the content ${name} holds now (runs are found by content, even under another name).`
      : `Runlens: no recorded run wrote the content ${name} holds now: it was not produced by a run, or changed since.`);
    return;
  }
  const items = matches.map((m) => ({
    label: m.run.name,
    description: [m.run.experiment ?? m.run.command.join(' '), m.run.status, formatAgo(m.run.createdAt)].join(' · '),
    detail: `${how === 'read' ? 'read it as' : 'wrote it as'} ${m.specs.join(', ')}`,
    m,
  }));
  const title = how === 'read' ? `Runs that used ${name}` : `Runs that produced ${name}`;
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Open the run\'s details', matchOnDescription: true, matchOnDetail: true });
  if (picked) await vscode.commands.executeCommand('runlens.showRun', { folder: picked.m.folder.folder.uri.toString(), id: picked.m.run.id });
}
