// Run logs in a read-only editor: a `runlens-log:` document per run showing the end of its
// output.log, redrawn (throttled) when the store reports new output, and kept scrolled to the end
// while the user has not scrolled away, so a live run's log follows like a terminal.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import { readLogTail, renderLogTail } from '../../core/logs/tail';
import { type FolderRuns } from '../runs/folderRuns';
import { type RunsView } from '../runs/runsView';

/** The URI scheme of run log documents. */
export const LOG_SCHEME = 'runlens-log';
/** At most one redraw of a log per this many ms while a run prints. */
const REDRAW_MS = 300;

/** The log document URI of run `id` of `folder` (the path is the tab title: `<name>.log`). */
export function logUri(folder: FolderRuns, id: string, name: string): vscode.Uri {
  const query = new URLSearchParams({ folder: folder.folder.uri.toString(), id }).toString();
  return vscode.Uri.from({ scheme: LOG_SCHEME, path: `/${name.replace(/[\\/]/g, '_')}.log`, query });
}

/** Serves and refreshes run log documents. */
export class RunLogProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  /** Open log documents by run key (`folder|id`). */
  private readonly open = new Map<string, vscode.Uri>();
  private readonly followed = new Map<FolderRuns, vscode.Disposable>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Editors that showed the end of the log before the last redraw: they are kept at the end. */
  private readonly atEnd = new Set<vscode.TextEditor>();
  private readonly subscriptions = new DisposableStore();

  constructor(private readonly view: RunsView) {
    this.subscriptions.addAll(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme !== LOG_SCHEME) return;
        for (const [key, uri] of this.open) if (uri.toString() === doc.uri.toString()) this.open.delete(key);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme !== LOG_SCHEME) return;
        for (const editor of this.atEnd) {
          if (editor.document !== e.document) continue;
          const last = e.document.lineCount - 1;
          editor.revealRange(new vscode.Range(last, 0, last, 0), vscode.TextEditorRevealType.Default);
        }
        this.atEnd.clear();
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const params = new URLSearchParams(uri.query);
    const folder = this.view.folderOf(params.get('folder') ?? '');
    const id = params.get('id') ?? '';
    if (!folder) return '[runlens: this log belongs to a folder that is no longer open in the workspace]';
    this.follow(folder);
    this.open.set(`${folder.folder.uri.toString()}|${id}`, uri);
    let path: string;
    try {
      path = folder.store.logPath(id);
    } catch {
      // LogPath throws only for a string that is not a run id: said in the document.
      return `[runlens: "${id}" is not a run id]`;
    }
    const tail = await readLogTail(path);
    if (tail.totalBytes === 0) {
      const run = folder.get(id);
      return run?.status === 'running' || run?.status === 'queued'
        ? '[runlens: no output yet; this log follows the run as it prints]\n'
        : '[runlens: this run printed nothing]\n';
    }
    return renderLogTail(tail, path);
  }

  private follow(folder: FolderRuns): void {
    if (this.followed.has(folder)) return;
    this.followed.set(folder, folder.onDidStoreEvent((e) => {
      const key = `${folder.folder.uri.toString()}|${e.runId}`;
      const uri = this.open.get(key);
      if (!uri || (e.kind !== 'log' && e.kind !== 'manifest') || this.timers.has(key)) return;
      this.timers.set(key, setTimeout(() => {
        this.timers.delete(key);
        this.rememberEditorsAtEnd(uri);
        this.emitter.fire(uri);
      }, REDRAW_MS));
    }));
  }

  private rememberEditorsAtEnd(uri: vscode.Uri): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() !== uri.toString()) continue;
      const bottom = editor.visibleRanges.at(-1)?.end.line ?? 0;
      if (bottom >= editor.document.lineCount - 2) this.atEnd.add(editor);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.followed.values()) d.dispose();
    this.subscriptions.dispose();
    this.emitter.dispose();
  }
}

/** Opens the log of a run in a read-only editor, scrolled to its end; returns the document. */
export async function openRunLog(folder: FolderRuns, id: string, name: string): Promise<vscode.TextDocument> {
  let doc = await vscode.workspace.openTextDocument(logUri(folder, id, name));
  if (doc.languageId !== 'log') doc = await vscode.languages.setTextDocumentLanguage(doc, 'log');
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const last = doc.lineCount - 1;
  editor.revealRange(new vscode.Range(last, 0, last, 0));
  editor.selection = new vscode.Selection(last, 0, last, 0);
  return doc;
}
