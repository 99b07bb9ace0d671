// One Compare Runs panel: builds the snapshot when the page is ready, answers its requests (add or
// remove runs, baseline, exports) and forwards what live runs log as increments (live.ts).
import * as vscode from 'vscode';
import { type DeclaredGoal, goalOfMetric } from '../../core/compare/metricGoals';
import { buildComparePayload, compareRunOf, metricInfos } from '../../views/compare/payload';
import { type RunManifest, TERMINAL_STATUSES } from '../../core/model';
import { readRunMetrics } from '../../views/compare/runSeries';
import {
  type CompareFromWebview, type CompareToWebview, type CompareViewState, isCompareFromWebview,
} from '../../protocol/compare';
import { type FolderRuns } from '../runs/folderRuns';
import { type WebviewChannel } from '../webviews/channel';
import { PanelHost } from '../webviews/panelHost';
import { LiveCompare } from './live';
import { saveExport } from '../webviews/saveExport';

/** The view type of the panel (package.json's onWebviewPanel activation and the serializer use it). */
export const COMPARE_VIEW_TYPE = 'runlens.compare';

/** What a panel shows: runs of one folder and the baseline. */
export interface CompareTarget {
  readonly folder: FolderRuns;
  readonly ids: readonly string[];
  readonly baseline: string | null;
}

/** Figures the page reports after its first render (the e2e prints them). */
export interface RenderedFigures {
  readonly tablesMs: number;
  readonly firstChartMs: number;
  readonly runs: number;
}

/** A Compare Runs webview panel. */
export class ComparePanel implements vscode.Disposable {
  private readonly host: PanelHost<CompareToWebview, CompareFromWebview>;
  readonly channel: WebviewChannel<CompareToWebview, CompareFromWebview>;
  private ids: string[];
  private baseline: string | null;
  private declared: DeclaredGoal | undefined;
  private snapshotSent = false;
  /** The compared runs' manifests (the folder holds summaries; Compare shows every field of a few runs). */
  private readonly manifests = new Map<string, RunManifest>();
  private readonly live: LiveCompare;
  /** Fires once, when the user closes the panel or the extension disposes it. */
  readonly onDidDispose: vscode.Event<void>;
  /** The page's last reported view state and first-render figures (tests read them). */
  viewState: CompareViewState | undefined;
  rendered: RenderedFigures | undefined;

