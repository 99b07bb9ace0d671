// The demo workspace of `npm start`: the example project as a git repository with some history (two
// commits) and finished runs of its pipeline (prepare -> train -> evaluate), one made with an
// uncommitted edit, so the Runs view shows a dirty run and Run Detail can "Open diff against HEAD";
// the raw data changed since the last prepare, so `runlens status` shows a stale chain.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repoRoot';

const ROOT = repoRoot();
const CLI = join(ROOT, 'dist', 'cli.js');
const AUTHOR = ['-c', 'user.name=Runlens Demo', '-c', 'user.email=demo@localhost'];

function run(cwd: string, cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
}

/** Inserts `text` after the first occurrence of `anchor` in `file` (which must contain it). */
function insertAfter(file: string, anchor: string, text: string): void {
  const src = readFileSync(file, 'utf8');
  if (!src.includes(anchor)) throw new Error(`${file} no longer contains ${JSON.stringify(anchor)}; update the demo's edits`);
  writeFileSync(file, src.replace(anchor, `${anchor}${text}`));
}

/** Builds the demo in `workspace` (replacing what is there); the CLI (dist/cli.js) must be built. */
export function makeDemoWorkspace(workspace: string): void {
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  cpSync(join(ROOT, 'docs', 'example'), workspace, { recursive: true });
  const git = (...args: string[]): void => run(workspace, 'git', args);
  const runlens = (...args: string[]): void => run(workspace, process.execPath, [CLI, ...args]);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git(...AUTHOR, 'commit', '-q', '-m', 'Example project');
  runlens('run', 'prepare');
  for (const lr of ['0.03', '0.1']) runlens('run', 'train', '-p', `lr=${lr}`, '-p', 'delay=0');
  runlens('run', 'train-print');
  const train = join(workspace, 'train.py');
  insertAfter(train, 'import runlens\n', '\n# Mini-batch gradient descent; --l2 adds weight decay.\n');
  git(...AUTHOR, 'commit', '-q', '-am', 'Document the optimiser');
  runlens('run', 'train', '-p', 'lr=0.3', '-p', 'delay=0');
  runlens('run', 'evaluate');
  // Work in progress, never committed: the run records it in its snapshot (a dirty run).
  insertAfter(train, 'import runlens\n', '\nWARMUP_EPOCHS = 0  # work in progress: a learning-rate warmup\n');
  runlens('run', 'train', '-p', 'lr=0.2', '-p', 'delay=0');
  // New raw data since the last prepare: `runlens status` shows prepare -> train -> evaluate stale.
  appendFileSync(join(workspace, 'data', 'raw.csv'), '300,0.5000,-0.2500,1.0000,0.1000,1\n');
}
