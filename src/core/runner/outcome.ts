// How a supervised run ended, in the store's terms (status, error in words) and the shell's
// (the exit code `runlens run` hands back: the child's own, or 128 + signal number).
import { signalExitCode, type ChildExit } from './child';

/** Terminal statuses the supervisor itself records (`crashed` is only ever set by readers). */
export type SupervisedStatus = 'finished' | 'failed' | 'stopped';

/** Exit code when the command could not be found (as in POSIX shells). */
export const EXIT_COMMAND_NOT_FOUND = 127;
/** Exit code when the command exists but cannot be executed (as in POSIX shells). */
export const EXIT_CANNOT_EXECUTE = 126;

/** The recorded end of a run plus the exit code for the supervisor's own process. */
export interface RunEnd {
  readonly status: SupervisedStatus;
  readonly error: string | null;
  readonly childExitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** What `runlens run` exits with. */
  readonly exitCode: number;
  /** Set when output.log could not be written to the end (e.g. disk full); the run itself went on. */
  readonly captureError?: string;
  /** Set when the end could not be recorded at all (a full disk the user gave up waiting on). */
  readonly unrecorded?: string;
}

/**
 * Maps a child's end to a run status. A run the user asked to stop is `stopped` however the child
 * reacted (exit 0 after handling SIGINT, or death by the signal); otherwise exit 0 is `finished`
 * and anything else `failed`, with an error that says what happened.
 */
export function describeEnd(argv: readonly string[], exit: ChildExit, stopRequested: boolean): RunEnd {
  const program = argv[0] ?? '';
  if (exit.spawnError) {
    const code = exit.spawnError.code;
    if (code === 'ENOENT') {
      return failed(`command not found: ${program} (check the spelling, or that it is installed and on PATH)`, EXIT_COMMAND_NOT_FOUND);
    }
    if (code === 'EACCES') {
      return failed(`permission denied: ${program} (is it executable? try chmod +x, or run it through its interpreter)`, EXIT_CANNOT_EXECUTE);
    }
    return failed(`could not start ${program}: ${exit.spawnError.message}`, 1);
  }
  const exitCode = exit.code ?? (exit.signal ? signalExitCode(exit.signal) : 1);
  const base = { childExitCode: exit.code, signal: exit.signal, exitCode };
  if (stopRequested) return { ...base, status: 'stopped', error: null };
  if (exit.code === 0) return { ...base, status: 'finished', error: null };
  if (exit.signal) {
    const why = exit.signal === 'SIGKILL'
      ? ' (someone ran kill -9, or the system ran out of memory)'
      : '';
    return { ...base, status: 'failed', error: `killed by ${exit.signal}${why}` };
  }
  return { ...base, status: 'failed', error: `exited with code ${exit.code ?? '?'}` };
}

function failed(error: string, exitCode: number): RunEnd {
  return { status: 'failed', error, childExitCode: null, signal: null, exitCode };
}
