// The Datasets view's actions on a version: Compare With Current and Compare Two Versions (the
// Data Diff panel), and Restore This Version from the data cache (fetching what it lacks from the
// data remote first): refused in an untrusted workspace, explained when files are not cached,
// confirmed before anything is overwritten.
import * as vscode from 'vscode';
import { HashCache } from '../../core/data/cache';
import { applyRestore, planRestore, type RestorePlan } from '../../core/data/restore';
import { type DiffFile } from '../../core/data/diffData';
import { loadConfig } from '../../core/config/config';
import { errorMessage } from '../../core/errors';
import { describeRemote } from '../../core/remote/spec';
import { fetchObjects } from '../../core/remote/sync';
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

function missingMessage(spec: string, plan: RestorePlan, remote: string | undefined): string {
  const names = plan.missing.slice(0, 8).map((f) => f.path).join(', ');
  const more = plan.missing.length > 8 ? ` and ${plan.missing.length - 8} more` : '';
  const where = remote === undefined ? 'the data cache' : `the data cache nor on the data remote ${remote}`;
  return `Runlens cannot restore ${spec}: ${plan.missing.length} of its files are not in ${where} (${names}${more}). ` +
    `Declare the dataset with "cache: true" in runlens.yaml so the versions runs read are kept${remote === undefined ? '' : ', and push them with runlens cache push'}.`;
}

/**
 * Fetches `files` from the data remote of runlens.yaml into the data cache, with a cancellable
 * progress notification. Returns the remote's name, or undefined when none is configured.
 */
async function fetchFromRemote(storeRoot: string, workspaceRoot: string, spec: string, files: readonly DiffFile[]): Promise<string | undefined> {
  const config = await loadConfig(workspaceRoot).catch(() => undefined); // a broken config has no usable remote: the restore explains what is missing
  if (!config?.remote) return undefined;
  const remoteSpec = config.remote;
  const name = describeRemote(remoteSpec);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Runlens: fetching ${spec} from ${name}`, cancellable: true }, async (progress, token) => {
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    let last = 0;
    try {
      const r = await fetchObjects(storeRoot, remoteSpec, files, {
        signal: ac.signal,
        onProgress: (p) => {
          const pct = p.total === 0 ? 100 : Math.floor((p.done * 100) / p.total);
          progress.report({ increment: pct - last, message: `${p.done}/${p.total} file(s)` });
          last = pct;
        },
      });
      if (r.corrupt.length > 0) void vscode.window.showErrorMessage(`Runlens refused ${r.corrupt.length} corrupt file(s) from ${name}: ${r.corrupt[0]}`);
    } catch (e) {
      if (!ac.signal.aborted) void vscode.window.showErrorMessage(`Runlens could not fetch ${spec} from ${name}: ${errorMessage(e)}`);
    } finally {
      sub.dispose();
    }
  });
  return name;
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
  let plan = await planRestore(storeRoot, store.workspaceRoot, spec, version.files, now?.files ?? null);
  const remote = plan.missing.length > 0 ? await fetchFromRemote(storeRoot, store.workspaceRoot, spec, plan.missing) : undefined;
  if (remote !== undefined) plan = await planRestore(storeRoot, store.workspaceRoot, spec, version.files, now?.files ?? null);
  if (plan.missing.length > 0) {
    void vscode.window.showErrorMessage(missingMessage(spec, plan, remote));
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
