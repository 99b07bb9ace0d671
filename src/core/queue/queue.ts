// Queue semantics of a sweep: items start in order, at most `concurrency` at a time, and each one is
// re-checked just before it starts, so an item cancelled while it waited is skipped, never run.

/** What the queue does with its items; everything that touches the store is injected. */
export interface QueueHooks<T> {
  /** At most this many items run at once (values below 1 count as 1). */
  readonly concurrency: number;
  /**
   * Claims an item just before it would start: true to start it, false to skip it (cancelled,
   * removed or taken by someone else). Called once per item, in queue order.
   */
  claim(item: T): Promise<boolean>;
  /** Runs a claimed item to its end; a rejection is recorded and the queue goes on. */
  run(item: T): Promise<void>;
  /** True once the whole queue was asked to stop: items not yet claimed are left alone. */
  stopped?(): boolean;
  /** Told about each item's fate as it happens (for progress lines). */
  onEvent?(event: QueueEvent<T>): void;
}

/** What happened to one item. */
export type QueueEvent<T> =
  | { readonly kind: 'start'; readonly item: T }
  | { readonly kind: 'skip'; readonly item: T }
  | { readonly kind: 'done'; readonly item: T; readonly error?: unknown };

/** How a queue ended: which items ran, were skipped, or were never reached because it stopped. */
export interface QueueResult<T> {
  readonly ran: T[];
  readonly skipped: T[];
  readonly notStarted: T[];
  readonly errors: { item: T; error: unknown }[];
}

/** Runs `items` through `hooks`; resolves when every started item has ended. */
export async function runQueue<T>(items: readonly T[], hooks: QueueHooks<T>): Promise<QueueResult<T>> {
  const limit = Math.max(1, Math.floor(hooks.concurrency) || 1);
  const result: QueueResult<T> = { ran: [], skipped: [], notStarted: [], errors: [] };
  let next = 0;
  // Claims are serialised so items start in queue order even with several workers.
  let claiming: Promise<void> = Promise.resolve();

  const take = async (): Promise<T | undefined> => {
    let picked: T | undefined;
    const turn = claiming.then(async () => {
      while (next < items.length && picked === undefined) {
        if (hooks.stopped?.()) return;
        const item = items[next++] as T;
        let claimed = false;
        try {
          claimed = await hooks.claim(item);
        } catch (error) {
          // An item that cannot be claimed (e.g. an unreadable record) is skipped, not fatal.
          result.errors.push({ item, error });
        }
        if (claimed) picked = item;
        else {
          result.skipped.push(item);
          hooks.onEvent?.({ kind: 'skip', item });
        }
      }
    });
    claiming = turn.catch(() => undefined); // the next claim only waits for this one to settle; its failure reaches the caller through `await turn`
    await turn;
    return picked;
  };

  const worker = async (): Promise<void> => {
    for (let item = await take(); item !== undefined; item = await take()) {
      result.ran.push(item);
      hooks.onEvent?.({ kind: 'start', item });
      try {
        await hooks.run(item);
        hooks.onEvent?.({ kind: 'done', item });
      } catch (error) {
        result.errors.push({ item, error });
        hooks.onEvent?.({ kind: 'done', item, error });
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(limit, Math.max(1, items.length)) }, worker));
  result.notStarted.push(...items.slice(next));
  return result;
}
