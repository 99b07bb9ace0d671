// The plumbing every Runlens webview panel shares: the panel's options and CSP page shell, the
// typed channel, what the panel subscribed to, and one dispose path
// (the user closing the panel or the extension disposing it) that releases all of it once.
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { DisposableStore } from '../disposableStore';
import { type MessageGuard, WebviewChannel } from './channel';
import { renderWebviewHtml, type PageSpec, webviewOptions } from './html';

/** What a panel's host needs: the page, the protocol's guard, the log, and the panel's handler. */
export interface PanelHostOptions<FromWebview> {
  readonly extensionUri: vscode.Uri;
  readonly page: PageSpec;
  readonly guard: MessageGuard<FromWebview>;
  readonly log: vscode.LogOutputChannel;
  /** Handles each guarded message; a rejection is logged (a page's request never crashes the host). */
  readonly onMessage: (message: FromWebview) => unknown;
}

/** Owns one webview panel's plumbing; the panel class keeps only what its page shows and asks. */
export class PanelHost<ToWebview, FromWebview extends { readonly type: string }> implements vscode.Disposable {
  readonly channel: WebviewChannel<ToWebview, FromWebview>;
  /** What the panel subscribed to: disposed with it. */
  readonly subscriptions = new DisposableStore();
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  /** Fires once, when the user closes the panel or the extension disposes it. */
  readonly onDidDispose = this.disposeEmitter.event;
  private disposed = false;

  constructor(readonly panel: vscode.WebviewPanel, options: PanelHostOptions<FromWebview>) {
    const { extensionUri, log } = options;
    panel.webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'runlens.svg');
    this.channel = this.subscriptions.add(new WebviewChannel(panel.webview, options.guard, log));
    this.subscriptions.addAll(
      this.channel.onMessage((m) => {
        void Promise.resolve()
          .then(() => options.onMessage(m))
          .catch((e: unknown) => log.warn(`Runlens: ${options.page.title} could not handle "${m.type}": ${errorMessage(e)}`));
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    // Last: the page may say `ready` as soon as it has its HTML.
    panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, options.page);
  }

  /** True once the panel was disposed. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.subscriptions.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    this.panel.dispose();
  }
}
