// Runs the built `runlens` CLI (dist/cli.js) for e2e fixtures: real runs of the example project,
// made the way a user makes them from a terminal.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

/**
 * A fresh temp folder for a suite's workspace, inside the run's own folder (`RUNLENS_E2E_TMP`, set by
 * the e2e runner, which removes it when the run ends) or, for a file run by hand, under /tmp.
 */
export function e2eTempDir(prefix = 'rle2e-'): string {
  return mkdtempSync(join(process.env.RUNLENS_E2E_TMP ?? '/tmp', prefix));
}

/** A fresh copy of docs/example in a temp folder named `name` (the name shows in the window title). */
export function exampleWorkspace(name: string): string {
  const dir = join(e2eTempDir(), name);
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

/** Runs started by runlensInBackground and not yet exited: a suite's end stops them. */
const background = new Set<ChildProcess>();

/** Starts `runlens ARGS` in the background (a live run); stopped at the suite's end if still running. */
export function runlensInBackground(cwd: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: 'ignore' });
  background.add(child);
  child.on('exit', () => background.delete(child));
  return child;
}

/** Stops (SIGTERM) every background run still going; useWorkbench's `after` calls it. */
export function stopBackgroundRuns(): void {
  for (const child of background) child.kill('SIGTERM');
  background.clear();
}

/** Runs git in `cwd` with a fixed author, for fixtures' commits; returns its output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], { cwd, encoding: 'utf8' });
}
