// One piece of work done again and again, never twice at once (a view re-reading what it shows, the
// Slurm poller asking squeue). A caller that asks while a pass runs waits for the next pass, which
// starts after the running one: the running pass may have read the state before the caller's change.

/** Runs `pass` one at a time; calls made while it runs share one more pass after it. */
export class SerialPass<T = void> {
  private running: Promise<T> | undefined;
  private queued: Promise<T> | undefined;

  constructor(private readonly pass: () => Promise<T>) {}

  /** Settles with the outcome of a pass that began after this call (rejects with that pass's error). */
  run(): Promise<T> {
    if (!this.running) {
      this.running = this.pass().finally(() => { this.running = undefined; });
      return this.running;
    }
    // The running pass's outcome belongs to its own callers; the queued pass runs either way.
    this.queued ??= this.running.then(() => undefined, () => undefined).then(() => {
      this.queued = undefined;
      return this.run();
    });
    return this.queued;
  }
}
