// The typed message channel between the host and one webview: outgoing messages are typed by the
// webview's protocol, incoming ones are checked by its guard before any handler sees them.
import * as vscode from 'vscode';

/** A protocol's runtime check of a message from the webview. */
export type MessageGuard<T> = (message: unknown) => message is T;

/** Host side of one webview's protocol; dispose it with the panel. */
export class WebviewChannel<ToWebview, FromWebview> implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private readonly emitter = new vscode.EventEmitter<FromWebview>();
  /** Every valid message the webview sent. */
  readonly onMessage = this.emitter.event;
  /** What was posted, newest last (bounded): integration tests read what the webview received. */
  readonly sent: ToWebview[] = [];

  constructor(
    private readonly webview: vscode.Webview,
    isMessage: MessageGuard<FromWebview>,
    private readonly log?: vscode.LogOutputChannel,
  ) {
    this.subscription = webview.onDidReceiveMessage((message: unknown) => {
      if (isMessage(message)) this.emitter.fire(message);
      // A message that fails its guard comes from a different (older or newer) page or a bug: drop it.
      else this.log?.warn(`Runlens: ignored a malformed webview message: ${preview(message)}`);
    });
  }

  /** Posts a message; resolves false when the webview is gone (hidden without retained context). */
  async post(message: ToWebview): Promise<boolean> {
    this.sent.push(message);
    if (this.sent.length > 200) this.sent.splice(0, this.sent.length - 200);
    try {
      return await this.webview.postMessage(message);
    } catch {
      // A disposed panel rejects posts: the caller treats false as "not delivered".
      return false;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

function preview(message: unknown): string {
  try {
    return JSON.stringify(message).slice(0, 200);
  } catch {
    // A message JSON cannot render (circular) is previewed as text.
    return String(message);
  }
}
