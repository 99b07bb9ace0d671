// Keeping the editor's run terminal open after the run: a VS Code terminal whose process exits
// closes at once (taking the output with it) and a quick failure raises a "terminal process
// terminated" error beside Runlens's own notification. Terminals the editor starts set
// RUNLENS_HOLD_TERMINAL=1; the CLI then waits for a key after its last line, like a task does.
import { writeFile } from 'node:fs/promises';
import { paint, type Output } from './output';

/** The environment variable the extension sets on the terminals it starts runs in. */
export const HOLD_ENV = 'RUNLENS_HOLD_TERMINAL';
/**
 * A file the CLI creates once it holds the terminal: the editor then knows the terminal's work is
 * done and may replace it with the next run of the same experiment (extension/run/terminalPool.ts).
 */
export const HOLD_MARKER_ENV = 'RUNLENS_HOLD_MARKER';

/** A request to hold the terminal, and the marker file to create when holding. */
export interface HoldRequest {
  readonly marker: string | null;
}

/**
 * Whether this process was asked to hold its terminal. Removes the variables from the environment
 * so the run's own processes (and a sweep's child runs) never inherit them: call before anything starts.
 */
export function takeHoldRequest(env: NodeJS.ProcessEnv = process.env): HoldRequest | null {
  const asked = env[HOLD_ENV] === '1';
  const marker = env[HOLD_MARKER_ENV] || null;
  delete env[HOLD_ENV];
  delete env[HOLD_MARKER_ENV];
  return asked ? { marker } : null;
}

/**
 * Waits for one key press when stdin is a terminal, then returns the exit code to use: 0, since
 * the outcome was shown (and recorded in the store) and a non-zero code would only add VS Code's
 * own error toast when the terminal closes.
 */
export async function holdTerminal(output: Output, code: number, marker: string | null = null): Promise<number> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return code;
  output.err(paint(output, 'dim', 'runlens: press any key to close this terminal'));
  // Best effort: without the marker the editor only opens a new terminal instead of reusing this one.
  if (marker) await writeFile(marker, String(process.pid)).catch(() => undefined);
  stdin.setRawMode(true);
  stdin.resume();
  await new Promise((resolve) => stdin.once('data', resolve));
  stdin.setRawMode(false);
  stdin.pause();
  return 0;
}
