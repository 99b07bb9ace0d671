// A plain LSP client for the language server's CLI-level tests: spawns the built `runlens lsp
// --stdio` and speaks JSON-RPC with Content-Length framing over its stdin and stdout, as Neovim,
// Helix or Emacs do. It declares only what each test gives it; nothing VS Code-specific.
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  type ClientCapabilities, type CompletionItem, type CompletionList, type Diagnostic, type Hover, type InitializeResult,
  type PublishDiagnosticsParams, type Registration,
} from 'vscode-languageserver';
import { CLI, cliEnv } from '../cli/harness';

/** A running server and the client side of its connection. */
export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every `client/registerCapability` the server asked for, in order. */
  readonly registrations: Registration[] = [];
  /** Lines the server wrote to stderr (must stay free of protocol noise). */
  stderr = '';
  private readonly diagnosticWaiters: (() => void)[] = [];
  private version = 1;

  private constructor(readonly proc: ChildProcess, readonly connection: MessageConnection) {}

  /** Spawns `runlens lsp --stdio` in `cwd` (with `env`) and connects to it. */
  static start(cwd: string, env: NodeJS.ProcessEnv = cliEnv()): LspClient {
    const proc = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const client = new LspClient(proc, connection);
    proc.stderr.on('data', (d: Buffer) => (client.stderr += d.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.diagnostics.set(p.uri, p.diagnostics);
      for (const w of client.diagnosticWaiters.splice(0)) w();
    });
    connection.onRequest('client/registerCapability', (p: { registrations: Registration[] }) => {
      client.registrations.push(...p.registrations);
      return null;
    });
    connection.listen();
    return client;
  }

  /** `initialize` then `initialized`, with exactly these capabilities and options. */
  async initialize(capabilities: ClientCapabilities, initializationOptions?: unknown, rootDir?: string): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid, capabilities, initializationOptions,
      rootUri: rootDir ? pathToFileURL(rootDir).href : null,
      workspaceFolders: rootDir ? [{ uri: pathToFileURL(rootDir).href, name: 'ws' }] : null,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Opens `file` with `text` and waits for its diagnostics. */
  async open(file: string, text: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(file).href;
    const published = this.nextDiagnostics();
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: this.version++, text } });
    await published;
    return this.diagnostics.get(uri) ?? [];
  }

  /** Replaces the whole text of an open `file` and waits for its diagnostics. */
  async change(file: string, text: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(file).href;
    const published = this.nextDiagnostics();
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: this.version++ }, contentChanges: [{ text }] });
    await published;
    return this.diagnostics.get(uri) ?? [];
  }

  async completion(file: string, line: number, character: number): Promise<CompletionItem[]> {
    const r = await this.connection.sendRequest<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri: pathToFileURL(file).href }, position: { line, character } });
    return Array.isArray(r) ? r : r?.items ?? [];
  }

  /** The hover's Markdown at a position ('' when there is none). */
  async hover(file: string, line: number, character: number): Promise<string> {
    const h = await this.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: pathToFileURL(file).href }, position: { line, character } });
    return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  }

  /** `shutdown` then `exit`; resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.proc.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  /** Kills the server if a test left it running. */
  kill(): void {
    if (this.proc.exitCode === null) this.proc.kill();
    this.connection.dispose();
  }

  private nextDiagnostics(): Promise<void> {
    return new Promise((resolve) => this.diagnosticWaiters.push(resolve));
  }
}
