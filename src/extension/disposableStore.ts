// A set of disposables released together (VS Code's own DisposableStore, which the API does not
// export): what a view, panel or feature subscribes to is added as it is made and disposed once.
// No `vscode` import: anything with a dispose() fits, so unit tests use it without the editor.

/** Anything that can be released: a vscode.Disposable, an event subscription, a watcher. */
export interface DisposableLike {
  dispose(): unknown;
}

/**
 * Owns disposables and disposes them together, newest first (something added later may depend on
 * something added before it). Adding to a disposed store disposes the newcomer at once, so a
 * subscription made after the owner went away does not leak. One that throws while being disposed
 * does not stop the others; the first error is rethrown after all ran.
 */
export class DisposableStore implements DisposableLike {
  private items: DisposableLike[] = [];
  private disposed = false;

  /** True once {@link dispose} ran. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Adds `d` and returns it, so a field can be initialised and owned in one expression. */
  add<T extends DisposableLike>(d: T): T {
    if (this.disposed) d.dispose();
    else this.items.push(d);
    return d;
  }

  /** Adds each of `ds`. */
  addAll(...ds: DisposableLike[]): void {
    for (const d of ds) this.add(d);
  }

  /** Disposes everything held now and keeps the store usable (for owners that re-subscribe). */
  clear(): void {
    const items = this.items.splice(0).reverse();
    let first: { error: unknown } | undefined;
    for (const d of items) {
      try {
        d.dispose();
      } catch (e) {
        first ??= { error: e };
      }
    }
    if (first) throw first.error;
  }

  /** Disposes everything and anything added later. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}
