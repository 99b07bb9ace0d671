// The Datasets view's actions on a version: Compare With Current and Compare Two Versions (the
// Data Diff panel), and Restore This Version from the data cache: refused in an untrusted
// workspace, explained when files are not cached, confirmed before anything is overwritten.
import * as vscode from 'vscode';
import { HashCache } from '../../core/data/cache';
import { applyRestore, planRestore, type RestorePlan } from '../../core/data/restore';
import { findVersion, workspaceFiles } from '../../core/lineage/dataRef';
import { StoreLayout } from '../../core/store/layout';
import { SHORT_HASH } from '../../views/datasets/rows';
import { ensureTrusted } from '../run/trust';
import { type DataDiffPanel } from '../dataDiff/panel';
import { type DatasetsNode, type VersionNode } from './datasetsTree';
import { type DatasetsView } from './datasetsView';

/** Compares a version (before) with what the workspace holds now (after). */
export function compareWithCurrent(panel: DataDiffPanel, node: VersionNode): Promise<unknown> {
  const spec = node.info.spec;
  return panel.show(node.snapshot.folder, { kind: 'version', spec, hash: node.version.hash }, { kind: 'workspace', spec });
}

/**
 * Compares two versions of one path: the two selected, else the clicked one and one picked from the
 * other versions. The older is A.
 */
export async function compareVersions(panel: DataDiffPanel, node: VersionNode, selected?: readonly DatasetsNode[]): Promise<unknown> {
  const spec = node.info.spec;
  const versions = node.info.versions;
  let other = selected?.find((n): n is VersionNode => n.kind === 'version' && n.info.spec === spec && n.version.hash !== node.version.hash)?.version;
  if (!other) {
    const items = versions.filter((v) => v.hash !== node.version.hash).map((v) => ({
      label: v.hash.slice(0, SHORT_HASH), description: `${v.files} file(s)${v.inWorkspace ? ' · in workspace' : ''}`, detail: `first seen ${new Date(v.firstSeen).toLocaleString()}`, v,
    }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage(`Runlens: "${spec}" has only one recorded version; Compare With Current compares it with the workspace.`);
      return undefined;
    }
    other = (await vscode.window.showQuickPick(items, { placeHolder: `Compare ${node.version.hash.slice(0, SHORT_HASH)} of ${spec} with which version?` }))?.v;
    if (!other) return undefined;
  }
  const order = (h: string): number => versions.findIndex((v) => v.hash === h);
  // Versions are newest first: the one further down the list is the older, A.
  const [a, b] = order(other.hash) > order(node.version.hash) ? [other, node.version] : [node.version, other];
  return panel.show(node.snapshot.folder, { kind: 'version', spec, hash: a.hash }, { kind: 'version', spec, hash: b.hash });
}

function missingMessage(spec: string, plan: RestorePlan): string {
  const names = plan.missing.slice(0, 8).map((f) => f.path).join(', ');
  const more = plan.missing.length > 8 ? ` and ${plan.missing.length - 8} more` : '';
  return `Runlens cannot restore ${spec}: ${plan.missing.length} of its files are not in the data cache (${names}${more}). ` +
    `Declare the dataset with "cache: true" in runlens.yaml so the versions runs read are kept.`;
}

/** Restores a version into the workspace from the data cache. Resolves to what happened (tests read it). */
export async function restoreVersion(view: DatasetsView, node: VersionNode, confirmed = false): Promise<'restored' | 'untrusted' | 'missing' | 'unchanged' | 'cancelled' | 'noManifest'> {
  if (!ensureTrusted('restore a dataset version')) return 'untrusted';
  const { folder, records } = node.snapshot;
  const spec = node.info.spec;
  const short = node.version.hash.slice(0, SHORT_HASH);
  const version = findVersion(records, spec, node.version.hash);
  if (version.files === null) {
    void vscode.window.showErrorMessage(`Runlens cannot restore ${spec} @ ${short}: the run's per-file manifest is gone, only the hash is known.`);
    return 'noManifest';
  }
  const store = folder.store;
  const storeRoot = new StoreLayout(store.root).root;
  const now = await workspaceFiles({ records, root: store.workspaceRoot, storeRoot, hashCache: await HashCache.open(storeRoot) }, spec);
  const plan = await planRestore(storeRoot, store.workspaceRoot, spec, version.files, now?.files ?? null);
  if (plan.missing.length > 0) {
    void vscode.window.showErrorMessage(missingMessage(spec, plan));
    return 'missing';
  }
  if (plan.write.length === 0 && plan.remove.length === 0) {
    void vscode.window.showInformationMessage(`Runlens: the workspace already holds ${spec} @ ${short}.`);
    return 'unchanged';
  }
  const what = [`${plan.write.length} file(s) written`, ...(plan.remove.length > 0 ? [`${plan.remove.length} file(s) not in that version removed`] : [])].join(', ');
  if (!confirmed) {
    const ok = 'Restore';
    const choice = await vscode.window.showWarningMessage(`Restore ${spec} to version ${short}?`, { modal: true, detail: `This overwrites the workspace's copy: ${what}. The current content is lost unless a run recorded it with cache: true.` }, ok);
    if (choice !== ok) return 'cancelled';
  }
  await applyRestore(storeRoot, store.workspaceRoot, plan);
  void vscode.window.showInformationMessage(`Runlens restored ${spec} to version ${short} (${what}).`);
  await view.reload();
  return 'restored';
}
