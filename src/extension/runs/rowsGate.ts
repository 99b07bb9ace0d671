// When work over a folder's whole store (the lineage records behind the Datasets view and the stale
// marks) may start: after the Runs view drew that folder's first rows, so a person opening the view
// never waits behind a read of every manifest on the extension host's one thread.

/** One folder's gate, opened by the Runs view drawing its rows (or not being on screen). */
export class RowsGate {
  private isDrawn = false;
  private release: () => void = () => undefined;
  /** Resolves once the Runs view has drawn this folder's first rows: stale marks can be seen from then on. */
  readonly drawn: Promise<void> = new Promise((resolve) => { this.release = resolve; });
  /** Waiting for rows of a view now on screen, released with the rows or when it goes out of sight. */
  private readonly waiting: (() => void)[] = [];

  /** `visible` says whether the Runs view is on screen now. */
  constructor(private readonly visible: () => boolean) {}

  /** Whether the Runs view has drawn this folder's rows at least once. */
  get wasDrawn(): boolean {
    return this.isDrawn;
  }

  /** The Runs view gave VS Code this folder's first rows (or found it has none). */
  markDrawn(): void {
    if (this.isDrawn) return;
    this.isDrawn = true;
    this.release();
    this.flush();
  }

  /** The Runs view went out of sight: nothing waits for rows it will not draw now. */
  viewHidden(): void {
    this.flush();
  }

  /**
   * Resolves when whole-store work may start: at once when the rows were drawn or the Runs view is
   * not on screen (nobody waits for it), else once the view draws them or goes out of sight.
   */
  open(): Promise<void> {
    if (this.isDrawn || !this.visible()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private flush(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
