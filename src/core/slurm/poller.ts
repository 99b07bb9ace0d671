// Polls Slurm as sparingly as cluster operators ask: at most one `squeue` per interval (30 s) for
// all of a store's jobs, one more when the user acts (opens the view, presses Refresh), and none
// at all while no Slurm job is active. Front ends (the extension, `runlens slurm status`) share it.
import { type RunStore } from '../store/store';
import { errorMessage } from '../errors';
import { SerialPass } from '../serialPass';
import { type SlurmCommands } from './commands';
import { reconcile, type ReconcileResult } from './reconcile';

/** The shortest time between two scheduled polls. */
export const POLL_INTERVAL_MS = 30_000;

/** Options of {@link SlurmPoller}. */
export interface PollerOptions {
  readonly intervalMs?: number;
  /** Told each result (e.g. to redraw rows). */
  readonly onResult?: (result: ReconcileResult) => void;
  readonly onProblem?: (message: string) => void;
}

/** Keeps a store's Slurm runs up to date while any is active. */
export class SlurmPoller {
  private timer: NodeJS.Timeout | undefined;
  // A poke during a poll waits for one more poll after it: the running one may have read the store
  // and asked squeue before the user's action (a Stop, a submission), so it cannot answer for it.
  private readonly polls = new SerialPass(() => this.pollOnce());
  private polling = false;
  /** The store changed during a poll that may have read it before: look again if that poll ends the polling. */
  private nudged = false;
  private disposed = false;
  private readonly intervalMs: number;

  constructor(private readonly store: RunStore, readonly slurm: SlurmCommands, private readonly options: PollerOptions = {}) {
    this.intervalMs = options.intervalMs ?? POLL_INTERVAL_MS;
  }

  /**
   * Polls now (the user acted, or a submission was made) and settles with a look that began after
   * this call: pokes made during a poll share one more poll after it. Schedules the next poll only
   * when jobs are still active.
   */
  poke(): Promise<ReconcileResult | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    return this.polls.run();
  }

  /**
   * The store's runs changed (a submission from a terminal may have added Slurm's): one look unless
   * polling goes on anyway. During a poll, one more look only if that poll finds nothing active: a
   * poll that keeps the polling going covers the change at the next tick, within the budget.
   */
  nudge(): void {
    if (this.disposed || this.timer !== undefined) return;
    if (this.polling) this.nudged = true;
    else void this.poke();
  }

  private async pollOnce(): Promise<ReconcileResult | undefined> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed) return undefined;
    this.polling = true;
    this.nudged = false;
    let result: ReconcileResult | undefined;
    try {
      result = await reconcile(this.store, this.slurm, (m) => this.options.onProblem?.(m));
      this.options.onResult?.(result);
    } catch (e) {
      this.options.onProblem?.(`Slurm: ${errorMessage(e)}`);
    } finally {
      this.polling = false;
    }
    if (this.disposed) return result;
    // After a failed poll (squeue unreachable a moment) the next one is tried at the usual pace.
    if (result === undefined || result.active > 0) {
      this.timer = setTimeout(() => void this.poke(), this.intervalMs);
      this.timer.unref?.();
    } else if (this.nudged) {
      void this.poke(); // this poll may have listed the submissions before the change: it ends nothing
    }
    return result;
  }

  /** Stops polling. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
