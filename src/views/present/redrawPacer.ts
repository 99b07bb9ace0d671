// Paces the redraws of a live view (the Runs tree): batches the rows that changed and fires at a
// steady rate, a whole-view redraw sooner than a rows-only one. Pure timing, no `vscode`.

/** Minimum gaps between two fires, in milliseconds. */
export interface RedrawGaps {
  /** Before a redraw of the whole view (rows came, went or moved). */
  readonly all: number;
  /** Before a redraw of changed rows only (a live run's metric). */
  readonly rows: number;
}

/**
 * Collects redraw requests and fires them in batches: `fire(undefined)` for the whole view, or
 * `fire(node)` once for each changed node when only rows changed. A pending whole-view redraw
 * replaces the pending rows, and is never made to wait for the longer rows gap.
 */
export class RedrawPacer<N> {
  private readonly pending = new Set<N>();
  private allPending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private due = 0;
  private lastFire = 0;

  constructor(private readonly fire: (node: N | undefined) => void, private readonly gaps: RedrawGaps) {}

  /** Asks for a redraw of `node`, or of the whole view when `node` is undefined. */
  schedule(node: N | undefined): void {
    if (node === undefined) this.allPending = true;
    else this.pending.add(node);
    const due = this.lastFire + (this.allPending ? this.gaps.all : this.gaps.rows);
    if (this.timer && this.due <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.due = due;
    this.timer = setTimeout(() => this.flush(), Math.max(0, due - Date.now()));
  }

  private flush(): void {
    this.timer = undefined;
    this.lastFire = Date.now();
    const all = this.allPending;
    const nodes = [...this.pending];
    this.allPending = false;
    this.pending.clear();
    if (all) this.fire(undefined);
    else for (const n of nodes) this.fire(n);
  }

  /** Drops whatever is pending; nothing fires after this. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.allPending = false;
  }
}
