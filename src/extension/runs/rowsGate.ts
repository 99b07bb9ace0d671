// When work over a folder's whole store may start: after the Runs view drew that folder's first rows,
// so a person opening the view never waits behind it on the extension host's one thread. Two kinds
// wait: the whole listing (the status bar, run-end notices, the view's own "Show more…" counts) and,
// after it, the lineage records behind the Datasets view and the stale marks.

/**
 * Groups whose rows were not asked for within this time (after the groups, or the last page drawn)
 * are taken as drawn collapsed: what waits for rows goes ahead (a collapsed group shows no row).
 */
const COLLAPSED_GRACE_MS = 1000;

/**
 * How long after a folder's runs are opened the Runs view counts as maybe on screen: the extension
 * activates before VS Code reports its views visible, and a view about to show its rows must not
 * find the whole store being listed (measured at 100,000 runs: the listing and the watcher's index
 * scan, started at activation, held the newest runs' read back by seconds).
 */
const STARTUP_MS = 2000;

/** One folder's gate, opened by the Runs view drawing its rows (or not being on screen). */
export class RowsGate {
  private isDrawn = false;
  /** The view draws this folder from its whole listing (its newest runs alone would not do). */
  private listingNeeded = false;
  private release: () => void = () => undefined;
  /** Resolves once the Runs view has drawn this folder's first rows: stale marks can be seen from then on. */
  readonly drawn: Promise<void> = new Promise((resolve) => { this.release = resolve; });
  /** Waiting for rows of a view now on screen, released with the rows or when it goes out of sight. */
  private readonly waiting: (() => void)[] = [];
  /** Waiting to list every run: released with the rows, out of sight, or when the view needs the listing. */
  private readonly listing: (() => void)[] = [];
  private grace: ReturnType<typeof setTimeout> | undefined;
  /** Pages of the groups last drawn not drawn yet (undefined: no groups, the rows are one page). */
  private pagesToCome: number | undefined;
  /** Within {@link STARTUP_MS} of opening: a view not on screen yet may be about to be. */
  private starting: ReturnType<typeof setTimeout> | undefined;
  private readonly graceMs: number;

  /**
   * `visible` says whether the Runs view is on screen now; `startupMs` and `graceMs` override
   * {@link STARTUP_MS} (0: none) and {@link COLLAPSED_GRACE_MS} (tests).
   */
  constructor(private readonly visible: () => boolean, { startupMs = STARTUP_MS, graceMs = COLLAPSED_GRACE_MS } = {}) {
    this.graceMs = graceMs;
    if (startupMs > 0) {
      this.starting = setTimeout(() => {
        this.starting = undefined;
        if (!this.visible()) this.flush();
      }, startupMs);
    }
  }

  /** Whether the Runs view has drawn this folder's rows at least once. */
  get wasDrawn(): boolean {
    return this.isDrawn;
  }

  /** The Runs view gave VS Code this folder's first rows (or found it has none). */
  markDrawn(): void {
    if (this.grace) clearTimeout(this.grace);
    this.grace = undefined;
    if (this.isDrawn) return;
    this.isDrawn = true;
    this.release();
    this.flush();
  }

  /**
   * The Runs view gave VS Code this folder's `count` groups: the rows are drawn once each group's
   * page is (VS Code shows an expanded tree's rows when all its expanded groups have theirs), or
   * after a short grace for groups a person collapsed (VS Code asks for no rows of those).
   */
  markGroupsDrawn(count: number): void {
    if (this.isDrawn) return;
    this.pagesToCome = count;
    if (count === 0) this.markDrawn();
    else this.startGrace();
  }

  /** The Runs view gave VS Code the rows of one group's page (or of the only page, not grouping). */
  markPageDrawn(): void {
    if (this.isDrawn) return;
    if (this.pagesToCome === undefined || --this.pagesToCome <= 0) this.markDrawn();
    else this.startGrace();
  }

  /** The Runs view went out of sight: nothing waits for rows it will not draw now. */
  viewHidden(): void {
    this.flush();
  }

  /** The Runs view draws this folder from the whole listing: the listing starts now. */
  needListing(): void {
    this.listingNeeded = true;
    for (const resolve of this.listing.splice(0)) resolve();
  }

  /**
   * Resolves when whole-store work may start: at once when the rows were drawn or the Runs view is
   * not on screen (nobody waits for it; from {@link STARTUP_MS} after opening), else once the view
   * draws them or goes out of sight.
   */
  open(): Promise<void> {
    if (this.isDrawn || this.outOfSight()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Resolves when every run may be listed: as {@link open}, or as soon as the view needs the listing to draw. */
  listingMayStart(): Promise<void> {
    if (this.isDrawn || this.listingNeeded || this.outOfSight()) return Promise.resolve();
    return new Promise((resolve) => this.listing.push(resolve));
  }

  /** Stops the timers (the folder is let go). */
  dispose(): void {
    if (this.grace) clearTimeout(this.grace);
    if (this.starting) clearTimeout(this.starting);
  }

  /** The view is not on screen, and past the start, when VS Code may not have said so yet. */
  private outOfSight(): boolean {
    return this.starting === undefined && !this.visible();
  }

  private startGrace(): void {
    if (this.grace) clearTimeout(this.grace);
    this.grace = setTimeout(() => this.markDrawn(), this.graceMs);
  }

  private flush(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
    for (const resolve of this.listing.splice(0)) resolve();
  }
}
