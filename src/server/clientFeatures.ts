// What the connected editor can take, read once from `initialize`: snippets, a command that reopens
// the suggestions, and how the server learns that runs changed (from the client's forwarded store
// events, from standard watched-file notifications, or from a watch of its own).
import { type ClientCapabilities } from 'vscode-languageserver';
import { type InitOptions } from '../protocol/languageServer';
import { type CompletionFeatures } from './completion';

/**
 * How the server hears of new and changed runs: `client` (the VS Code client forwards its own store
 * watcher's events as `runsChanged`), `watchedFiles` (the server registers file watchers with the
 * client, `workspace/didChangeWatchedFiles`), or `own` (the client offers neither: the server
 * watches the stores it reads itself).
 */
export type RunChangeSource = 'client' | 'watchedFiles' | 'own';

/** Everything the server adapts to the client. */
export interface ClientFeatures extends CompletionFeatures {
  readonly runChanges: RunChangeSource;
  /** File watchers may be relative to a base folder (LSP 3.17 `relativePatternSupport`). */
  readonly relativePatterns: boolean;
  /** The client renders Markdown to HTML (it declared `general.markdown`, as VS Code does), rather than showing its text. */
  readonly rendersMarkdown: boolean;
}

/** The features of a client from its capabilities and (checked) initialization options. */
export function clientFeatures(capabilities: ClientCapabilities, options: InitOptions | undefined): ClientFeatures {
  const watched = capabilities.workspace?.didChangeWatchedFiles;
  // The client's own watcher already exists (one per folder, one per live run): a second one in
  // the server would double every watch, so forwarded events win over both other sources.
  const runChanges: RunChangeSource = options?.forwardsRunChanges === true ? 'client' : watched?.dynamicRegistration === true ? 'watchedFiles' : 'own';
  return {
    snippets: capabilities.textDocument?.completion?.completionItem?.snippetSupport === true,
    suggestCommand: options?.suggestCommand,
    runChanges,
    relativePatterns: watched?.relativePatternSupport === true,
    rendersMarkdown: capabilities.general?.markdown !== undefined,
  };
}
