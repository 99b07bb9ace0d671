// A team for the sharing suites: one bare repository and clones of it (each with its own git
// identity), reachable by file path or through a real `git daemon` on 127.0.0.1 started by the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { git, tempDir, writeFiles } from '../git/helpers/repo';
import { runCli, type CliResult } from '../cli/harness';

/** A deterministic training script: its metrics depend on lr only, so a reproduction matches. */
const TRAIN = `
const lr = Number(process.argv[2]);
for (let step = 1; step <= 4; step++) {
  console.log('@runlens ' + JSON.stringify({ step, metrics: { loss: 1 / (1 + lr * step), acc: lr * step / (1 + lr * step) } }));
}
`;

const CONFIG = `version: 1
experiments:
  train:
    command: node train.js \${lr}
    params: { lr: 0.1 }
`;

/** The bare repository and its project, committed and pushed on main. */
export interface Team {
  readonly bare: string;
  /** Makes a clone with the given identity (user.name / user.email set in its config). */
  clone(name: string, email: string): string;
}

/** A bare repository holding the project on main. */
export function makeTeam(): Team {
  const root = tempDir('runlens-share-');
  const bare = join(root, 'team.git');
  git(root, 'init', '-q', '--bare', '-b', 'main', bare);
  const seed = join(root, 'seed');
  git(root, 'init', '-q', '-b', 'main', seed);
  writeFiles(seed, { 'runlens.yaml': CONFIG, 'train.js': TRAIN });
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'project');
  git(seed, 'push', '-q', bare, 'main');
  let n = 0;
  return {
    bare,
    clone(name, email) {
      const dir = join(root, `clone-${++n}`);
      git(root, 'clone', '-q', bare, dir);
      git(dir, 'config', 'user.name', name);
      git(dir, 'config', 'user.email', email);
      return dir;
    },
  };
}

/** Runs `runlens ARGS` in `cwd` and fails the test with its output when it exits otherwise than `code`. */
export async function rl(cwd: string, args: readonly string[], code = 0): Promise<CliResult> {
  const r = await runCli(args, cwd);
  if (r.code !== code) throw new Error(`runlens ${args.join(' ')} exited ${String(r.code)} (expected ${code}):\n${r.out}\n${r.stderr}`);
  return r;
}

/** A running `git daemon` serving a folder. */
export interface Daemon {
  /** `git://127.0.0.1:<port>/` followed by a path below the served folder. */
  url(relative: string): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts `git daemon` on 127.0.0.1 (a free port) exporting `base` for fetch and push; resolves once it listens. */
export async function startDaemon(base: string): Promise<Daemon> {
  const port = await freePort();
  const proc: ChildProcess = spawn('git', ['daemon', '--verbose', '--reuseaddr', '--export-all', '--enable=receive-pack',
    '--listen=127.0.0.1', `--port=${port}`, `--base-path=${base}`, base], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let text = '';
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`git daemon exited (${String(code)}): ${text}`)));
    proc.stderr?.on('data', (b: Buffer) => {
      text += b.toString('utf8');
      // git daemon says so once its socket listens.
      if (text.includes('Ready to rumble')) resolve();
    });
  });
  proc.removeAllListeners('exit');
  return {
    url: (relative) => `git://127.0.0.1:${port}/${relative}`,
    stop: () => new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    }),
  };
}
