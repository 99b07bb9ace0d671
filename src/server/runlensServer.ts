// The Runlens language server's behaviour, apart from its transport: validates each open
// runlens.yaml with the engine's own parser and schema, completes and explains it from the schema
// and past runs, and keeps its cache of those runs current. It only reads files (the config and the
// run store), so it is safe in an untrusted workspace. Wired to a connection by server.ts.
import {
  DidChangeWatchedFilesNotification, DiagnosticSeverity, TextDocumentSyncKind,
  type CompletionItem, type Connection, type Diagnostic, type DidChangeWatchedFilesParams, type Hover,
  type InitializeParams, type InitializeResult, type Position,
} from 'vscode-languageserver';
import { type TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../core/config/config';
import { CONFIG_FILE_NAMES } from '../core/config/configFile';
import { type ConfigProblem } from '../core/config/types';
import { SERVER_NOTIFICATION, isClientMessage, isInitOptions, CLIENT_NOTIFICATION, type FolderStore, type ServerMessage } from '../protocol/languageServer';
import { clientFeatures, type ClientFeatures } from './clientFeatures';
import { completionsAt, PLAIN_CLIENT } from './completion';
import { hoverAt } from './hover';
import { RunCache, storeDirFor, type RunsResult } from './runCache';
import { RunWatch } from './runWatch';

/** Converts an engine problem (1-based lines and columns) into an LSP diagnostic (0-based). */
export function toDiagnostic(p: ConfigProblem): Diagnostic {
  return {
    range: {
      start: { line: p.line - 1, character: p.column - 1 },
      end: { line: p.endLine - 1, character: p.endColumn - 1 },
    },
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'runlens',
    message: p.message,
  };
}

/** A failure for the log: its stack when it has one (a bug in the server, to be reported). */
function errorText(e: unknown): string {
  return e instanceof Error ? e.stack ?? e.message : String(e);
}

function pathOf(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

/**
 * Whether a document is a Runlens config by its name. Editors that cannot pick a server by file
 * name (Helix, eglot) hand it every YAML file: those get no diagnostics, completion or hovers.
 */
function isConfigDoc(doc: TextDocument): boolean {
  const name = decodeURIComponent(doc.uri.replace(/[?#].*$/, '').split('/').pop() ?? '');
  return (CONFIG_FILE_NAMES as readonly string[]).includes(name);
}

/** One server per connection: what the client declared, the stores it named, and their runs. */
export class RunlensServer {
  private stores: readonly FolderStore[] = [];
  private features: ClientFeatures = { ...PLAIN_CLIENT, runChanges: 'own', relativePatterns: false, rendersMarkdown: false };
  private watch: RunWatch | undefined;
  private readonly runs = new RunCache((storeDir, message) => {
    const m: ServerMessage = { type: 'storeProblem', storeDir, message };
    void this.connection.sendNotification(SERVER_NOTIFICATION, m);
  });

  constructor(private readonly connection: Connection) {}

  /** `initialize`: reads the client's capabilities and options, and says what the server offers. */
  initialize(params: InitializeParams): InitializeResult {
    const options: unknown = params.initializationOptions;
    const checked = isInitOptions(options) ? options : undefined;
    if (options !== undefined && options !== null && !checked) this.connection.console.warn(`runlens: ignored malformed initializationOptions: ${JSON.stringify(options)}`);
    this.stores = checked?.stores ?? [];
    this.features = clientFeatures(params.capabilities, checked);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        // `{` of `${`; keys and values are asked for with Ctrl+Space (a space trigger would pop up on every indent).
        completionProvider: { triggerCharacters: ['{'] },
        hoverProvider: true,
      },
      serverInfo: { name: 'runlens' },
    };
  }

  /** `initialized`: from here on the server may register file watchers with the client. */
  initialized(): void {
    this.watch = new RunWatch(this.features, {
      register: (watchers) => this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }),
      changed: (storeDir, runIds) => this.runs.changed(storeDir, runIds),
      log: (message) => this.connection.console.warn(message),
    });
    this.connection.console.info(`runlens: runs changes come from ${this.features.runChanges === 'own' ? 'the server\'s own store watch' : this.features.runChanges === 'client' ? 'the client' : 'the client\'s file watchers'}`);
  }

  /** A custom `runlens/client` message (checked here: a malformed one is dropped and logged). */
  clientMessage(message: unknown): void {
    if (!isClientMessage(message)) {
      this.connection.console.warn(`runlens: dropped a malformed ${CLIENT_NOTIFICATION} message: ${JSON.stringify(message)}`);
      return;
    }
    if (message.type === 'stores') {
      this.stores = message.stores;
      const named = new Set(this.stores.map((s) => s.storeDir));
      this.runs.retain(named);
      this.watch?.retain(named);
    } else {
      this.runs.changed(message.storeDir, message.runIds);
    }
  }

  /** `workspace/didChangeWatchedFiles`: run manifests or the journal of a followed store changed. */
  watchedFilesChanged(params: DidChangeWatchedFilesParams): void {
    this.watch?.filesChanged(params.changes);
  }

  /** Publishes the problems `runlens run` would report for this text. */
  validate(doc: TextDocument): void {
    const problems = isConfigDoc(doc) ? parseConfig(doc.getText(), pathOf(doc.uri)).problems : [];
    void this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: problems.map(toDiagnostic) });
  }

  /** Completion items at `position`; a failure is logged and offers nothing (it must not cost the user their typing). */
  completion(doc: TextDocument, position: Position): Promise<CompletionItem[]> {
    if (!isConfigDoc(doc)) return Promise.resolve([]);
    const runsOf = this.runsFor(doc);
    return completionsAt(doc.getText(), position.line, position.character, async (experiment) => {
      const result = await runsOf(experiment);
      return result.ok ? result.runs : [];
    }, this.features).catch((e: unknown) => {
      this.connection.console.error(`runlens: completion failed: ${errorText(e)}`);
      return [];
    });
  }

  /** The hover at `position`; a failure is logged and shows nothing. */
  hover(doc: TextDocument, position: Position): Promise<Hover | null> {
    if (!isConfigDoc(doc)) return Promise.resolve(null);
    return hoverAt(doc.getText(), position.line, position.character, this.runsFor(doc), this.features.rendersMarkdown).catch((e: unknown) => {
      this.connection.console.error(`runlens: hover failed: ${errorText(e)}`);
      return null;
    });
  }

  /** Stops every watch (on shutdown). */
  dispose(): void {
    this.watch?.dispose();
  }

  /** The past runs of an experiment, from the store of this document (followed from its first use). */
  private runsFor(doc: TextDocument): (experiment: string) => Promise<RunsResult> {
    const storeDir = storeDirFor(pathOf(doc.uri), this.stores);
    return (experiment) => {
      this.watch?.follow(storeDir);
      return this.runs.runsOf(storeDir, experiment);
    };
  }
}
