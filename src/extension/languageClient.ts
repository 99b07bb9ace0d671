// Starts the Runlens language server (dist/server.js) for runlens.yaml over IPC. The client stays
// lean (rust-analyzer style): the server owns parsing, completion and hovers; the client only tells
// it where each folder's run store is and which runs changed, each hook an explicit disposable.
import * as vscode from 'vscode';
import { errorMessage } from '../core/errors';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CONFIG_FILE_GLOB } from '../core/config/configFile';
import {
  CLIENT_NOTIFICATION, SERVER_NOTIFICATION, isServerMessage, type ClientMessage, type FolderStore, type InitOptions,
} from '../protocol/languageServer';
import { DisposableStore } from './disposableStore';
import { storeDirOf } from './runs/folderGoals';
import { type RunsView } from './runs/runsView';

/** Port the server's inspector listens on in development ("Attach to Language Server"). */
export const SERVER_DEBUG_PORT = 6009;

/** Every workspace folder with the store its `runlens.storePath` setting names. */
function folderStores(): FolderStore[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => ({ folder: f.uri.fsPath, storeDir: storeDirOf(f) }));
}

/** The running client: disposing it stops it too; `stop()` says when the server process has ended. */
export interface LanguageClientHandle extends vscode.Disposable {
  /** Stops the client and its server once (later calls return the same promise); never rejects. */
  stop(): Promise<void>;
}

/** Starts the client and returns a handle that stops it (and so the server process). */
export function startLanguageClient(context: vscode.ExtensionContext, runsView: RunsView): LanguageClientHandle {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', `--inspect=${SERVER_DEBUG_PORT}`] } },
  };
  // VS Code reopens the suggestions after a key (goal: min|max) with its own command; and the
  // extension's store watcher already sees every run change, so the server watches nothing itself.
  const initializationOptions: InitOptions = { stores: folderStores(), suggestCommand: 'editor.action.triggerSuggest', forwardsRunChanges: true };
  const clientOptions: LanguageClientOptions = {
    // runlens.yaml stays a YAML document (its highlighting and any YAML extension keep working);
    // the server attaches to it by file name.
    documentSelector: [{ scheme: 'file', language: 'yaml', pattern: CONFIG_FILE_GLOB }],
    outputChannelName: 'Runlens Language Server',
    initializationOptions,
  };
  const client = new LanguageClient('runlens', 'Runlens Language Server', serverOptions, clientOptions);
  const send = (message: ClientMessage): void => {
    if (client.isRunning()) void client.sendNotification(CLIENT_NOTIFICATION, message);
  };
  const subscriptions = new DisposableStore();
  subscriptions.addAll(
    client.onNotification(SERVER_NOTIFICATION, (message: unknown) => {
      if (!isServerMessage(message)) {
        client.warn(`Dropped a malformed ${SERVER_NOTIFICATION} message: ${JSON.stringify(message)}`);
        return;
      }
      client.warn(`Past runs in ${message.storeDir} could not be read: ${message.message}`);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('runlens.storePath')) send({ type: 'stores', stores: folderStores() });
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => send({ type: 'stores', stores: folderStores() })),
    // An empty change is a reload of the whole folder: the server re-lists that store.
    runsView.onDidChangeRuns((c) => send({ type: 'runsChanged', storeDir: c.folder.store.root, runIds: c.changed.size > 0 ? [...c.changed] : null })),
  );
  const started = client.start().catch((e: unknown) => {
    void vscode.window.showErrorMessage(`Runlens: the language server for runlens.yaml did not start: ${errorMessage(e)}`);
  });
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    subscriptions.dispose();
    // A client that never started has nothing to stop: its failure was shown when it happened.
    stopped ??= started.then(() => client.stop()).catch((e: unknown) => client.warn(`Runlens: the language server did not stop cleanly: ${errorMessage(e)}`));
    return stopped;
  };
  return { stop, dispose: () => void stop() };
}
