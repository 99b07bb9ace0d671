// Keeps the change journal of each workspace folder with a Runlens store while the editor is open
// (docs/lineage.md#the-change-journal): VS Code's recursive watcher feeds every changed path to the
// core writer, a heartbeat renews its lease, so `runlens status` in a terminal stats only what changed.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { JournalWriter } from '../../core/data/journal';
import { errorMessage } from '../../core/errors';
import { DisposableStore } from '../disposableStore';
import { type FolderRuns } from './folderRuns';
import { followFolders } from './followFolders';
import { type RunsView } from './runsView';

/** The setting that turns the journal off. */
export const JOURNAL_SETTING = 'runlens.changeJournal';
/** Between heartbeats: the lease lapses after three missed ones (a blocked extension host, a crash). */
const HEARTBEAT_MS = 5000;
/** How long the watcher may take to report the probe file before the journal is given up. */
const PROBE_MS = 30_000;

interface Kept {
  readonly writer: JournalWriter;
  readonly subscriptions: DisposableStore;
}

/** One folder's journal from the moment it is asked for: stop() reaches a start still in progress. */
interface Handle {
  stopped: boolean;
  kept?: Kept;
}

/** The journals of the Runs view's folders, started and stopped with them and with the settings. */
export class ChangeJournals implements vscode.Disposable {
  private readonly kept = new Map<FolderRuns, Promise<Kept | undefined>>();
  private readonly handles = new Map<FolderRuns, Handle>();
  private readonly subscriptions = new DisposableStore();

  constructor(private readonly view: RunsView, private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.addAll(
      // A store created by the first run: the folder's journal starts then.
      followFolders(view, (c) => { if (c.structural && !this.kept.has(c.folder)) this.sync(); }, () => this.sync()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(JOURNAL_SETTING) && !e.affectsConfiguration('files.watcherExclude')) return;
        for (const folder of [...this.kept.keys()]) void this.stop(folder);
        this.sync();
      }),
    );
    this.sync();
  }

  /** The live journal's writer of `folder` once it is started (tests look at its generation). */
  async writerOf(folder: FolderRuns): Promise<JournalWriter | undefined> {
    return (await this.kept.get(folder))?.writer;
  }

  private sync(): void {
    const current = new Set(this.view.folderRuns());
    for (const folder of [...this.kept.keys()]) if (!current.has(folder)) void this.stop(folder);
    for (const folder of current) {
      if (this.kept.has(folder) || !enabled(folder) || !existsSync(folder.store.root)) continue;
      const handle: Handle = { stopped: false };
      this.handles.set(folder, handle);
      this.kept.set(folder, this.start(folder, handle).catch((e: unknown) => {
        this.log.warn(`Runlens could not keep a change journal for ${folder.folder.name}: ${errorMessage(e)} (runlens status stats every data file there).`);
        return undefined;
      }));
    }
  }

  private async start(folder: FolderRuns, handle: Handle): Promise<Kept | undefined> {
    const onError = (e: unknown): void => this.log.warn(`Runlens change journal of ${folder.folder.name}: ${errorMessage(e)}`);
    const writer = await JournalWriter.start(folder.store.root, folder.store.workspaceRoot, { intervalMs: HEARTBEAT_MS, excludes: watcherExcludes(folder) }, onError);
    const subscriptions = new DisposableStore();
    const record = (uri: vscode.Uri): void => writer.record(uri.fsPath);
    const watcher = subscriptions.add(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder.folder, '**/*')));
    subscriptions.addAll(watcher.onDidCreate(record), watcher.onDidChange(record), watcher.onDidDelete(record));
    const kept: Kept = { writer, subscriptions };
    handle.kept = kept;
    if (handle.stopped) return this.abandon(kept);
    // Live only once the watcher is proven to report: an edit made before then is left to the walk.
    const reported = await writer.probe(PROBE_MS);
    if (handle.stopped) return undefined; // stop() ended the writer meanwhile
    if (!reported) {
      subscriptions.dispose();
      throw new Error('the file watcher did not report a probe file');
    }
    await writer.ready();
    // Stopped while the first lease was written: ended again, so no lease outlives the journal.
    if (handle.stopped) return this.abandon(kept);
    const timer = setInterval(() => void writer.heartbeat().catch(onError), HEARTBEAT_MS);
    subscriptions.add({ dispose: () => clearInterval(timer) });
    this.log.info(`Runlens keeps a change journal for ${folder.folder.name} (generation ${writer.generation}).`);
    return kept;
  }

  /**
   * Ends `folder`'s journal at once, even one still starting (its probe can wait 30 s): a store
   * that runlens.storePath moved away from must not be written to any more, nor keep a lease.
   */
  private async stop(folder: FolderRuns): Promise<void> {
    const handle = this.handles.get(folder);
    this.handles.delete(folder);
    this.kept.delete(folder);
    if (!handle) return;
    handle.stopped = true;
    if (handle.kept) await this.abandon(handle.kept, folder);
  }

  private async abandon(k: Kept, folder?: FolderRuns): Promise<undefined> {
    k.subscriptions.dispose();
    await k.writer.stop().catch((e: unknown) => this.log.warn(`Runlens could not end the change journal${folder ? ` of ${folder.folder.name}` : ''}: ${errorMessage(e)}`));
    return undefined;
  }

  dispose(): void {
    for (const folder of [...this.kept.keys()]) void this.stop(folder);
    this.subscriptions.dispose();
  }
}

function enabled(folder: FolderRuns): boolean {
  return vscode.workspace.getConfiguration('runlens', folder.folder.uri).get<boolean>('changeJournal', true);
}

/** The patterns VS Code's watcher does not report for this folder: the reader decides what they leave trustworthy. */
function watcherExcludes(folder: FolderRuns): string[] {
  const map = vscode.workspace.getConfiguration('files', folder.folder.uri).get<Record<string, boolean>>('watcherExclude', {});
  return Object.entries(map).filter(([, on]) => on === true).map(([pattern]) => pattern);
}
