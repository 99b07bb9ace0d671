// Runs the real built CLI (dist/cli.js) in temp workspaces for the runner and CLI suites: spawn it,
// collect its output, signal it, and read what it recorded through the real store.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RunStore } from '../../../src/core/store/store';
import { type RunManifest } from '../../../src/core/model';

/** The repo root (the folder holding package.json), found from the bundled test's location. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'esbuild.mjs'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repo root not found');
    dir = parent;
  }
  return dir;
}

/** Path of the built CLI; the test build (`node esbuild.mjs --tests`) builds it too. */
export const CLI = join(repoRoot(), 'dist', 'cli.js');

/** A fresh temp folder; removed by `cleanup`. */
export function tempWorkspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'runlens-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Removes a temp workspace. */
export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Environment for the CLI under test: no colour, no inherited run variables, short grace. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RUNLENS_STOP_GRACE: '2', ...extra };
  delete env.RUNLENS_RUN_ID;
  delete env.RUNLENS_RUN_DIR;
  return env;
}

/** What a finished CLI process produced. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: string;
  /** stdout as UTF-8 text. */
  readonly out: string;
}

/** Starts `runlens ARGS` in `cwd`; stdin is closed, stdout and stderr are piped. */
export function startCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = cliEnv()): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Waits for a started CLI to exit and collects everything it wrote. */
export function collect(proc: ChildProcess): Promise<CliResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  proc.stdout?.on('data', (b: Buffer) => out.push(b));
  proc.stderr?.on('data', (b: Buffer) => err.push(b));
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('close', (code, signal) => {
      const stdout = Buffer.concat(out);
      resolve({ code, signal, stdout, stderr: Buffer.concat(err).toString('utf8'), out: stdout.toString('utf8') });
    });
  });
}

/** Runs `runlens ARGS` in `cwd` to completion. */
export function runCli(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return collect(startCli(args, cwd, env));
}

/** Every run of the workspace through the real store (crash detection included), newest first. */
export function listRuns(ws: string): Promise<RunManifest[]> {
  return RunStore.open(ws, { onWarning: () => undefined }).listRuns();
}

/** The only run of the workspace; fails when there is not exactly one. */
export async function onlyRun(ws: string): Promise<RunManifest> {
  const runs = await listRuns(ws);
  if (runs.length !== 1) throw new Error(`expected 1 run, found ${runs.length}`);
  return runs[0] as RunManifest;
}

/** Polls `check` every 25 ms until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until the workspace's single run is running with a child pid recorded. */
export function waitForChild(ws: string): Promise<RunManifest> {
  return waitFor('the run to start', async () => {
    const runs = await listRuns(ws).catch(() => []);
    const m = runs[0];
    return m && m.status === 'running' && m.process?.childPid ? m : undefined;
  });
}

/** Waits until a file exists (a child script signals readiness by writing one). */
export function waitForFile(path: string, timeoutMs = 10_000): Promise<true> {
  return waitFor(`file ${path}`, () => (existsSync(path) ? true : undefined), timeoutMs);
}

/** True while `pid` runs; a zombie (dead, not yet reaped by an init that may never do it) is not alive. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
