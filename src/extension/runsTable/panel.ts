// One Runs Table panel (one per workspace folder): the columnar snapshot when the page is ready
// (built while it loads: snapshotSender.ts), then increments as the store changes and a new row
// order per query; the page's layout and query are kept in workspace state. Actions on the selection run the Runs view's own commands.
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { type RunsTableFromWebview, type RunsTableToWebview, type TableAction, type TableLayout, type TableQuery } from '../../protocol/runsTable';
import { isRunsTableFromWebview, isTableLayout, isTableQuery } from '../../protocol/runsTableGuards';
import { tableCsv } from '../../views/runsTable/csv';
import { RunsTableModel } from '../../views/runsTable/model';
import { type FolderRuns, type RunsChange } from '../runs/folderRuns';
import { type WebviewChannel } from '../webviews/channel';
import { PanelHost } from '../webviews/panelHost';
import { OpenTrace } from './openTrace';
import { SnapshotSender } from './snapshotSender';
import { SparkSeriesCache } from './sparkSeries';

/** The view type of the panel (activation event and serializer). */
export const RUNS_TABLE_VIEW_TYPE = 'runlens.runsTable';

/** The query a table starts with: every run, newest first. */
export const DEFAULT_QUERY: TableQuery = { filter: '', quick: { statuses: [], starred: false, tags: [] }, sort: [] };

/** The Runs view command each table action calls with the selected runs. */
const COMMANDS: Record<TableAction, string> = {
  compare: 'runlens.compareRuns', showLineage: 'runlens.showLineage', reproduce: 'runlens.reproduceRun', rerun: 'runlens.rerun',
  delete: 'runlens.deleteRun', star: 'runlens.starRun', unstar: 'runlens.unstarRun', tag: 'runlens.tagRun', open: 'runlens.showRun',
};
/** Actions on one run: the first selected (the right-clicked one). */
const SINGLE: readonly TableAction[] = ['showLineage', 'reproduce', 'rerun', 'open'];

/** Rows one sparkline request may ask about (the page asks for the rows in view, a few dozen). */
const MAX_SPARK_ROWS = 500;

/** What the page reported after rendering (tests and the e2e bench read it). */
export interface TableRendered {
  readonly ms: number;
  readonly rows: number;
  readonly columns: number;
  readonly what: string;
}

/** A Runs Table webview panel. */
export class RunsTablePanel implements vscode.Disposable {
  private readonly host: PanelHost<RunsTableToWebview, RunsTableFromWebview>;
  readonly channel: WebviewChannel<RunsTableToWebview, RunsTableFromWebview>;
  readonly model: RunsTableModel;
  readonly onDidDispose: vscode.Event<void>;
  private readonly snapshots: SnapshotSender;
  private readonly sparks: SparkSeriesCache;
  /** The first open's steps, until the page reports its own (then logged). */
  private trace: OpenTrace | undefined;
  /** The run ids selected in the page, in the order they were selected. */
  selection: readonly string[] = [];
  /** Every figure the page reported, newest last. */
  readonly rendered: TableRendered[] = [];

  /** `trace` times this open from the command that asked for it (a panel restored after a reload: from here). */
  constructor(readonly panel: vscode.WebviewPanel, readonly folder: FolderRuns, extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel, private readonly memento: vscode.Memento,
    trace = new OpenTrace()) {
    this.trace = trace;
    trace.mark('panel created');
    panel.title = `Runs Table: ${folder.folder.name}`;
    this.model = new RunsTableModel((exp) => (exp ? folder.experimentGoal(exp) : undefined));
    this.sparks = new SparkSeriesCache((id) => folder.store.runDir(id));
    this.host = new PanelHost(panel, {
      extensionUri, log, page: { bundle: 'runsTable', title: 'Runs Table' }, guard: isRunsTableFromWebview, onMessage: (m) => this.onMessage(m),
    });
    this.channel = this.host.channel;
    this.onDidDispose = this.host.onDidDispose;
    this.snapshots = new SnapshotSender({ folder, model: this.model, channel: this.channel, log, query: () => this.query, layout: () => this.layout, trace: () => this.trace });
    this.host.subscriptions.add(folder.onDidChange((c) => this.onRunsChanged(c)));
    this.host.subscriptions.add({ dispose: () => this.trace?.dispose() });
    // The page takes a second or more to load and say `ready`: the table is built meanwhile.
    this.snapshots.prepare();
  }

  /** The query the table shows (kept per workspace folder). */
  get query(): TableQuery {
    const stored = this.memento.get<unknown>(this.key('query'));
    return isTableQuery(stored) ? stored : DEFAULT_QUERY;
  }

  /** The layout the page last reported, or null before the first. */
  get layout(): TableLayout | null {
    const stored = this.memento.get<unknown>(this.key('layout'));
    return isTableLayout(stored) ? stored : null;
  }

  private key(what: string): string {
    return `runlens.runsTable.${what}:${this.folder.folder.uri.toString()}`;
  }