  constructor(readonly panel: vscode.WebviewPanel, readonly folder: FolderRuns, target: CompareTarget, extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {
    this.ids = [...new Set(target.ids)];
    this.baseline = target.baseline;
    this.updateTitle();
    this.host = new PanelHost(panel, {
      extensionUri, log, page: { bundle: 'compare', title: 'Compare Runs' }, guard: isCompareFromWebview, onMessage: (m) => this.onMessage(m),
    });
    this.channel = this.host.channel;
    this.onDidDispose = this.host.onDidDispose;
    this.live = new LiveCompare(folder, () => this.ids, (m) => void this.channel.post(m), log);
    this.host.subscriptions.addAll(this.live, folder.onDidChange((c) => void this.onRunsChanged(c.changed)));
  }

  /** The compared run ids, in order. */
  runIds(): readonly string[] {
    return this.ids;
  }

  /** Replaces the compared runs (and the baseline when given) and sends a fresh snapshot. */
  async setRuns(ids: readonly string[], baseline?: string): Promise<void> {
    this.ids = [...new Set(ids)];
    if (baseline !== undefined) this.baseline = baseline;
    this.updateTitle();
    await this.sendSnapshot();
  }

  private updateTitle(): void {
    const names = this.ids.map((id) => this.folder.get(id)?.name ?? id);
    this.panel.title = names.length <= 3 ? `Compare: ${names.join(', ')}` : `Compare ${names.length} runs`;
  }

  private async onMessage(m: CompareFromWebview): Promise<void> {
    switch (m.type) {
      case 'ready':
        return this.sendSnapshot();
      case 'setRuns':
        return this.setRuns(m.ids.filter((id) => this.ids.includes(id) || this.folder.get(id)));
      case 'setBaseline':
        this.baseline = m.id;
        return;
      case 'pickRunsToAdd':
        return this.pickRunsToAdd();
      case 'exportCsv':
        return this.save(`compare-${m.table}.csv`, { CSV: ['csv'] }, Buffer.from(m.csv, 'utf8'));
      case 'exportPng':
        return this.save(`${m.metric.replace(/[^\w.-]+/g, '_') || 'chart'}.png`, { PNG: ['png'] }, Buffer.from(m.dataUrl.slice(m.dataUrl.indexOf(',') + 1), 'base64'));
      case 'rendered':
        this.rendered = { tablesMs: m.tablesMs, firstChartMs: m.firstChartMs, runs: m.runs };
        this.log.info(`Compare view rendered ${m.runs} runs: tables ${m.tablesMs.toFixed(0)} ms, first chart ${m.firstChartMs.toFixed(0)} ms`);
        return;
      case 'viewState':
        this.viewState = m.state;
        return;
    }
  }

  /** Builds and posts the snapshot; live runs are followed from the sizes measured first. */
  async sendSnapshot(): Promise<void> {
    await this.folder.list();
    const runs: RunManifest[] = [];
    const notes: string[] = [];
    for (const id of this.ids) {
      const run = await this.folder.manifest(id); // a run deleted meanwhile is named in the notes below
      if (run) runs.push(run);
      else notes.push(`Run ${id} no longer exists (deleted or moved to the trash); it is left out.`);
    }
    this.ids = runs.map((r) => r.id);
    this.manifests.clear();
    for (const r of runs) this.manifests.set(r.id, r);
    await this.live.start(runs.filter((r) => !TERMINAL_STATUSES.includes(r.status)).map((r) => r.id));
    const shared = runs[0]?.experiment;
    const declared = shared && runs.every((r) => r.experiment === shared) ? this.folder.experimentGoal(shared) : undefined;
    const first = runs[0];
    // Without a goal in runlens.yaml, the primary metric's name says which way is better (as for the others).
    const fallback = first ? this.folder.goalOf(first) : undefined;
    this.declared = declared ?? (fallback && { primary: fallback.primary, goal: goalOfMetric(fallback.primary ?? '', undefined) ?? fallback.goal });
    const snapshot = await buildComparePayload({
      folder: this.folder.folder.uri.fsPath, runs, baseline: this.baseline, notes, declared: this.declared,
      readRun: (run, wanted) => readRunMetrics(this.folder.store.runDir(run.id), run, wanted),
      nameOf: (id) => this.folder.get(id)?.name,
    });
    this.baseline = snapshot.baseline;
    this.updateTitle();
    this.snapshotSent = true;
    await this.channel.post(snapshot);
  }

  /** Posts each compared run whose record changed; runs that are gone are removed. */
  private async onRunsChanged(changed: ReadonlySet<string>): Promise<void> {
    if (!this.snapshotSent) return;
    const touched = this.ids.filter((id) => changed.has(id));
    if (touched.length === 0) return;
    for (const id of touched) {
      const m = this.folder.get(id) && (await this.folder.manifest(id));
      if (m) this.manifests.set(id, m);
      else this.manifests.delete(id);
    }
    const removed = touched.filter((id) => !this.manifests.has(id));
    if (removed.length > 0) {
      this.ids = this.ids.filter((id) => !removed.includes(id));
      void this.channel.post({ type: 'runsRemoved', ids: removed });
      this.updateTitle();
    }
    const present = this.ids.map((id) => this.manifests.get(id)).filter((r): r is RunManifest => r !== undefined);
    const metrics = metricInfos(present, this.declared);
    for (const id of touched) {
      const run = this.manifests.get(id);
      if (!run) continue;
      void this.channel.post({ type: 'runChanged', run: compareRunOf(run, this.ids.indexOf(id), metrics, (other) => this.folder.get(other)?.name), metrics });
      if (TERMINAL_STATUSES.includes(run.status)) this.live.finish(id);
    }
    this.updateTitle();
  }

  private async pickRunsToAdd(): Promise<void> {
    const items = (await this.folder.list()).filter((r) => !this.ids.includes(r.id)).map((r) => ({
      label: r.name, description: [r.experiment ?? 'ad-hoc', r.status].join(' · '), id: r.id,
    }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage('Runlens: every run of this folder is already in the comparison.');
      return;
    }
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: 'Add which runs to the comparison?', matchOnDescription: true });
    if (picked && picked.length > 0) await this.setRuns([...this.ids, ...picked.map((p) => p.id)]);
  }

  private async save(name: string, filters: Record<string, string[]>, data: Buffer): Promise<void> {
    await saveExport(this.folder.folder.uri, name, filters, data);
  }

  dispose(): void {
    this.host.dispose();
  }
}
