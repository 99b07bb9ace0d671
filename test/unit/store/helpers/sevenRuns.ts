// A small store for the suites that read one: before each test, a fresh temp workspace whose store
// holds seven runs created oldest first, each one shaped by the suite; after each, all of it removed.
import { type RunWriter } from '../../../../src/core/store/writer';
import { type NewRun } from '../../../../src/core/store/manifest';
import { RunStore } from '../../../../src/core/store/store';
import { tempWorkspace } from './util';

/** How many runs the store holds. */
export const RUNS = 7;

/** The current test's workspace folder and its store. */
export interface SmallStore {
  readonly dir: string;
  readonly store: RunStore;
}

/** How a suite shapes its runs. */
export interface SevenRunsOptions {
  /** What run `i` (0 = the oldest) is created with. */
  create(i: number): NewRun;
  /** What then happens to run `i` (finished, its files changed); nothing leaves it running. */
  then?(i: number, writer: RunWriter, store: RunStore): Promise<void>;
  /** Once all are made (a listing, so the index exists). */
  done?(store: RunStore): Promise<void>;
}

/**
 * Registers the suite's beforeEach/afterEach (call it in a `describe`): the returned holder gives
 * the running test's workspace folder and store.
 */
export function useSevenRuns(options: SevenRunsOptions): SmallStore {
  let current: { dir: string; store: RunStore; cleanup(): void } | undefined;
  const now = (): NonNullable<typeof current> => {
    if (!current) throw new Error('the store of seven runs exists only inside a test');
    return current;
  };
  beforeEach(async () => {
    const ws = tempWorkspace();
    current = { ...ws, store: RunStore.open(ws.dir) };
    for (let i = 0; i < RUNS; i++) {
      const writer = await current.store.createRun(options.create(i));
      await options.then?.(i, writer, current.store);
    }
    await options.done?.(current.store);
  });
  afterEach(() => {
    current?.cleanup();
    current = undefined;
  });
  return {
    get dir() { return now().dir; },
    get store() { return now().store; },
  };
}
