// One Lineage panel: builds the graph of its focus (a run, a data target or the whole project) from
// the store with core's lineage functions, sends it when the page is ready and again whenever runs
// change, and carries out what the page asks (open a run, compare, reveal data, exports).
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { buildLineage } from '../../core/lineage/graph';
import { loadLineageRecords } from '../../core/lineage/load';
import { type LineageFromWebview, type LineageGraphMessage, type LineageScope, type LineageToWebview, isLineageFromWebview } from '../../protocol/lineage';
import { buildLineagePayload, lineageAnswer, type LineageFocus } from '../../views/lineage/payload';
import { type FolderRuns } from '../runs/folderRuns';
import { type StaleRuns } from '../runs/staleRuns';
import { type WebviewChannel } from '../webviews/channel';
import { PanelHost } from '../webviews/panelHost';
import { saveExport } from '../webviews/saveExport';

/** The view type of the panel. */
export const LINEAGE_VIEW_TYPE = 'runlens.lineage';

/** The command of the Datasets view that reveals one version (another feature registers it). */
export const REVEAL_DATA_COMMAND = 'runlens.datasets.reveal';

/** Compare Data Shift With… (the data shift feature registers it; it takes a DataVersionRef). */
export const COMPARE_DATA_SHIFT_COMMAND = 'runlens.datasets.compareDataShift';

/** A store change is folded into one rebuild after this quiet time (a sweep writes many runs at once). */
const REBUILD_DELAY_MS = 150;

/** What a panel shows: a folder's runs focused on a run, a data target or the project. */
export interface LineageTarget {
  readonly folder: FolderRuns;
  /** The Runs view's stale checks, whose verdicts mark the nodes. */
  readonly stale: StaleRuns;
  readonly focus: LineageFocus;
  /** The focus as the title says it (run name, path, folder name). */
  readonly label: string;
}

/** Figures the page reports after drawing (the e2e prints them). */
export interface LineageFigures {
  readonly nodes: number;
  readonly edges: number;
  readonly layoutMs: number;
  readonly drawMs: number;
}

/** A Lineage webview panel. */
export class LineagePanel implements vscode.Disposable {
  private readonly host: PanelHost<LineageToWebview, LineageFromWebview>;
  readonly channel: WebviewChannel<LineageToWebview, LineageFromWebview>;
  readonly onDidDispose: vscode.Event<void>;
  private whole = false;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private building: Promise<void> = Promise.resolve();
  readonly folder: FolderRuns;
  private readonly stale: StaleRuns;
  private readonly focus: LineageFocus;
  private readonly label: string;
  /** The last graph sent and the page's last figures (tests read them). */
  last: LineageGraphMessage | undefined;
  rendered: LineageFigures | undefined;

