// The machine-wide VS Code lock, held from inside a bench for only the part that starts VS Code:
// generating or deleting a store of 100,000 runs takes minutes and must not keep others' tests
// waiting. A child `flock` holds the lock while it lives; closing its stdin releases it.
import { spawn } from 'node:child_process';

/** The lock every run of VS Code on this machine takes (the same file as the test runners' `flock`). */
export const VSCODE_LOCK = process.env.RUNLENS_VSCODE_LOCK ?? '/tmp/runlens-vscode.lock';

/**
 * Runs `work` holding the VS Code lock: waits for it (printing how long), runs `work`, releases it,
 * whether `work` succeeded or not. Set RUNLENS_VSCODE_LOCK=none when the caller already holds it.
 */
export async function withVsCodeLock<T>(what: string, work: () => Promise<T>): Promise<T> {
  if (VSCODE_LOCK === 'none') return work();
  const asked = Date.now();
  // `flock LOCK cat`: cat echoes one line once flock has the lock and then waits on its stdin, so
  // the lock lives exactly as long as the pipe stays open (and dies with this process).
  const holder = spawn('flock', [VSCODE_LOCK, 'cat'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => {
    holder.once('exit', () => resolve());
    holder.once('error', () => resolve());
  });
  try {
    await new Promise<void>((resolve, reject) => {
      holder.once('error', reject);
      holder.once('exit', (code) => reject(new Error(`flock ${VSCODE_LOCK} ended (exit ${String(code)}) before taking the lock`)));
      holder.stdout.once('data', () => resolve());
      holder.stdin.write('locked\n');
    });
    console.log(`  ${what}: took the VS Code lock after ${((Date.now() - asked) / 1000).toFixed(0)} s`);
    return await work();
  } finally {
    holder.stdin.end();
    await exited;
  }
}
