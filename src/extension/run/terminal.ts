// Every run the editor starts goes through the bundled CLI in a VS Code terminal: the terminal
// runs Node itself (shellPath) with the CLI's argv (shellArgs), so no shell ever parses params,
// Ctrl+C reaches the supervisor, and the run outlives a window reload.
import * as vscode from 'vscode';
import { TerminalPool, terminalPolicy } from './terminalPool';

/** What a launch produced, returned by the run commands (tests read it). */
export interface Launch {
  readonly terminal: vscode.Terminal;
  /** The CLI arguments, after `dist/cli.js`. */
  readonly args: readonly string[];
  /** The file the CLI creates once it holds the terminal, its work done (terminalPool.ts). */
  readonly heldMarker: string;
}

/** The settings the CLI reads from the environment: where the store is, whether to hash data and sample system metrics. */
export function settingsEnv(folder: vscode.WorkspaceFolder): Record<string, string> {
  const config = vscode.workspace.getConfiguration('runlens', folder.uri);
  const env: Record<string, string> = {};
  const store = config.get<string>('storePath', '.runlens');
  if (store && store !== '.runlens') env.RUNLENS_STORE = store;
  if (!config.get<boolean>('hashing.enabled', true)) env.RUNLENS_NO_HASH = '1';
  if (!config.get<boolean>('systemMetrics.enabled', true)) env.RUNLENS_NO_SYSTEM_METRICS = '1';
  const cap = config.get<string>('dataCache.maxSize', '').trim();
  if (cap !== '') env.RUNLENS_DATA_CACHE_MAX_SIZE = cap;
  return env;
}

/** The terminal slot of an experiment's launches (runs, sweeps, reruns, reproductions). */
export function experimentSlot(experiment: string): string {
  return `experiment:${experiment}`;
}

let pool: TerminalPool | undefined;

/** The window's run terminals (created with the first launch, disposed with the extension). */
export function terminalPool(context: vscode.ExtensionContext): TerminalPool {
  if (!pool) {
    const created = new TerminalPool();
    pool = created;
    context.subscriptions.push(created, { dispose: () => { if (pool === created) pool = undefined; } });
  }
  return pool;
}

/**
 * Opens a terminal named `name` running `runlens ARGS` for `folder`'s store, in `cwd` (default:
 * the folder). `args[0]` is the CLI command; `--workspace` is inserted right after it, before any `--`.
 * `slot` groups launches (e.g. by experiment): a done terminal of the same slot is replaced.
 */
export function launchCli(
  context: vscode.ExtensionContext,
  folder: vscode.WorkspaceFolder,
  name: string,
  args: readonly string[],
  cwd: string = folder.uri.fsPath,
  slot = `command:${args.join(' ')}`,
): Launch {
  const [command = 'run', ...rest] = args;
  const cliArgs = [command, '--workspace', folder.uri.fsPath, ...rest];
  const terminals = terminalPool(context);
  const key = `${folder.uri.toString()}|${slot}`;
  const marker = terminals.prepare(key, terminalPolicy(folder));
  const terminal = vscode.window.createTerminal({
    name,
    shellPath: process.execPath,
    shellArgs: [context.asAbsolutePath('dist/cli.js'), ...cliArgs],
    cwd,
    // The extension host of desktop VS Code is Electron: this makes it behave as plain Node.
    // Harmless where the host already is Node (code-server, remote hosts).
    // RUNLENS_HOLD_TERMINAL: the CLI waits for a key at the end, so the output stays readable
    // (a terminal whose process exits closes at once).
    env: { ELECTRON_RUN_AS_NODE: '1', RUNLENS_HOLD_TERMINAL: '1', RUNLENS_HOLD_MARKER: marker, ...settingsEnv(folder) },
    iconPath: new vscode.ThemeIcon('beaker'),
  });
  terminals.track(key, terminal, marker);
  terminal.show(true);
  return { terminal, args: cliArgs, heldMarker: marker };
}
