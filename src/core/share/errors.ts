// The one error type of sharing runs: a message saying what went wrong and a hint saying what to do.

/** A push or pull that cannot go ahead; `hint` is the next step for the user. */
export class ShareError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'ShareError';
  }
}

/** A pulled run (a teammate's) was asked to change: only its author can, by pushing it again. */
export class PulledRunError extends Error {
  constructor(readonly runId: string, readonly author: string) {
    super(`run ${runId} was pulled from ${author}; it is read-only here (compare or reproduce it instead)`);
    this.name = 'PulledRunError';
  }
}
