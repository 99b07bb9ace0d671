// Starts the Runlens language server (dist/server.js) for runlens.yaml over IPC. The client stays
// lean (rust-analyzer style): the server owns parsing and validation, the client only connects.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Port the server's inspector listens on in development ("Attach to Language Server"). */
export const SERVER_DEBUG_PORT = 6009;

/** Starts the client and returns a disposable that stops it (and so the server process). */
export function startLanguageClient(context: vscode.ExtensionContext): vscode.Disposable {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', `--inspect=${SERVER_DEBUG_PORT}`] } },
  };
  const clientOptions: LanguageClientOptions = {
    // runlens.yaml stays a YAML document (its highlighting and any YAML extension keep working);
    // the server attaches to it by file name.
    documentSelector: [{ scheme: 'file', language: 'yaml', pattern: '**/runlens.{yaml,yml}' }],
    outputChannelName: 'Runlens Language Server',
  };
  const client = new LanguageClient('runlens', 'Runlens Language Server', serverOptions, clientOptions);
  const started = client.start().catch((e: unknown) => {
    void vscode.window.showErrorMessage(`Runlens: the language server for runlens.yaml did not start: ${String(e)}`);
  });
  return new vscode.Disposable(() => {
    void started.then(() => client.stop());
  });
}
