// Keeping the editor's run terminal open after the run: a VS Code terminal whose process exits
// closes at once (taking the output with it) and a quick failure raises a "terminal process
// terminated" error beside Runlens's own notification. Terminals the editor starts set
// RUNLENS_HOLD_TERMINAL=1; the CLI then waits for a key after its last line, like a task does.
import { paint, type Output } from './output';

/** The environment variable the extension sets on the terminals it starts runs in. */
export const HOLD_ENV = 'RUNLENS_HOLD_TERMINAL';

/**
 * Whether this process was asked to hold its terminal. Removes the variable from the environment
 * so the run's own processes (and a sweep's child runs) never inherit it: call before anything starts.
 */
export function takeHoldRequest(env: NodeJS.ProcessEnv = process.env): boolean {
  const asked = env[HOLD_ENV] === '1';
  delete env[HOLD_ENV];
  return asked;
}

/**
 * Waits for one key press when stdin is a terminal, then returns the exit code to use: 0, since
 * the outcome was shown (and recorded in the store) and a non-zero code would only add VS Code's
 * own error toast when the terminal closes.
 */
export async function holdTerminal(output: Output, code: number): Promise<number> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return code;
  output.err(paint(output, 'dim', 'runlens: press any key to close this terminal'));
  stdin.setRawMode(true);
  stdin.resume();
  await new Promise((resolve) => stdin.once('data', resolve));
  stdin.setRawMode(false);
  stdin.pause();
  return 0;
}
