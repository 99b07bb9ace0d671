// Runs the built `runlens` CLI (dist/cli.js) for e2e fixtures: real runs of the example project,
// made the way a user makes them from a terminal.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

/** A fresh copy of docs/example in a temp folder named `name` (the name shows in the window title). */
export function exampleWorkspace(name: string): string {
  const dir = join(mkdtempSync('/tmp/rle2e-'), name);
  mkdirSync(dir);
  cpSync(join(ROOT, 'docs', 'example'), dir, { recursive: true });
  return dir;
}

/** Runs `runlens ARGS` to completion in `cwd` and returns its exit code. */
export function runlens(cwd: string, args: string[]): number {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

/** Starts `runlens ARGS` in the background (a live run); the caller stops or awaits it. */
export function runlensInBackground(cwd: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd, stdio: 'ignore' });
}
