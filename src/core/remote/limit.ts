// Bounded concurrency for transfers: at most `limit` items in flight, stopping at the first failure
// or when the signal aborts (what is in flight finishes or fails on its own signal).

/** Calls `work` on every item with at most `limit` calls pending; rejects with the first error. */
export async function forEachLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  let failed: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (failed === null && next < items.length) {
      if (signal?.aborted) throw signal.reason;
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (e) {
        failed ??= { error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failed !== null) throw (failed as { error: unknown }).error;
}
