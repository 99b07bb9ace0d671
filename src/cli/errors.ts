// The CLI's exit codes and the errors that carry them. Every failure a user can cause maps to one
// documented code (docs/cli.md) and a message that says what to do next.

/** Documented exit codes of `runlens`. `runlens run` exits with the child's own code instead. */
export const ExitCode = {
  ok: 0,
  /** A generic failure, or `runlens run` whose child failed with code 1. */
  failure: 1,
  /** Bad command line: unknown command or option, missing or malformed argument. */
  usage: 2,
  /** The run, experiment or workspace named does not exist. */
  notFound: 3,
  /** runlens.yaml has problems. */
  configInvalid: 4,
  /** The run cannot be acted on in its state (e.g. `stop` of a finished run or a run on another host). */
  conflict: 5,
  /** `runlens run`: a dataset the experiment declares does not exist (nothing was started). */
  dataMissing: 6,
  /** `runlens reproduce`: the reproduction's metrics or outputs differ from the original's. */
  diverged: 7,
  /** `runlens status`: some current result is stale (its data or an upstream run changed). */
  stale: 8,
  /** `runlens drift` / `runlens monitor`: the data shifted (docs/data-shift.md). */
  shifted: 9,
  /** `runlens run`: the command exists but cannot be executed (permission denied). */
  cannotExecute: 126,
  /** `runlens run`: the command was not found. */
  commandNotFound: 127,
} as const;

/** An error the CLI reports as `runlens: error: <message>` plus a hint, then exits with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
    /** What the user can do about it, printed on its own line. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad command line (exit 2); the hint names the help to read. */
export class UsageError extends CliError {
  constructor(message: string, helpCommand?: string) {
    super(message, ExitCode.usage, helpCommand ? `see: runlens ${helpCommand}` : 'see: runlens --help');
    this.name = 'UsageError';
  }
}

/** Something named on the command line does not exist (exit 3). */
export class NotFoundError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.notFound, hint);
    this.name = 'NotFoundError';
  }
}
