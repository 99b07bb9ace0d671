// Where one Runs Table open spends its time: the host's steps (panel created, `ready` received,
// runs listed, snapshot built and posted) and the page's (its PageOpenTimes), all on one epoch clock,
// plus how late the extension host's event loop ran meanwhile; logged as one line in the Runlens log.
import { type PageOpenTimes } from '../../protocol/runsTable';

/** How often the event loop's lateness is sampled while an open is traced. */
const LAG_TICK_MS = 50;
/** A host step says how late the event loop ran since the step before when it was later than this. */
const LAG_SHOWN_MS = 100;

/** The page's steps, in the order the page reaches them, with the words the log uses. */
const PAGE_STEPS: readonly [keyof PageOpenTimes, string][] = [
  ['origin', 'page started'], ['fetched', 'page bundle fetched'], ['script', 'page script ran'], ['ready', 'page posted ready'],
  ['received', 'page received the snapshot'], ['loaded', 'page loaded it'], ['drawn', 'page drew the grid'],
];

/** One open's steps on the host and the page. Dispose it (or call {@link page}) to stop sampling the event loop. */
export class OpenTrace {
  private readonly start: number;
  private readonly steps: { what: string; at: number; lag?: number }[] = [];
  private lagMax = 0;
  /** The worst lateness since the last host step. */
  private lagStep = 0;
  private lagTimer: ReturnType<typeof setInterval> | undefined;
  private expected: number;

  /** Times an open that started at `start` (epoch ms). */
  constructor(start = Date.now(), private readonly now: () => number = Date.now) {
    this.start = start;
    this.expected = now() + LAG_TICK_MS;
    // A timer that fires late says the host's one thread was busy (a `ready` or a post waits as long).
    this.lagTimer = setInterval(() => {
      const t = this.now();
      this.lagMax = Math.max(this.lagMax, t - this.expected);
      this.lagStep = Math.max(this.lagStep, t - this.expected);
      this.expected = t + LAG_TICK_MS;
    }, LAG_TICK_MS);
  }

  /** Records that the host reached `what` now. */
  mark(what: string): void {
    this.steps.push({ what, at: this.now(), lag: this.lagStep });
    this.lagStep = 0;
  }

  /** Adds the page's steps and stops sampling; returns the whole open as one line for the log. */
  page(times: PageOpenTimes): string {
    for (const [key, what] of PAGE_STEPS) if (times[key] > 0) this.steps.push({ what, at: times[key] });
    this.dispose();
    return this.line();
  }

  /** The steps so far, in time order, each in ms from the panel's creation, and the event loop's worst lateness. */
  line(): string {
    const steps = [...this.steps].sort((a, b) => a.at - b.at)
      .map((s) => `${s.what} +${Math.round(s.at - this.start)}${(s.lag ?? 0) > LAG_SHOWN_MS ? ` (the event loop late by ${Math.round(s.lag ?? 0)} before)` : ''}`);
    return `Runs Table open (ms from its command or the panel's restore at ${new Date(this.start).toISOString()}): ${steps.join(', ')}; the extension host's event loop was late by up to ${Math.round(this.lagMax)} ms`;
  }

  dispose(): void {
    if (this.lagTimer) clearInterval(this.lagTimer);
    this.lagTimer = undefined;
  }
}
