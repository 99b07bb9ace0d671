// Listing a whole store on the extension host without holding its one thread: the index is read a
// chunk of runs at a time, and the event loop runs what waits (a tree request, a heartbeat) between.
import { type RunStore } from '../../core/store/store';
import { type RunSummary } from '../../core/store/summary';

/** Summaries read from the index between two turns of the event loop. */
const LISTED_PER_TURN = 2000;

/**
 * Lets the event loop run what waits (a tree request, a heartbeat): a long read awaits this between
 * chunks, because awaits on reads that hit memory alone never let it run, and an extension host
 * that does not answer for 3 s is reported unresponsive.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Every run's summary from the store's index, newest first, letting the event loop run every few
 * thousand; `each` is given each summary as it is read (the held runs share its parts then).
 */
export function listInChunks(store: RunStore, each: (run: RunSummary) => RunSummary = (r) => r): Promise<RunSummary[]> {
  return store.withListing(async (listing) => {
    const out: RunSummary[] = [];
    for (let i = 0; i < listing.size; i++) {
      const r = await listing.get(i);
      if (r) out.push(each(r));
      if (i % LISTED_PER_TURN === LISTED_PER_TURN - 1) await yieldToEventLoop();
    }
    return out;
  });
}
