// The Runlens language server for runlens.yaml (IPC, no `vscode`): validates each open config with
// the engine's own parser and schema, and completes and explains it from the schema and past runs.
// It only reads files (the config and the run store), so it is safe in an untrusted workspace.
import {
  createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type Diagnostic, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../core/config/config';
import { type ConfigProblem } from '../core/config/types';
import {
  CLIENT_NOTIFICATION, SERVER_NOTIFICATION, isClientMessage, isInitOptions, type FolderStore, type ServerMessage,
} from '../protocol/languageServer';
import { completionsAt } from './completion';
import { hoverAt } from './hover';
import { RunCache, storeDirFor } from './runCache';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let stores: readonly FolderStore[] = [];
// Runs change far more often than anyone hovers: the client forwards the extension's store events
// (its watcher already exists, one per folder) and the cache re-reads those runs lazily on the next
// request. A watcher of the server's own would double the file watches of every live run.
const runs = new RunCache((storeDir, message) => {
  const m: ServerMessage = { type: 'storeProblem', storeDir, message };
  void connection.sendNotification(SERVER_NOTIFICATION, m);
});

connection.onInitialize((params): InitializeResult => {
  if (isInitOptions(params.initializationOptions)) stores = params.initializationOptions.stores;
  else connection.console.warn('runlens: initializationOptions without stores; reading .runlens beside each config');
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      // `{` of `${`; keys and values are asked for with Ctrl+Space (a space trigger would pop up on every indent).
      completionProvider: { triggerCharacters: ['{'] },
      hoverProvider: true,
    },
    serverInfo: { name: 'runlens' },
  };
});

connection.onNotification(CLIENT_NOTIFICATION, (message: unknown) => {
  if (!isClientMessage(message)) {
    connection.console.warn(`runlens: dropped a malformed ${CLIENT_NOTIFICATION} message: ${JSON.stringify(message)}`);
    return;
  }
  if (message.type === 'stores') {
    stores = message.stores;
    runs.retain(new Set(stores.map((s) => s.storeDir)));
  } else {
    runs.changed(message.storeDir, message.runIds);
  }
});

function pathOf(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

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

function validate(doc: TextDocument): void {
  const { problems } = parseConfig(doc.getText(), pathOf(doc.uri));
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: problems.map(toDiagnostic) });
}

connection.onCompletion(async ({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return [];
  const storeDir = storeDirFor(pathOf(doc.uri), stores);
  return completionsAt(doc.getText(), position.line, position.character, async (experiment) => {
    const result = await runs.runsOf(storeDir, experiment);
    return result.ok ? result.runs : [];
  }).catch((e: unknown) => {
    // A bug must not cost the user their typing: log it and offer nothing.
    connection.console.error(`runlens: completion failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return [];
  });
});

connection.onHover(async ({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return null;
  const storeDir = storeDirFor(pathOf(doc.uri), stores);
  return hoverAt(doc.getText(), position.line, position.character, (experiment) => runs.runsOf(storeDir, experiment)).catch((e: unknown) => {
    connection.console.error(`runlens: hover failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return null;
  });
});

documents.onDidChangeContent((e) => validate(e.document));
documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
documents.listen(connection);
connection.listen();
