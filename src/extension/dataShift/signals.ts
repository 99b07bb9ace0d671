// What a shifted monitor raises besides the Data Shift view's badge: a status bar item while any
// monitor is shifted, and one notification per new shifted result ("incoming data shifted: 4 of 12
// columns") offering Show Data Shift. A result already announced (same reference and current
// content, kept across reloads in the workspace state) is never announced again; a quiet check is quiet.
import * as vscode from 'vscode';
import { driftedCount } from '../../views/dataShift/payload';
import { DisposableStore } from '../disposableStore';
import { type MonitorState, type MonitorWatcher } from './monitors';

/** The command that opens the Data Shift view of a monitor (or asks which). */
export const SHOW_DATA_SHIFT_COMMAND = 'runlens.dataShift.show';

const ANNOUNCED_KEY = 'runlens.dataShift.announced';

/** What identifies a result: the monitor and the content of both sides. */
export function resultKey(s: MonitorState): string | undefined {
  const r = s.outcome?.result.report;
  return r ? `${s.key}|${r.reference.sha256}|${r.current.sha256}` : undefined;
}

/** The notification of a shifted monitor. */
export function shiftMessage(s: MonitorState): string {
  const r = s.outcome?.result.report;
  return `Runlens: ${s.monitor.name} data shifted: ${r ? driftedCount(r) : '?'} drifted.`;
}

/** The status bar item and the notifications of shifted monitors. */
export class ShiftSignals implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('runlens.dataShift', vscode.StatusBarAlignment.Left, 49);
  private readonly subscriptions = new DisposableStore();
  /** Every notification shown, oldest first (integration tests read it). */
  readonly shown: string[] = [];

  constructor(private readonly watcher: MonitorWatcher, private readonly memento: vscode.Memento) {
    this.item.name = 'Runlens Data Shift';
    this.subscriptions.addAll(
      this.item,
      watcher.onDidChange((s) => this.onChange(s)),
      watcher.onDidLoad(() => this.update()),
    );
    this.update();
  }

  /** Whether the item shows, and its text (tests). */
  get state(): { readonly visible: boolean; readonly text: string } {
    return { visible: this.visible, text: this.item.text };
  }

  private visible = false;

  private onChange(s: MonitorState): void {
    this.update();
    if (s.checking || !s.outcome?.result.report?.shifted) return;
    const key = resultKey(s);
    const announced = this.memento.get<Record<string, string>>(ANNOUNCED_KEY, {});
    if (!key || announced[s.key] === key) return;
    void this.memento.update(ANNOUNCED_KEY, { ...announced, [s.key]: key });
    void this.announce(s);
  }

  private async announce(s: MonitorState): Promise<void> {
    const message = shiftMessage(s);
    this.shown.push(message);
    const show = 'Show Data Shift';
    const choice = await vscode.window.showWarningMessage(message, show);
    if (choice === show) await vscode.commands.executeCommand(SHOW_DATA_SHIFT_COMMAND, { folder: s.folder.folder.uri.toString(), name: s.monitor.name });
  }

  /** Shows the item while any monitor is shifted; a click opens the first one's Data Shift view. */
  private update(): void {
    const shifted = this.watcher.all().filter((s) => s.outcome?.result.report?.shifted);
    const first = shifted[0];
    if (!first) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const names = shifted.map((s) => s.monitor.name);
    this.item.text = shifted.length === 1 ? `$(warning) ${names[0] ?? ''} data shifted` : `$(warning) ${shifted.length} monitors shifted`;
    this.item.tooltip = `Runlens: data shifted (${shifted.map((s) => `${s.monitor.name}: ${s.outcome?.result.report ? driftedCount(s.outcome.result.report) : '?'}`).join('; ')}). Click to show the Data Shift view.`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.accessibilityInformation = { label: `Runlens: data shifted in ${names.join(', ')}` };
    this.item.command = { command: SHOW_DATA_SHIFT_COMMAND, title: 'Show Data Shift', arguments: [{ folder: first.folder.folder.uri.toString(), name: first.monitor.name }] };
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    this.subscriptions.dispose();
  }
}
