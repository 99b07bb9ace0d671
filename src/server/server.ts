// Entry point of the Runlens language server (dist/server.js): wires a connection and the open
// documents to RunlensServer. The transport comes from the command line, as vscode-languageserver
// reads it: `--node-ipc` (the VS Code client), `--stdio` (other editors, via `runlens lsp --stdio`)
// or `--socket=PORT`. Nothing here writes to stdout: over stdio that is the protocol's channel.
import { createConnection, ProposedFeatures, TextDocuments, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CLIENT_NOTIFICATION } from '../protocol/languageServer';
import { RunlensServer } from './runlensServer';

/** Serves runlens.yaml on `connection` until the client exits. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const server = new RunlensServer(connection);
  connection.onInitialize((params) => server.initialize(params));
  connection.onInitialized(() => server.initialized());
  connection.onNotification(CLIENT_NOTIFICATION, (message: unknown) => server.clientMessage(message));
  connection.onDidChangeWatchedFiles((params) => server.watchedFilesChanged(params));
  connection.onCompletion(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    return doc ? server.completion(doc, position) : [];
  });
  connection.onHover(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    return doc ? server.hover(doc, position) : null;
  });
  connection.onShutdown(() => server.dispose());
  documents.onDidChangeContent((e) => server.validate(e.document));
  documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
  documents.listen(connection);
  connection.listen();
}

startServer(createConnection(ProposedFeatures.all));
