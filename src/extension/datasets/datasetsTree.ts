// The Datasets view's tree: (a folder per workspace folder when there are several) -> declared
// dataset/output paths -> their versions -> the runs that read or wrote each. Nodes are rebuilt per
// load with stable ids, so reveal() finds a version again after the view refreshed.
import * as vscode from 'vscode';
import { type DatasetInfo, type DatasetVersionInfo } from '../../core/lineage/datasets';
import { normalizeSpec } from '../../core/lineage/dataRef';
import { datasetRow, versionRow, type DatasetRow } from '../../views/datasets/rows';
import { type FolderRuns } from '../runs/folderRuns';
import { runNames, type DatasetsSnapshot } from './folderDatasets';

/** A node of the Datasets view. */
export type DatasetsNode =
  | { readonly kind: 'folder'; readonly snapshot: DatasetsSnapshot }
  | { readonly kind: 'dataset'; readonly snapshot: DatasetsSnapshot; readonly info: DatasetInfo }
  | { readonly kind: 'version'; readonly snapshot: DatasetsSnapshot; readonly info: DatasetInfo; readonly version: DatasetVersionInfo }
  | { readonly kind: 'run'; readonly parent: DatasetsNode; readonly folder: FolderRuns; readonly runId: string; readonly name: string; readonly how: 'read' | 'wrote' };

/** The node of a version: what the Datasets commands receive. */
export type VersionNode = Extract<DatasetsNode, { kind: 'version' }>;

function item(row: DatasetRow, collapsible: vscode.TreeItemCollapsibleState, id: string): vscode.TreeItem {
  const t = new vscode.TreeItem(row.label, collapsible);
  t.id = id;
  t.description = row.description;
  const md = new vscode.MarkdownString(row.tooltip);
  md.supportHtml = false;
  t.tooltip = md;
  t.iconPath = new vscode.ThemeIcon(row.icon, row.iconColor ? new vscode.ThemeColor(row.iconColor) : undefined);
  t.contextValue = row.contextValue;
  return t;
}

/** Tree data of the Datasets view, over the snapshots the view loaded. */
export class DatasetsTree implements vscode.TreeDataProvider<DatasetsNode>, vscode.Disposable {
  private snapshots: DatasetsSnapshot[] = [];
  private readonly emitter = new vscode.EventEmitter<DatasetsNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  /** Replaces what the tree shows. */
  set(snapshots: DatasetsSnapshot[]): void {
    this.snapshots = snapshots;
    this.emitter.fire(undefined);
  }

  /** The loaded snapshots. */
  get loaded(): readonly DatasetsSnapshot[] {
    return this.snapshots;
  }

  getTreeItem(n: DatasetsNode): vscode.TreeItem {
    const key = (s: DatasetsSnapshot): string => s.folder.folder.uri.toString();
    switch (n.kind) {
      case 'folder': {
        const t = new vscode.TreeItem(n.snapshot.folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        t.id = key(n.snapshot);
        t.iconPath = new vscode.ThemeIcon('root-folder');
        return t;
      }
      case 'dataset':
        return item(datasetRow(n.info), vscode.TreeItemCollapsibleState.Collapsed, `${key(n.snapshot)}|${n.info.spec}`);
      case 'version':
        return item(versionRow(n.info, n.version, runNames(n.snapshot)), vscode.TreeItemCollapsibleState.Collapsed, `${key(n.snapshot)}|${n.info.spec}|${n.version.hash}`);
      case 'run': {
        const t = new vscode.TreeItem(n.name, vscode.TreeItemCollapsibleState.None);
        t.description = n.how === 'read' ? 'read it' : 'wrote it';
        t.iconPath = new vscode.ThemeIcon(n.how === 'read' ? 'arrow-right' : 'arrow-left');
        t.tooltip = `${n.name} ${n.how === 'read' ? 'read' : 'wrote'} this version. Click for its details.`;
        t.contextValue = 'datasetRun';
        t.command = { command: 'runlens.showRun', title: 'Show Run Details', arguments: [{ folder: n.folder.folder.uri.toString(), id: n.runId }] };
        return t;
      }
    }
  }

  getChildren(n?: DatasetsNode): DatasetsNode[] {
    if (!n) {
      if (this.snapshots.length === 1) return this.getChildren({ kind: 'folder', snapshot: this.snapshots[0] as DatasetsSnapshot });
      return this.snapshots.filter((s) => s.datasets.length > 0).map((snapshot) => ({ kind: 'folder', snapshot }));
    }
    switch (n.kind) {
      case 'folder': return n.snapshot.datasets.map((info) => ({ kind: 'dataset', snapshot: n.snapshot, info }));
      case 'dataset': return n.info.versions.map((version) => ({ kind: 'version', snapshot: n.snapshot, info: n.info, version }));
      case 'version': {
        const name = runNames(n.snapshot);
        const folder = n.snapshot.folder;
        return [
          ...n.version.wroteBy.map((runId) => ({ kind: 'run' as const, parent: n, folder, runId, name: name(runId), how: 'wrote' as const })),
          ...n.version.readBy.map((runId) => ({ kind: 'run' as const, parent: n, folder, runId, name: name(runId), how: 'read' as const })),
        ];
      }
      case 'run': return [];
    }
  }

  getParent(n: DatasetsNode): DatasetsNode | undefined {
    switch (n.kind) {
      case 'folder': return undefined;
      case 'dataset': return this.snapshots.length > 1 ? { kind: 'folder', snapshot: n.snapshot } : undefined;
      case 'version': return { kind: 'dataset', snapshot: n.snapshot, info: n.info };
      case 'run': return n.parent;
    }
  }

  /** The node of version `hash` of `spec` (normalised paths compared), if loaded. */
  findVersion(spec: string, hash: string): VersionNode | undefined {
    for (const snapshot of this.snapshots) {
      for (const info of snapshot.datasets) {
        if (normalizeSpec(info.spec) !== normalizeSpec(spec)) continue;
        const version = info.versions.find((v) => v.hash.startsWith(hash));
        if (version) return { kind: 'version', snapshot, info, version };
      }
    }
    return undefined;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
