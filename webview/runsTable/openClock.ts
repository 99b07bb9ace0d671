// The page's side of an open's trace: when it started, fetched and ran its bundle, said `ready`,
// received and loaded the first snapshot and drew it, as epoch ms (the host logs them with its own).
import { type PageOpenTimes } from '../../src/protocol/runsTable';

type Step = Exclude<keyof PageOpenTimes, 'origin' | 'fetched'>;

/** Epoch ms now on the page's clock (comparable with the host's Date.now() on the same machine). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The steps of the page's first open; {@link OpenClock.times} once all are marked. */
export class OpenClock {
  private readonly marks: Partial<Record<Step, number>> = {};

  constructor() {
    this.marks.script = epochNow();
  }

  /** Marks `step` now, or at `at` (epoch ms), unless it was marked already. */
  mark(step: Step, at = epochNow()): void {
    this.marks[step] ??= at;
  }

  /** Every step's time, or undefined while one is missing. */
  times(): PageOpenTimes | undefined {
    const { script, ready, received, loaded, drawn } = this.marks;
    if (script === undefined || ready === undefined || received === undefined || loaded === undefined || drawn === undefined) return undefined;
    return { origin: performance.timeOrigin, fetched: fetchedAt(), script, ready, received, loaded, drawn };
  }
}

/** When the page's own bundle finished downloading (resource timing), or 0 when the browser has no entry. */
function fetchedAt(): number {
  const entry = performance.getEntriesByType('resource').find((e) => /\/runsTable\.js(\?|$)/.test(e.name));
  return entry ? performance.timeOrigin + (entry as PerformanceResourceTiming).responseEnd : 0;
}
