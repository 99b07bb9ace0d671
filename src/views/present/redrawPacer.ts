// Paces the redraws of a live view (the Runs tree): batches the rows that changed and fires at a
// steady rate, a whole-view redraw sooner than a rows-only one. Pure timing, no `vscode`.

/** Minimum gaps between two fires, in milliseconds. */
export interface RedrawGaps {
  /** Between any two fires (a whole-view redraw, or a row's first redraw in a while). */
  readonly all: number;
  /** Between two redraws of the same row (a live run's metric). */
  readonly rows: number;
}

/**
 * Collects redraw requests and fires them in batches: `fire(undefined)` for the whole view, or
 * `fire(node)` once for each changed node when only rows changed. A pending whole-view redraw
 * replaces the pending rows, and is never made to wait for the longer rows gap. The rows gap is
 * kept per row: a row redrawn a moment ago waits for it (a click on a row redrawn mid-press is
 * lost), while a row not redrawn lately (a run's first value) only waits for the short gap.
 */
export class RedrawPacer<N> {
  private readonly pending = new Set<N>();
  /** When each recently redrawn row was last fired; older entries are dropped at each flush. */
  private readonly rowFired = new Map<N, number>();
  private allPending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private due = 0;
  private lastFire = -Infinity;

  constructor(private readonly fire: (node: N | undefined) => void, private readonly gaps: RedrawGaps) {}

  /** Asks for a redraw of `node`, or of the whole view when `node` is undefined. */
  schedule(node: N | undefined): void {
    if (node === undefined) this.allPending = true;
    else this.pending.add(node);
    this.arm();
  }

  /** When `node` may be redrawn next. */
  private dueOf(node: N): number {
    return Math.max(this.lastFire + this.gaps.all, (this.rowFired.get(node) ?? -Infinity) + this.gaps.rows);
  }

  private arm(): void {
    let due = Infinity;
    if (this.allPending) due = this.lastFire + this.gaps.all;
    else for (const n of this.pending) due = Math.min(due, this.dueOf(n));
    if (due === Infinity) return;
    if (this.timer && this.due <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.due = due;
    this.timer = setTimeout(() => this.flush(), Math.max(0, due - Date.now()));
  }

  private flush(): void {
    this.timer = undefined;
    const now = Date.now();
    if (this.allPending) {
      this.lastFire = now;
      this.allPending = false;
      this.pending.clear();
      this.fire(undefined);
      return;
    }
    const ready = [...this.pending].filter((n) => this.dueOf(n) <= now);
    for (const [n, t] of this.rowFired) if (t + this.gaps.rows <= now) this.rowFired.delete(n);
    if (ready.length > 0) this.lastFire = now;
    for (const n of ready) {
      this.pending.delete(n);
      this.rowFired.set(n, now);
      this.fire(n);
    }
    this.arm();
  }

  /** Drops whatever is pending; nothing fires after this. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.rowFired.clear();
    this.allPending = false;
  }
}
