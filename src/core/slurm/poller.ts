// Polls Slurm as sparingly as cluster operators ask: at most one `squeue` per interval (30 s) for
// all of a store's jobs, one more when the user acts (opens the view, presses Refresh), and none
// at all while no Slurm job is active. Front ends (the extension, `runlens slurm status`) share it.
import { type RunStore } from '../store/store';
import { errorMessage } from '../errors';
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
  private inFlight: Promise<ReconcileResult | undefined> | undefined;
  private disposed = false;
  private readonly intervalMs: number;

  constructor(private readonly store: RunStore, readonly slurm: SlurmCommands, private readonly options: PollerOptions = {}) {
    this.intervalMs = options.intervalMs ?? POLL_INTERVAL_MS;
  }

  /**
   * Polls now (the user acted, or a submission was made) unless a poll is under way, in which
   * case its result is shared. Schedules the next poll only when jobs are still active.
   */
  poke(): Promise<ReconcileResult | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    this.inFlight ??= this.pollOnce().finally(() => { this.inFlight = undefined; });
    return this.inFlight;
  }

  private async pollOnce(): Promise<ReconcileResult | undefined> {
    clearTimeout(this.timer);
    this.timer = undefined;
    let result: ReconcileResult | undefined;
    try {
      result = await reconcile(this.store, this.slurm, (m) => this.options.onProblem?.(m));
      this.options.onResult?.(result);
    } catch (e) {
      this.options.onProblem?.(`Slurm: ${errorMessage(e)}`);
    }
    // After a failed poll (squeue unreachable a moment) the next one is tried at the usual pace.
    if (!this.disposed && (result === undefined || result.active > 0)) {
      this.timer = setTimeout(() => void this.poke(), this.intervalMs);
      this.timer.unref?.();
    }
    return result;
  }

  /** True while a next poll is scheduled (some Slurm job of the store was active at the last look). */
  get scheduled(): boolean {
    return this.timer !== undefined || this.inFlight !== undefined;
  }

  /** Stops polling. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }
}
