// Row selection of the Runs Table, by run id so it survives a new order or a live update: click
// selects one, Ctrl/Cmd toggles, Shift extends from the anchor (in display order); plus the active
// cell that keyboard navigation moves and that carries the visible focus.

/** The selected runs and the active cell. */
export class Selection {
  /** Selected run ids, in the order they were selected. */
  ids: string[] = [];
  /** The row (display position) a Shift range starts from. */
  private anchor = 0;
  /** The active cell: display row and display column. */
  row = 0;
  col = 0;

  /** Whether the run is selected. */
  has(id: string): boolean {
    return this.ids.includes(id);
  }

  /**
   * Applies a click (or a keyboard move with `extend`) on display row `row`: `idAt` maps display
   * rows to run ids. Returns true when the selection changed.
   */
  click(row: number, idAt: (row: number) => string | undefined, mods: { toggle: boolean; extend: boolean }): boolean {
    const before = this.ids.join();
    const id = idAt(row);
    if (id === undefined) return false;
    if (mods.extend) {
      const [from, to] = this.anchor <= row ? [this.anchor, row] : [row, this.anchor];
      const range: string[] = [];
      for (let r = from; r <= to; r++) {
        const rid = idAt(r);
        if (rid !== undefined) range.push(rid);
      }
      this.ids = mods.toggle ? [...new Set([...this.ids, ...range])] : range;
    } else if (mods.toggle) {
      this.ids = this.has(id) ? this.ids.filter((x) => x !== id) : [...this.ids, id];
      this.anchor = row;
    } else {
      this.ids = [id];
      this.anchor = row;
    }
    this.row = row;
    return this.ids.join() !== before;
  }

  /** Selects every shown row. */
  all(count: number, idAt: (row: number) => string | undefined): void {
    this.ids = [];
    for (let r = 0; r < count; r++) {
      const id = idAt(r);
      if (id !== undefined) this.ids.push(id);
    }
  }

  /** Drops runs that no longer exist; true when any was selected. */
  retain(exists: (id: string) => boolean): boolean {
    const kept = this.ids.filter(exists);
    const changed = kept.length !== this.ids.length;
    this.ids = kept;
    return changed;
  }
}
