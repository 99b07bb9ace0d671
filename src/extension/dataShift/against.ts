// One-off data shift comparisons that open the Data Shift view: Check Data Shift Against… on a
// tabular file of the Explorer (the reference picked among the runs' training data and the recorded
// dataset versions), and Compare Data Shift With… on a version in the Datasets view or the Lineage
// view (against the workspace's copy, another version, or a file).
import { relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { type MonitorReference } from '../../core/config/monitors';
import { isProfilable } from '../../core/profile/profileFile';
import { SHORT_HASH } from '../../views/datasets/rows';
import { normalizeSpec } from '../../core/lineage/dataRef';
import { type DatasetsNode, type VersionNode } from '../datasets/datasetsTree';
import { loadFolderDatasets, runNames } from '../datasets/folderDatasets';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsView } from '../runs/runsView';
import { type ShiftOutcome } from './check';
import { type DataShiftPanel } from './panel';

/** Runs offered in the reference picker at most (newest first). */
const MAX_RUN_ITEMS = 200;

type RefItem = vscode.QuickPickItem & { readonly ref?: MonitorReference };

/** True for a spec that may hold tabular files: a tabular file, or a folder or glob. */
function mayBeTabular(spec: string): boolean {
  return isProfilable(spec) || !/\.[A-Za-z0-9]+$/.test(spec) || /[*?{[]/.test(spec);
}

/** The reference picker's items: the data each run read, then every recorded version. */
export async function referenceItems(folder: FolderRuns): Promise<RefItem[]> {
  const snapshot = await loadFolderDatasets(folder);
  const name = runNames(snapshot);
  const created = new Map(snapshot.records.map((r) => [r.id, r.createdAt]));
  const specs = snapshot.datasets.filter((d) => mayBeTabular(d.spec));
  const runs = specs.flatMap((d) => d.versions.flatMap((v) => v.readBy.map((runId) => ({ runId, spec: d.spec, hash: v.hash }))))
    .sort((a, b) => (created.get(b.runId) ?? '').localeCompare(created.get(a.runId) ?? ''))
    .slice(0, MAX_RUN_ITEMS);
  const items: RefItem[] = [];
  if (runs.length > 0) items.push({ label: 'Training data of a run', kind: vscode.QuickPickItemKind.Separator });
  for (const r of runs) {
    items.push({ label: `$(beaker) ${name(r.runId)}`, description: r.spec, detail: `the version it read: ${r.hash.slice(0, SHORT_HASH)}`, ref: { kind: 'run', run: r.runId, dataset: r.spec } });
  }
  const versions = specs.flatMap((d) => d.versions.map((v) => ({ spec: d.spec, v })));
  if (versions.length > 0) items.push({ label: 'Dataset versions', kind: vscode.QuickPickItemKind.Separator });
  for (const { spec, v } of versions) {
    const by = v.readBy.length + v.wroteBy.length;
    items.push({ label: `$(database) ${spec} @ ${v.hash.slice(0, SHORT_HASH)}`, description: `${v.files} file(s)${v.inWorkspace ? ' · in workspace' : ''}`, detail: `recorded by ${by} run(s), first ${new Date(v.firstSeen).toLocaleString()}`, ref: { kind: 'version', version: v.hash, dataset: spec } });
  }
  return items;
}

/** The workspace-relative path of `uri` in `folder`, with forward slashes. */
function relativePath(folder: FolderRuns, uri: vscode.Uri): string {
  return relative(folder.folder.uri.fsPath, uri.fsPath).split(sep).join('/');
}

/** Check Data Shift Against…: `uri` (the current data) against a reference the user picks. */
export async function checkAgainst(runs: RunsView, panel: DataShiftPanel, uri: unknown, pick?: (items: RefItem[]) => Promise<RefItem | undefined>): Promise<ShiftOutcome | undefined> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  const wf = target && vscode.workspace.getWorkspaceFolder(target);
  const folder = wf && runs.folderOf(wf.uri);
  if (!target || !folder) {
    void vscode.window.showErrorMessage('Runlens: Check Data Shift Against… works on a CSV, TSV, JSON Lines or Parquet file of an open workspace folder.');
    return undefined;
  }
  const path = relativePath(folder, target);
  if (!isProfilable(path)) {
    void vscode.window.showErrorMessage(`Runlens cannot profile ${path}: data shift reads CSV, TSV, JSON Lines and Parquet files (docs/data-shift.md).`);
    return undefined;
  }
  const items = await referenceItems(folder);
  if (!items.some((i) => i.ref)) {
    void vscode.window.showInformationMessage('Runlens: no run recorded a tabular dataset yet, so there is no reference to compare with. Declare datasets: in runlens.yaml and run an experiment.');
    return undefined;
  }
  const chosen = await (pick ?? ((xs) => vscode.window.showQuickPick(xs, { placeHolder: `Check the data shift of ${path} against…`, matchOnDescription: true })))(items);
  if (!chosen?.ref) return undefined;
  return panel.show(folder, { name: path, reference: chosen.ref, current: [path], configured: false });
}

/** Compare Data Shift With…: a version of the Datasets view (the reference) against the workspace, another version, or a file. */
export async function compareVersionWith(panel: DataShiftPanel, node: DatasetsNode | undefined, pick?: (items: (vscode.QuickPickItem & { current?: readonly string[] | MonitorReference; file?: true })[]) => Promise<(vscode.QuickPickItem & { current?: readonly string[] | MonitorReference; file?: true }) | undefined>): Promise<ShiftOutcome | undefined> {
  if (node?.kind !== 'version') {
    void vscode.window.showInformationMessage('Runlens: pick a version in the Datasets view first.');
    return undefined;
  }
  const { info, version, snapshot } = node;
  const short = version.hash.slice(0, SHORT_HASH);
  const items: (vscode.QuickPickItem & { current?: readonly string[] | MonitorReference; file?: true })[] = [
    { label: `$(file) ${info.spec} in the workspace now`, current: [info.spec] },
    ...info.versions.filter((v) => v.hash !== version.hash).map((v) => ({ label: `$(database) ${info.spec} @ ${v.hash.slice(0, SHORT_HASH)}`, description: `first ${new Date(v.firstSeen).toLocaleString()}`, current: { kind: 'version' as const, version: v.hash, dataset: info.spec } })),
    { label: '$(folder-opened) A file…', file: true },
  ];
  const chosen = await (pick ?? ((xs) => vscode.window.showQuickPick(xs, { placeHolder: `Compare the data shift of ${info.spec} @ ${short} with…` })))(items);
  if (!chosen) return undefined;
  let current = chosen.current;
  if (chosen.file) {
    const files = await vscode.window.showOpenDialog({ defaultUri: snapshot.folder.folder.uri, canSelectMany: false, filters: { 'Tabular data': ['csv', 'tsv', 'tab', 'txt', 'jsonl', 'ndjson', 'parquet', 'pq'] } });
    const file = files?.[0];
    if (!file) return undefined;
    current = [relativePath(snapshot.folder, file)];
  }
  if (!current) return undefined;
  return panel.show(snapshot.folder, { name: `${info.spec} @ ${short}`, reference: { kind: 'version', version: version.hash, dataset: info.spec }, current, configured: false });
}

/** A data version named by where it lives, as the Lineage view sends it: folder path, spec, full hash. */
export interface DataVersionRef {
  readonly folder: string;
  readonly spec: string;
  readonly hash: string;
}

function isVersionRef(v: unknown): v is DataVersionRef {
  const r = v as Partial<DataVersionRef> | undefined;
  return typeof r?.folder === 'string' && typeof r.spec === 'string' && typeof r.hash === 'string';
}

/** The Datasets node of the version `ref` names (read from the folder's store), or undefined with a message said. */
export async function versionNodeOf(runs: RunsView, ref: DataVersionRef): Promise<VersionNode | undefined> {
  const folder = runs.folderOf(ref.folder);
  const snapshot = folder && await loadFolderDatasets(folder);
  const info = snapshot?.datasets.find((d) => normalizeSpec(d.spec) === normalizeSpec(ref.spec));
  const version = info?.versions.find((v) => v.hash === ref.hash);
  if (!snapshot || !info || !version) {
    void vscode.window.showInformationMessage(`Runlens: ${ref.spec} @ ${ref.hash.slice(0, SHORT_HASH)} is not a dataset version recorded in this workspace folder, so there is nothing to compare.`);
    return undefined;
  }
  if (!mayBeTabular(info.spec)) {
    void vscode.window.showInformationMessage(`Runlens cannot profile ${info.spec}: data shift reads CSV, TSV, JSON Lines and Parquet files (docs/data-shift.md).`);
    return undefined;
  }
  return { kind: 'version', snapshot, info, version };
}

/** Registers the two commands; Compare Data Shift With… takes a Datasets node or a DataVersionRef (the Lineage view's). */
export function registerShiftComparisons(runs: RunsView, panel: DataShiftPanel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('runlens.checkDataShiftAgainst', (uri?: unknown) => checkAgainst(runs, panel, uri)),
    vscode.commands.registerCommand('runlens.datasets.compareDataShift', async (arg?: DatasetsNode | DataVersionRef) => {
      if (!isVersionRef(arg)) return compareVersionWith(panel, arg);
      const node = await versionNodeOf(runs, arg);
      return node && compareVersionWith(panel, node);
    }),
  );
}
