// One Run Detail panel: its webview, the typed channel, and the run it follows. It sends a snapshot
// each time the page says it is ready (built while the page loads, so it is at hand when asked),
// then only what changed (points, log lines, the header), and does what the page asks (run
// actions, diffs, copying) with the host's own commands.
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { type FromRunDetail, isFromRunDetail, type SnapshotMessage, type ToRunDetail } from '../../protocol/runDetail';
import { type FolderRuns, type RunsChange } from '../runs/folderRuns';
import { type StoreEvent } from '../../core/store/store';
import { type WebviewChannel } from '../webviews/channel';
import { PanelHost } from '../webviews/panelHost';
import { runAction } from './actions';
import { DisposableStore } from '../disposableStore';
import { RunFollower } from './follower';
import { openSnapshotDiff } from './snapshotDocs';
import { concernsReproduction, reproductionMessage } from './reproductionSection';

/** The webview panel type, also named by `onWebviewPanel:runlens.runDetail` in package.json. */
export const RUN_DETAIL_VIEW_TYPE = 'runlens.runDetail';

/** A panel showing one run (it may switch runs while it is the unpinned "preview" panel). */
export class RunDetailPanel implements vscode.Disposable {
  private readonly host: PanelHost<ToRunDetail, FromRunDetail>;
  readonly channel: WebviewChannel<ToRunDetail, FromRunDetail>;
  private follower: RunFollower;
  /** What the followed folder reports: replaced when the panel switches runs. */
  private readonly subscriptions = new DisposableStore();
  /** Fires once, when the user closes the panel or the extension disposes it. */
  readonly onDidDispose: vscode.Event<void>;
  /** Serialises reads so offsets advance in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private ready = false;
  private gone = false;
  /**
   * The snapshot built while the page loads, for the page's first `ready` (null: building it
   * failed). Dropped when the run changes before the page asks: the page then gets a fresh one.
   */
  private prefetched: { readonly follower: RunFollower; readonly snapshot: Promise<SnapshotMessage | undefined | null> } | undefined;

  constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, folder: FolderRuns, id: string, public pinned: boolean, private readonly log: vscode.LogOutputChannel) {
    this.follower = new RunFollower(folder, id);
    this.host = new PanelHost(panel, {
      extensionUri, log, page: { bundle: 'runDetail', title: 'Run details' }, guard: isFromRunDetail, onMessage: (m) => this.handle(m),
    });
    this.channel = this.host.channel;
    this.onDidDispose = this.host.onDidDispose;
    this.host.subscriptions.add(this.subscriptions);
    this.follow();
    this.prefetch();
  }

  /** True while a snapshot built ahead of the page's `ready` waits to be sent (tests look). */
  get hasPrefetched(): boolean {
    return this.prefetched !== undefined;
  }

  /** The folder and run shown. */
  get folder(): FolderRuns {
    return this.follower.folder;
  }

  get id(): string {
    return this.follower.id;
  }

  /** Switches to another run (the preview panel does this on a click in the Runs view). */
  show(folder: FolderRuns, id: string): void {
    if (folder === this.folder && id === this.id) return;
    this.follower = new RunFollower(folder, id);
    this.gone = false;
    this.follow();
    if (this.ready) void this.enqueue(() => this.sendSnapshot());
    else this.prefetch();
  }

  /** Marks the panel pinned: it keeps its run, and the next click opens a new preview panel. */
  pin(): void {
    this.pinned = true;
    this.updateTitle();
    if (this.ready) void this.enqueue(() => this.sendSnapshot());
  }

  /** Handles a (guarded) message from the page; tests call it to act as the page. */
  async handle(m: FromRunDetail): Promise<unknown> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        return this.enqueue(() => this.sendSnapshot());
      case 'runAction':
        return runAction(m.action, this.folder.folder.uri.fsPath, this.id);
      case 'openDiff': {
        const run = await this.folder.manifest(this.id);
        const snapshot = run?.code?.snapshot?.commit;
        const repo = this.follower.repo;
        if (!run || !snapshot || !repo) {
          void vscode.window.showInformationMessage('Runlens: this run has no code snapshot to compare with HEAD.');
          return undefined;
        }
        // Only the files the page listed: the page asks by path, the run's record decides.
        if (!run.code?.changed.includes(m.path) && !run.code?.untracked.includes(m.path)) return undefined;
        return openSnapshotDiff(repo, snapshot, m.path, run.name);
      }
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        void vscode.window.setStatusBarMessage(`Copied ${m.text.length > 16 ? `${m.text.slice(0, 12)}…` : m.text}`, 2000);
        return undefined;
      case 'pin':
        return this.pin();
    }
  }

  /** Resolves when every queued read and post is done (tests wait on it). */
  async idle(): Promise<void> {
    await this.queue;
  }

  private follow(): void {
    this.subscriptions.clear();
    const folder = this.folder;
    this.subscriptions.addAll(
      folder.onDidStoreEvent((e) => this.onStoreEvent(e)),
      folder.onDidChange((c) => this.onRunsChange(c)),
    );
    this.updateTitle();
  }

  private onStoreEvent(e: StoreEvent): void {
    if (e.runId === this.id && !this.ready) this.prefetched = undefined; // an event the snapshot may not hold
    // A hidden page is gone (no retained context): it asks for a snapshot when shown again.
    if (e.runId !== this.id || !this.ready || !this.panel.visible || this.gone) return;
    const follower = this.follower;
    if (e.kind === 'metrics') void this.enqueue(async () => this.post(follower, await follower.newPoints()));
    else if (e.kind === 'log') void this.enqueue(async () => this.post(follower, await follower.newLogLines(false)));
  }

  private onRunsChange(c: RunsChange): void {
    const follower = this.follower;
    if (!this.ready && (c.changed.size === 0 || c.changed.has(this.id))) this.prefetched = undefined;
    if (this.ready && this.panel.visible && !this.gone && (c.changed.size === 0 || concernsReproduction(this.folder, c.changed, this.id))) {
      void this.enqueue(async () => this.post(follower, await reproductionMessage(follower.folder, follower.id)));
    }
    // Another run changed: nothing to redraw. (A reload names no run: refresh in case this one changed.)
    if (!c.changed.has(this.id) && c.changed.size > 0) return;
    if (!this.folder.get(this.id)) {
      // Only a change naming the run proves it is gone (a reload also fires with nothing changed).
      if (c.changed.has(this.id)) void this.enqueue(() => this.markGone(follower));
      return;
    }
    this.updateTitle();
    if (!this.ready || !this.panel.visible) return;
    if (this.gone) {
      this.gone = false;
      void this.enqueue(() => this.sendSnapshot());
      return;
    }
    void this.enqueue(async () => {
      await this.post(follower, await follower.changed());
      // A run that just ended may have flushed a last partial line: read both files to their end.
      const run = follower.folder.get(follower.id);
      if (run && run.status !== 'running' && run.status !== 'queued') {
        await this.post(follower, await follower.newPoints());
        await this.post(follower, await follower.newLogLines(true));
      }
    });
  }

  private async markGone(follower: RunFollower): Promise<void> {
    if (follower !== this.follower) return;
    this.gone = true;
    this.panel.title = 'Run deleted';
    await this.channel.post({ type: 'runGone', message: `Run ${follower.id} was deleted (it may be in the Runs view's Trash, where it can be restored).` });
  }

  /** Starts building the snapshot the page will ask for once it has loaded. */
  private prefetch(): void {
    const follower = this.follower;
    // A failed build is tried again when the page asks, and logged there if it fails again.
    this.prefetched = { follower, snapshot: follower.snapshot(this.pinned).catch(() => null) };
  }

  private async sendSnapshot(): Promise<void> {
    const follower = this.follower;
    const ahead = this.prefetched?.follower === follower ? await this.prefetched.snapshot : null;
    this.prefetched = undefined;
    // Pinned may have changed since it was built; anything else that changed dropped it.
    const snapshot = ahead === null ? await follower.snapshot(this.pinned) : ahead && { ...ahead, pinned: this.pinned };
    if (follower !== this.follower) return;
    if (!snapshot) return this.markGone(follower);
    await this.channel.post(snapshot);
    await this.post(follower, await reproductionMessage(follower.folder, follower.id));
  }

  /** Posts a message of `follower`'s run, unless the panel has switched to another run since. */
  private async post(follower: RunFollower, message: ToRunDetail | undefined): Promise<void> {
    if (message && follower === this.follower) await this.channel.post(message);
  }

  private enqueue(work: () => Promise<unknown>): Promise<unknown> {
    const next = this.queue.then(work).catch((e: unknown) => this.log.warn(`Runlens run detail: ${errorMessage(e)}`));
    this.queue = next;
    return next;
  }

  private updateTitle(): void {
    const run = this.folder.get(this.id);
    if (run) this.panel.title = this.pinned ? run.name : `${run.name} (preview)`;
  }

  dispose(): void {
    this.host.dispose();
  }
}
