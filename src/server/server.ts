// The Runlens language server for runlens.yaml (stdio/IPC, no `vscode`): validates each open config
// with the engine's own parser and schema, so the editor reports exactly what `runlens run` would.
import {
  createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type Diagnostic, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { parseConfig, type ConfigProblem } from '../core/config/config';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize((): InitializeResult => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
  serverInfo: { name: 'runlens' },
}));

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
  const file = doc.uri.startsWith('file:') ? fileURLToPath(doc.uri) : doc.uri;
  const { problems } = parseConfig(doc.getText(), file);
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: problems.map(toDiagnostic) });
}

documents.onDidChangeContent((e) => validate(e.document));
documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
documents.listen(connection);
connection.listen();
