// Starts a real VS Code (code-server) in its own process group with a private profile, and stops
// the whole group afterwards, so extension hosts and watchers never outlive a test run (and one
// whose runner was killed outright is killed by the next start: children.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { forgetChild, recordChild, sweepOrphans } from './children';
import { type Toolchain } from './toolchain';

/** How to start code-server. */
export interface CodeServerOptions {
  /** Extensions (.vsix files) to install into the private extensions dir before starting. */
  readonly install?: readonly string[];
  /** Lets the workbench run an extension test payload (`extensionTestsPath`). */
  readonly smokeTestDriver?: boolean;
  /** When false the workspace opens in Restricted Mode (workspace trust enabled). */
  readonly trusted?: boolean;
  /** User settings.json content. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Fixed port (the demo); a free one is picked otherwise. */
  readonly port?: number;
  /** Where to keep the profile; a fresh temp folder otherwise (removed on stop). */
  readonly stateDir?: string;
}

/** A started code-server. */
export interface CodeServer {
  readonly port: number;
  readonly baseUrl: string;
  readonly logFile: string;
  readonly stateDir: string;
  /** The server's process id (its extension hosts are its descendants). */
  readonly pid: number;
  /** URL that opens `folder` in the workbench, with an optional test payload. */
  folderUrl(folder: string, payload?: ReadonlyArray<readonly [string, string]>): string;
  stop(): Promise<void>;
}

const DEFAULT_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'git.openRepositoryInParentFolders': 'never',
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not become healthy within 60 s; see ${logFile}`);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Installs the given extensions and starts code-server; resolves once it answers /healthz. */
export async function startCodeServer(tc: Toolchain, options: CodeServerOptions = {}): Promise<CodeServer> {
  sweepOrphans();
  // A short private TMPDIR: VS Code's unix sockets must fit in ~108 characters.
  const stateDir = options.stateDir ?? mkdtempSync('/tmp/rlcs-');
  const dirs = {
    user: join(stateDir, 'user'), ext: join(stateDir, 'ext'), tmp: join(stateDir, 't'),
    config: join(stateDir, 'xdg-config'), data: join(stateDir, 'xdg-data'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(join(dirs.user, 'User'), { recursive: true });
  writeFileSync(join(dirs.user, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2));
  const configFile = join(stateDir, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const env = {
    ...process.env, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, TMPDIR: dirs.tmp,
    VSCODE_CLI_DISABLE_KEYCHAIN_ENCRYPT: '1',
  };
  const base = [tc.codeServer, '--config', configFile, '--user-data-dir', dirs.user, '--extensions-dir', dirs.ext];
  for (const vsix of options.install ?? []) {
    const r = spawnSync(tc.node, [...base, '--install-extension', vsix, '--force'], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing ${vsix} failed: ${r.stderr || r.stdout}`);
  }
  const port = options.port ?? (await freePort());
  const logFile = join(stateDir, 'code-server.log');
  const out = openSync(logFile, 'a');
  const args = [
    ...base, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-getting-started-override',
  ];
  if (options.trusted !== false) args.push('--disable-workspace-trust');
  if (options.smokeTestDriver) args.push(...tc.smokeTestArgs);
  const child = spawn(tc.node, args, { env, detached: true, stdio: ['ignore', out, out] });
  const pid = child.pid ?? 0;
  recordChild(pid, 'code-server', options.stateDir ? [] : [stateDir]); // a caller's own state dir is the caller's
  const stop = async (): Promise<void> => {
    killGroup(pid, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      await new Promise((r) => setTimeout(r, 100));
    }
    killGroup(pid, 'SIGKILL');
    forgetChild(pid);
    if (!options.stateDir) rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await waitHealthy(port, child, logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    port, baseUrl, logFile, stateDir, stop, pid,
    folderUrl(folder, payload) {
      const q = new URLSearchParams({ folder });
      if (payload) q.set('payload', JSON.stringify(payload));
      return `${baseUrl}/?${q.toString()}`;
    },
  };
}
