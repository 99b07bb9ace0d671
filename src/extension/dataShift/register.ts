// Registers data shift in the editor: the monitor watcher, its signals (Data Shift view and badge,
// status bar item, notifications), the Data Shift panel, and the commands that open it: Show Data
// Shift (a monitor), Check Now, and the one-off comparisons of against.ts.
import * as vscode from 'vscode';
import { type RunsView } from '../runs/runsView';
import { registerShiftComparisons } from './against';
import { type MonitorState, MonitorWatcher } from './monitors';
import { MonitorsView } from './monitorsView';
import { DataShiftPanel } from './panel';
import { SHOW_DATA_SHIFT_COMMAND, ShiftSignals } from './signals';

/** Handles for the extension's API (integration tests look inside through them). */
export interface DataShiftHandles extends vscode.Disposable {
  readonly watcher: MonitorWatcher;
  readonly view: MonitorsView;
  readonly signals: ShiftSignals;
  readonly panel: DataShiftPanel;
}

function isState(a: unknown): a is MonitorState {
  return typeof a === 'object' && a !== null && 'monitor' in a && 'key' in a && 'spec' in a;
}

/** The monitor a command names: a tree row, `{ folder, name }`, or one picked. */
async function monitorOf(watcher: MonitorWatcher, arg: unknown, placeHolder: string): Promise<MonitorState | undefined> {
  if (isState(arg)) return arg;
  if (typeof arg === 'object' && arg !== null) {
    const { folder, name } = arg as { folder?: unknown; name?: unknown };
    if (typeof name === 'string') return watcher.all().find((s) => s.monitor.name === name && (typeof folder !== 'string' || s.folder.folder.uri.toString() === folder));
  }
  const all = watcher.all();
  if (all.length === 0) {
    void vscode.window.showInformationMessage('Runlens: runlens.yaml declares no monitor. Add one under monitor: (see docs/data-shift.md).');
    return undefined;
  }
  if (all.length === 1) return all[0];
  const items = all.map((s) => ({ label: s.monitor.name, description: s.folder.folder.name, s }));
  return (await vscode.window.showQuickPick(items, { placeHolder }))?.s;
}

/** Registers everything of data shift. */
export function registerDataShift(context: vscode.ExtensionContext, runs: RunsView, log: vscode.LogOutputChannel): DataShiftHandles {
  const watcher = new MonitorWatcher(runs, log);
  const view = new MonitorsView(watcher);
  const signals = new ShiftSignals(watcher, context.workspaceState);
  const panel = new DataShiftPanel(context.extensionUri, log, watcher);
  const show = async (arg?: unknown): Promise<unknown> => {
    const s = await monitorOf(watcher, arg, 'Show the data shift of which monitor?');
    if (!s) return undefined;
    return panel.show(s.folder, s.spec, s.checking ? undefined : s.outcome, s.key);
  };
  const disposable = vscode.Disposable.from(
    watcher, view, signals, panel,
    vscode.commands.registerCommand(SHOW_DATA_SHIFT_COMMAND, show),
    vscode.commands.registerCommand('runlens.dataShift.checkNow', async (arg?: unknown) => {
      const states = arg === undefined ? watcher.all() : [await monitorOf(watcher, arg, 'Check which monitor?')];
      return Promise.all(states.filter((s): s is MonitorState => s !== undefined).map((s) => watcher.check(s)));
    }),
    vscode.commands.registerCommand('runlens.dataShift.reload', () => watcher.reload()),
    registerShiftComparisons(runs, panel),
  );
  return { watcher, view, signals, panel, dispose: () => { disposable.dispose(); } };
}
