// Entry point of the extension host: wires commands, views and the language client, each owned by
// one disposable so deactivation (and a window reload) releases everything it started.
import * as vscode from 'vscode';
import { registerRunActions } from './actions/register';
import { putCliOnPath } from './cliOnPath';
import { registerCompare, type CompareHandles } from './compare/register';
import { registerDatasets, type DatasetsHandles } from './datasets/register';
import { registerDataShift, type DataShiftHandles } from './dataShift/register';
import { createConfig, openConfig, trackConfigPresence, type ConfigPresence } from './configFile';
import { registerLineage, type LineageHandles } from './lineage/register';
import { startLanguageClient, type LanguageClientHandle } from './languageClient';
import { registerReproduce } from './reproduce/register';
import { type ReproduceHandles } from './reproduce/reproduceRun';
import { registerRunFeatures, type RunHandles } from './run/register';
import { registerRunDetail, type RunDetailHandles } from './runDetail/register';
import { pickGrouping } from './runs/grouping';
import { registerRunsTable, type RunsTableHandles } from './runsTable/register';
import { RunsView } from './runs/runsView';
import { StaleMarks } from './runs/staleMarks';
import { SlurmRows } from './runs/slurmRows';
import { ChangeJournals } from './runs/changeJournals';
import { StaleRuns } from './runs/staleRuns';
import { rerunStaleChain } from './run/staleChain';
import { registerSharing, type ShareHandles } from './share/register';
import { type RunTarget } from './run/runActions';

/** What activation returns: handles the integration tests use to look inside the running extension. */
export interface RunlensApi {
  readonly runsView: RunsView;
  /** Folder holding the `runlens` shim that integrated terminals get on their PATH. */
  readonly cliBin: Promise<string | undefined>;
  /** Running from the editor: the status bar item. */
  readonly run: RunHandles;
  /** The Run Detail panels (tests read what their pages were sent). */
  readonly runDetail: RunDetailHandles;
  /** Compare Runs: open panels and the socket of `runlens compare --open`. */
  readonly compare: CompareHandles;
  /** Show Lineage: open panels (tests read the graphs they were sent). */
  readonly lineage: LineageHandles;
  /** Reproduce Run: the last reproduction's outcome (verdict message, launches). */
  readonly reproduce: ReproduceHandles;
  /** Whether a workspace folder has a config file (the `runlens.hasConfig` context key). */
  readonly config: ConfigPresence;
  /** Which runs are stale (the Runs view's marks). */
  readonly stale: StaleRuns;
  /** The change journals `runlens status` reads (tests look at their writers). */
  readonly journals: ChangeJournals;
  /** The Datasets view, the Data Diff panel and the Explorer's run lookups. */
  readonly datasets: DatasetsHandles;
  /** The Runs Table panels (tests read what their pages were sent and act as the page). */
  readonly runsTable: RunsTableHandles;
  /** Data shift: the monitor watcher, its view, signals and the Data Shift panel. */
  readonly dataShift: DataShiftHandles;
  /** Push Runs / Pull Runs: the last outcomes and the Runs view's share marks. */
  readonly share: ShareHandles;
}

/** The language client of this activation: deactivation waits for its server to stop. */
let languageClient: LanguageClientHandle | undefined;

/** Activates Runlens; everything registered here is disposed with the extension context. */
export function activate(context: vscode.ExtensionContext): RunlensApi {
  const log = vscode.window.createOutputChannel('Runlens', { log: true });
  const runsView = new RunsView(log, context.workspaceState);
  const run = registerRunFeatures(context, runsView);
  const compare = registerCompare(context, runsView, log);
  const runDetail = registerRunDetail(context, runsView, log);
  const slurm = new SlurmRows(runsView, (message) => log.warn(message));
  const reproduce = registerReproduce(context, runsView, () => slurm.refresh());
  const config = trackConfigPresence();
  const stale = new StaleRuns(runsView, log);
  const journals = new ChangeJournals(runsView, log);
  const lineage = registerLineage(context, runsView, stale, log);
  const datasets = registerDatasets(context, runsView, log);
  const runsTable = registerRunsTable(context, runsView, log);
  const dataShift = registerDataShift(context, runsView, log);
  const share = registerSharing(runsView, log);
  context.subscriptions.push(
    log,
    runsView,
    slurm,
    vscode.commands.registerCommand('runlens.refreshRuns', () => {
      slurm.refresh();
      return runsView.reload();
    }),
    vscode.commands.registerCommand('runlens.groupRunsBy', pickGrouping),
    registerRunActions(runsView),
    run,
    runDetail,
    compare,
    reproduce,
    lineage,
    config,
    stale,
    journals,
    new StaleMarks(runsView, stale),
    vscode.commands.registerCommand('runlens.rerunStaleChain', (target?: RunTarget) => rerunStaleChain(context, runsView, stale, target)),
    datasets,
    runsTable,
    dataShift,
    share,
    vscode.commands.registerCommand('runlens.showRuns', () => runsView.reveal()),
    vscode.commands.registerCommand('runlens.createConfig', createConfig),
    vscode.commands.registerCommand('runlens.openConfig', openConfig),
    languageClient = startLanguageClient(context, runsView),
  );
  const cliBin = putCliOnPath(context, log);
  return { runsView, cliBin, run, runDetail, compare, reproduce, lineage, config, stale, journals, datasets, runsTable, dataShift, share };
}

/**
 * Returns the language client's stop, so VS Code waits for the server process to end (it disposes
 * every other subscription of the context itself).
 */
export function deactivate(): Promise<void> | undefined {
  const stopping = languageClient?.stop();
  languageClient = undefined;
  return stopping;
}
