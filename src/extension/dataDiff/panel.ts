// The Data Diff panel: one webview showing what differs between two data versions (or a version
// and the workspace) of a folder's datasets, computed by core's data diff. A new comparison reuses
// the open panel; Refresh recomputes it (the workspace side may have changed).
import { resolve, sep } from 'node:path';
import * as vscode from 'vscode';
import { HashCache } from '../../core/data/cache';
import { diffDataSides, type DataVersionDiff } from '../../core/data/diffData';
import { errorMessage } from '../../core/errors';
import { resolveDataSide, type DataRef } from '../../core/lineage/dataRef';
import { loadLineageRecords } from '../../core/lineage/load';
import { ensureStore, StoreLayout } from '../../core/store/layout';
import { isFromDataDiff, type FromDataDiff, type ToDataDiff } from '../../protocol/dataDiff';
import { dataDiffPayload } from '../../views/datasets/diffPayload';
import { type FolderRuns } from '../runs/folderRuns';
import { PanelHost } from '../webviews/panelHost';

/** The webview type of the panel. */
export const DATA_DIFF_VIEW_TYPE = 'runlens.dataDiff';

/** What the panel compares. */
interface Comparison {
  readonly folder: FolderRuns;
  readonly a: DataRef;
  readonly b: DataRef;
}

/** Computes the diff of a comparison in core (the workspace hashed through the stat cache). */
export async function computeDataDiff(c: Comparison): Promise<DataVersionDiff> {
  const store = c.folder.store;
  const layout = new StoreLayout(store.root);
  const hashCache = await HashCache.open(layout.root);
  const ctx = { records: await loadLineageRecords(store), root: store.workspaceRoot, storeRoot: layout.root, hashCache };
  const d = await diffDataSides(await resolveDataSide(ctx, c.a), await resolveDataSide(ctx, c.b));
  await ensureStore(layout);
  await hashCache.save();
  return d;
}

/** The one Data Diff panel (created on first use). */
export class DataDiffPanel implements vscode.Disposable {
  private host: PanelHost<ToDataDiff, FromDataDiff> | undefined;
  private comparison: Comparison | undefined;
  /** What the page shows now: sent again when it (re)loads. */
  private last: ToDataDiff | undefined;
  /** The last diff computed (integration tests read it). */
  lastDiff: DataVersionDiff | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {}

  /** The channel of the open panel (tests read what the page was sent). */
  get channel(): PanelHost<ToDataDiff, FromDataDiff>['channel'] | undefined {
    return this.host?.channel;
  }

  /** Shows the diff of `a` (before) and `b` (after) in `folder`; resolves once it is computed. */
  async show(folder: FolderRuns, a: DataRef, b: DataRef): Promise<DataVersionDiff | undefined> {
    this.comparison = { folder, a, b };
    const title = `Data Diff: ${a.spec}`;
    if (!this.host || this.host.isDisposed) {
      const panel = vscode.window.createWebviewPanel(DATA_DIFF_VIEW_TYPE, title, vscode.ViewColumn.Active);
      this.host = new PanelHost<ToDataDiff, FromDataDiff>(panel, {
        extensionUri: this.extensionUri, page: { bundle: 'dataDiff', title: 'Data Diff' }, guard: isFromDataDiff, log: this.log,
        onMessage: (m) => this.onMessage(m),
      });
    } else {
      this.host.panel.title = title;
      this.host.panel.reveal(undefined, false);
    }
    return this.compute();
  }

  private async compute(): Promise<DataVersionDiff | undefined> {
    const c = this.comparison;
    if (!c) return undefined;
    await this.send({ type: 'loading', title: `Comparing ${c.a.spec}...` });
    try {
      const d = await computeDataDiff(c);
      if (c !== this.comparison) return d; // a newer comparison replaced this one meanwhile
      this.lastDiff = d;
      await this.send({ type: 'diff', diff: dataDiffPayload(d) });
      return d;
    } catch (e) {
      await this.send({ type: 'error', message: errorMessage(e) });
      return undefined;
    }
  }

  private async send(m: ToDataDiff): Promise<void> {
    this.last = m;
    await this.host?.channel.post(m);
  }

  private async onMessage(m: FromDataDiff): Promise<void> {
    if (m.type === 'ready') {
      if (this.last) await this.host?.channel.post(this.last);
    } else if (m.type === 'refresh') {
      await this.compute();
    } else {
      const root = this.comparison?.folder.store.workspaceRoot;
      if (!root) return;
      const abs = resolve(root, m.path);
      // The page names workspace-relative paths from the diff; anything else is not opened.
      if (!abs.startsWith(root + sep)) throw new Error(`not a workspace path: ${m.path}`);
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(abs));
    }
  }

  dispose(): void {
    this.host?.dispose();
  }
}
