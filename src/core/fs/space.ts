// A full disk (or quota) is a fault to wait out, not a reason to lose a run: recognising it, and
// retrying a write until space is back (the supervisor records a run's end this way).

/** True for errors meaning the disk or the user's quota is full (ENOSPC, EDQUOT). */
export function isNoSpace(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** Options of {@link retryUntilSpace}. */
export interface SpaceWait {
  /** Called once, before the first wait, with the error that started it. */
  readonly onWait?: (e: Error) => void;
  /** Stops waiting: the last error is thrown. */
  readonly signal?: AbortSignal;
  /** Pause between tries (default 500 ms): space comes back when the user frees some, not on a schedule. */
  readonly intervalMs?: number;
}

/**
 * Runs `task` until it succeeds or fails with anything but a full disk (thrown). While it fails
 * for want of space it is retried every `intervalMs`, until `signal` aborts.
 */
export async function retryUntilSpace<T>(task: () => Promise<T>, wait: SpaceWait = {}): Promise<T> {
  let told = false;
  for (;;) {
    try {
      return await task();
    } catch (e) {
      if (!isNoSpace(e) || wait.signal?.aborted) throw e;
      if (!told) wait.onWait?.(e as Error);
      told = true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait.intervalMs ?? 500);
        function done(): void {
          clearTimeout(timer);
          wait.signal?.removeEventListener('abort', done);
          resolve();
        }
        wait.signal?.addEventListener('abort', done);
      });
    }
  }
}