  constructor(readonly panel: vscode.WebviewPanel, target: LineageTarget, extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {
    const { folder, focus } = target;
    this.folder = folder;
    this.stale = target.stale;
    this.focus = focus;
    this.label = target.label;
    this.whole = focus.kind === 'project';
    panel.title = focus.kind === 'project' ? `Lineage: ${folder.folder.name}` : `Lineage: ${target.label}`;
    this.host = new PanelHost(panel, {
      extensionUri, log, page: { bundle: 'lineage', title: 'Lineage' }, guard: isLineageFromWebview, onMessage: (m) => this.onMessage(m),
    });
    this.channel = this.host.channel;
    this.onDidDispose = this.host.onDidDispose;
    // Live: a run that appears, ends or changes redraws the graph without reopening.
    this.host.subscriptions.add(folder.onDidChange(() => this.schedule()));
    // Stale marks follow the Runs view's checks (data edited on disk, a chain rerun).
    this.host.subscriptions.add(this.stale.onDidChange((c) => { if (c.folder === folder) this.schedule(); }));
    this.host.subscriptions.add(new vscode.Disposable(() => { if (this.timer) clearTimeout(this.timer); }));
  }

  /** Carries out a request of the page (already checked by the guard; integration tests call it too). */
  async onMessage(m: LineageFromWebview): Promise<void> {
    const folder = this.folder.folder.uri.fsPath;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        return this.rebuild();
      case 'openRun':
        await vscode.commands.executeCommand('runlens.showRun', { folder, id: m.runId });
        return;
      case 'compareRuns':
        await vscode.commands.executeCommand('runlens.compareRuns', { folder, ids: m.runIds });
        return;
      case 'revealData':
        if (await canRevealData()) await vscode.commands.executeCommand(REVEAL_DATA_COMMAND, m.path, m.hash);
        return;
      case 'compareDataShift':
        await vscode.commands.executeCommand(COMPARE_DATA_SHIFT_COMMAND, { folder, spec: m.path, hash: m.hash });
        return;
      case 'setWhole':
        return this.setWhole(m.whole);
      case 'exportSvg':
        return this.save('lineage.svg', { SVG: ['svg'] }, Buffer.from(m.svg, 'utf8'));
      case 'exportPng':
        return this.save('lineage.png', { PNG: ['png'] }, Buffer.from(m.dataUrl.slice(m.dataUrl.indexOf(',') + 1), 'base64'));
      case 'rendered':
        this.rendered = { nodes: m.nodes, edges: m.edges, layoutMs: m.layoutMs, drawMs: m.drawMs };
        this.log.info(`Lineage view drew ${m.nodes} nodes, ${m.edges} edges: layout ${m.layoutMs.toFixed(0)} ms, drawing ${m.drawMs.toFixed(0)} ms`);
        return;
    }
  }

  /** Shows the whole project (true) or the focus's lineage (false), as the page's toggle asks. */
  setWhole(whole: boolean): Promise<void> {
    this.whole = whole;
    return this.rebuild();
  }

  private schedule(): void {
    if (!this.ready) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.rebuild();
    }, REBUILD_DELAY_MS);
  }

  /** Builds and posts the graph; one build at a time, in order. */
  rebuild(): Promise<void> {
    this.building = this.building.then(() => this.send()).catch((e: unknown) => {
      this.log.warn(`Runlens: could not build the lineage of ${this.label}: ${errorMessage(e)}`);
    });
    return this.building;
  }

  private async send(): Promise<void> {
    if (this.host.isDisposed) return;
    const store = this.folder.store;
    await this.folder.list();
    const records = await loadLineageRecords(store);
    const graph = buildLineage(records);
    const answer = lineageAnswer(graph, records, this.focus, this.whole);
    const notes: string[] = [];
    const focus = this.focus;
    if (focus.kind === 'run' && !records.some((r) => r.id === focus.runId)) notes.push('This run no longer exists (deleted or in the trash).');
    if (this.focus.kind === 'data' && answer.graph.nodes.length === 0) notes.push(`No recorded run read or wrote ${this.label} as it is now.`);
    const scope: LineageScope = this.focus.kind === 'project' ? { kind: 'project', label: `Lineage of ${this.folder.folder.name}` } : { kind: this.focus.kind, label: `Lineage of ${this.label}` };
    const message = buildLineagePayload({
      answer, scope, whole: this.whole, verdicts: this.stale.verdicts(this.folder), notes,
      manifest: (id) => this.folder.get(id), primaryOf: (run) => this.folder.goalOf(run).primary, canRevealData: await canRevealData(),
    });
    if (this.host.isDisposed) return;
    this.last = message;
    await this.channel.post(message);
  }

  private async save(name: string, filters: Record<string, string[]>, data: Buffer): Promise<void> {
    await saveExport(this.folder.folder.uri, name, filters, data);
  }

  dispose(): void {
    this.host.dispose();
  }
}

/** Whether the Datasets view's reveal command is there (it belongs to another feature). */
async function canRevealData(): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(REVEAL_DATA_COMMAND);
}
