// The Data Shift panel: one webview showing a drift report (a monitor's last check, or a one-off
// comparison), its column table sorted and filtered here by core's rules on the page's request,
// and exports of the report as JSON or CSV. A monitor's panel follows the watcher's re-checks.
import * as vscode from 'vscode';
import { DEFAULT_DRIFT_QUERY, queryColumns } from '../../core/drift/columnQuery';
import { type DataShiftQuery, type FromDataShift, isFromDataShift, type ToDataShift } from '../../protocol/dataShift';
import { reportCsv, reportJson } from '../../views/dataShift/export';
import { dataShiftPayload } from '../../views/dataShift/payload';
import { type FolderRuns } from '../runs/folderRuns';
import { PanelHost } from '../webviews/panelHost';
import { saveExport } from '../webviews/saveExport';
import { runShiftCheck, type ShiftOutcome, type ShiftSpec } from './check';
import { type MonitorWatcher } from './monitors';

/** The webview type of the panel. */
export const DATA_SHIFT_VIEW_TYPE = 'runlens.dataShift';

interface Shown {
  readonly folder: FolderRuns;
  readonly spec: ShiftSpec;
  /** Key of the watcher's monitor this is, if any. */
  readonly monitorKey?: string;
}

/** The one Data Shift panel (created on first use). */
export class DataShiftPanel implements vscode.Disposable {
  private host: PanelHost<ToDataShift, FromDataShift> | undefined;
  private shown: Shown | undefined;
  private outcome: ShiftOutcome | undefined;
  private query: DataShiftQuery = DEFAULT_DRIFT_QUERY;
  private last: ToDataShift | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel, private readonly watcher: MonitorWatcher) {
    this.subscription = watcher.onDidChange((s) => {
      if (s.key !== this.shown?.monitorKey || s.checking || !s.outcome) return;
      this.outcome = s.outcome;
      void this.render();
    });
  }

  /** The channel of the open panel (tests read what the page was sent). */
  get channel(): PanelHost<ToDataShift, FromDataShift>['channel'] | undefined {
    return this.host?.channel;
  }

  /** The outcome shown now (tests). */
  get current(): ShiftOutcome | undefined {
    return this.outcome;
  }

  /** Shows `spec` of `folder`: `outcome` when already known (a monitor's last check), else checked now. */
  async show(folder: FolderRuns, spec: ShiftSpec, outcome?: ShiftOutcome, monitorKey?: string): Promise<ShiftOutcome> {
    this.shown = { folder, spec, ...(monitorKey === undefined ? {} : { monitorKey }) };
    this.query = DEFAULT_DRIFT_QUERY;
    const title = `Data Shift: ${spec.name}`;
    if (!this.host || this.host.isDisposed) {
      const panel = vscode.window.createWebviewPanel(DATA_SHIFT_VIEW_TYPE, title, vscode.ViewColumn.Active);
      this.host = new PanelHost<ToDataShift, FromDataShift>(panel, {
        extensionUri: this.extensionUri, page: { bundle: 'dataShift', title: 'Data Shift' }, guard: isFromDataShift, log: this.log,
        onMessage: (m) => this.onMessage(m),
      });
    } else {
      this.host.panel.title = title;
      this.host.panel.reveal(undefined, false);
    }
    if (outcome) {
      this.outcome = outcome;
      await this.render();
      return outcome;
    }
    return this.compute();
  }

  private async compute(): Promise<ShiftOutcome> {
    const shown = this.shown as Shown;
    await this.send({ type: 'loading', title: `Checking ${shown.spec.name}...` });
    const state = shown.monitorKey === undefined ? undefined : this.watcher.all().find((s) => s.key === shown.monitorKey);
    const outcome = state ? (await this.watcher.check(state)).outcome as ShiftOutcome : await runShiftCheck(shown.folder, shown.spec, (l) => this.log.warn(l));
    if (shown !== this.shown) return outcome; // a newer comparison replaced this one meanwhile
    this.outcome = outcome;
    await this.render();
    return outcome;
  }

  private async render(): Promise<void> {
    const o = this.outcome;
    const shown = this.shown;
    if (!o || !shown) return;
    const r = o.result;
    if (!r.report) {
      const more = r.problems.length > 0 ? ` (${r.problems.join('; ')})` : '';
      await this.send({ type: 'error', message: `${shown.spec.name} could not be checked: ${r.error ?? 'no report'}${more}` });
      return;
    }
    const report = dataShiftPayload({
      title: shown.spec.configured ? `monitor ${shown.spec.name}` : shown.spec.name,
      referenceLabel: r.reference ?? '?', currentLabel: o.currentLabel, report: r.report,
      ...(o.profiles ? { profiles: o.profiles } : {}), problems: r.problems, checkedAt: o.checkedAt, ...(r.files ? { files: r.files } : {}),
    });
    await this.send({ type: 'report', report, query: this.query, order: queryColumns(r.report.columns, this.query) });
  }

  private async send(m: ToDataShift): Promise<void> {
    this.last = m;
    await this.host?.channel.post(m);
  }

  /** Handles a message of the page (integration tests act as the page through it). */
  async onMessage(m: FromDataShift): Promise<void> {
    switch (m.type) {
      case 'ready':
        if (this.last) await this.host?.channel.post(this.last);
        return;
      case 'refresh':
        await this.compute();
        return;
      case 'query': {
        this.query = m.query;
        const report = this.outcome?.result.report;
        if (report) await this.host?.channel.post({ type: 'order', query: m.query, order: queryColumns(report.columns, m.query) });
        return;
      }
      case 'export':
        await this.export(m.format);
    }
  }

  private async export(format: 'json' | 'csv'): Promise<void> {
    const o = this.outcome;
    const shown = this.shown;
    if (!o?.result.report || !shown) return;
    const base = `data-shift-${shown.spec.name.replace(/[^\w.-]+/g, '_')}`;
    const text = format === 'json'
      ? reportJson(o.result.report, o.result.reference ?? '?', o.currentLabel, o.result.problems)
      : reportCsv(o.result.report);
    await saveExport(shown.folder.folder.uri, `${base}.${format}`, format === 'json' ? { JSON: ['json'] } : { CSV: ['csv'] }, Buffer.from(text, 'utf8'));
  }

  dispose(): void {
    this.subscription.dispose();
    this.host?.dispose();
  }
}
