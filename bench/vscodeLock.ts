// The machine-wide VS Code lock (/tmp/runlens-vscode.lock, as the test runners take it with flock)
// held around only the part of a benchmark that runs VS Code: building or deleting a store of
// 100,000 runs happens outside it, so integration and e2e runs of others wait minutes, not an hour.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** The lock file; RUNLENS_VSCODE_LOCK names another one. */
const LOCK = process.env.RUNLENS_VSCODE_LOCK ?? '/tmp/runlens-vscode.lock';

/** Holds the lock while its stdin is open: says so on stdout, exits when the bench closes stdin (or dies). */
const HOLDER = "process.stdout.write('held\\n'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));";

/**
 * Runs `fn` holding the VS Code lock: `flock` (the runners' own tool) keeps it for a child Node
 * process, which lets go when this process closes its stdin, or exits for any reason.
 */
export async function withVsCodeLock<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const holder = spawn('flock', [LOCK, process.execPath, '-e', HOLDER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waitedFrom = Date.now();
  await new Promise<void>((resolve, reject) => {
    holder.stdout.once('data', () => resolve());
    holder.once('error', reject);
    holder.once('exit', (code) => reject(new Error(`flock ${LOCK} exited (${String(code)}) before holding the lock`)));
  });
  const waited = Date.now() - waitedFrom;
  if (waited > 1000) console.log(`  (waited ${(waited / 1000).toFixed(0)} s for ${LOCK} before ${what})`);
  try {
    return await fn();
  } finally {
    const exited = once(holder, 'exit');
    holder.stdin.end();
    await exited;
  }
}