  /** Handles one guarded message of the page (tests call it to act as the page would). */
  async onMessage(m: RunsTableFromWebview): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.trace?.mark('host received ready');
        return this.sendSnapshot();
      case 'query': {
        // The page waits for the order, not for the query's storage (a round trip to the
        // workbench): the memento has the new query at once, the write lands when it lands.
        const stored = this.memento.update(this.key('query'), m.query);
        const start = performance.now();
        const order = this.model.order(m.query);
        const built = performance.now();
        await this.channel.post(order);
        this.log.info(`Runs Table: order of ${order.shown} of ${order.total} runs built in ${(built - start).toFixed(1)} ms, posted in ${(performance.now() - built).toFixed(1)} ms`);
        await stored;
        return;
      }
      case 'aggregate': {
        const message = this.model.setAggregate(m.column, m.aggregate);
        if (!message) return;
        await this.channel.post(message);
        await this.channel.post(this.model.order(this.query));
        return;
      }
      case 'layout':
        await this.memento.update(this.key('layout'), m.layout);
        if (this.model.setOnlyDiffering(m.layout.onlyDiffering)) await this.channel.post(this.model.order(this.query));
        return;
      case 'select':
        this.selection = m.ids;
        return;
      case 'action':
        await this.act(m.action, m.ids);
        return;
      case 'exportCsv':
        return this.exportCsv(m.columns);
      case 'copyCells': {
        const texts = this.model.rowText(m.id, m.columns);
        if (texts) await vscode.env.clipboard.writeText(texts.join('\t'));
        return;
      }
      case 'columns':
        await this.channel.post(this.model.cellsOf(m.keys));
        return;
      case 'series':
        return this.sendSeries(m.column, m.ids);
      case 'rendered':
        this.rendered.push({ ms: m.ms, rows: m.rows, columns: m.columns, what: m.what });
        this.log.info(`Runs Table: ${m.what} of ${m.rows} runs × ${m.columns} columns in ${m.ms.toFixed(1)} ms`);
        return;
      case 'opened':
        if (this.trace) this.log.info(this.trace.page(m.times));
        this.trace = undefined;
        return;
    }
  }

  /** Builds and posts the whole table (on `ready`, and when the store was re-read). */
  sendSnapshot(): Promise<void> {
    return this.snapshots.send();
  }

  /** Reads the series of metric column `column` for the runs of `ids` the page shows, for its sparklines. */
  private async sendSeries(column: string, ids: readonly string[]): Promise<void> {
    if (!column.startsWith('metric:')) return;
    const runs = ids.slice(0, MAX_SPARK_ROWS).map((id) => this.model.run(id)).filter((r) => r !== undefined);
    const series = await this.sparks.read(column.slice('metric:'.length), runs);
    await this.channel.post({ type: 'series', column, series });
  }

  /** Runs the Runs view's command for `action` on `ids` (the first one is the one acted on alone). */
  async act(action: TableAction, ids: readonly string[]): Promise<unknown> {
    const folder = this.folder.folder.uri.fsPath;
    const refs = ids.filter((id) => this.folder.get(id)).map((id) => ({ folder, id }));
    const [first] = refs;
    if (!first) return undefined;
    const command = COMMANDS[action];
    if (action === 'showLineage' && !(await vscode.commands.getCommands(true)).includes(command)) {
      void vscode.window.showInformationMessage('Runlens: this version has no lineage view to show.');
      return undefined;
    }
    if (action === 'compare') return vscode.commands.executeCommand(command, { folder, ids: refs.map((r) => r.id) });
    if (SINGLE.includes(action)) return vscode.commands.executeCommand(command, first);
    return vscode.commands.executeCommand(command, first, refs);
  }

  /** The runs a table command acts on: the selection when `id` is in it (`id` first), else `id` alone. */
  targetsOf(id: string): string[] {
    return this.selection.includes(id) ? [id, ...this.selection.filter((s) => s !== id)] : [id];
  }

  private onRunsChanged(c: RunsChange): void {
    this.snapshots.runsChanged();
    if (!this.snapshots.sent) return;
    // A reload (the store re-read, nothing named): the whole table again.
    if (c.changed.size === 0) {
      if (c.structural) void this.sendSnapshot().catch((e: unknown) => this.log.warn(`Runs Table: ${errorMessage(e)}`));
      return;
    }
    const rows = this.model.update(c.changed, (id) => this.folder.get(id));
    if (!rows) return;
    void this.channel.post(rows);
    const order = this.model.orderChange(this.query);
    if (order) void this.channel.post(order);
  }

  private async exportCsv(keys: readonly string[]): Promise<void> {
    const { columns, rows } = this.model.visibleText(keys);
    const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(this.folder.folder.uri, 'runs.csv'), filters: { CSV: ['csv'] } });
    if (!uri) return;
    try {
      await writeFile(uri.fsPath, tableCsv(columns, rows), 'utf8');
      void vscode.window.showInformationMessage(`Runlens: saved ${rows.length} runs to ${vscode.workspace.asRelativePath(uri)}.`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Runlens could not write ${uri.fsPath}: ${errorMessage(e)}`);
    }
  }

  dispose(): void {
    this.host.dispose();
  }
}
