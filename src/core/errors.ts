// One way to turn anything thrown into a message, and one way to do work whose failure is not the
// caller's failure ("best effort") without hiding it: the failure goes to a sink the front end owns
// (the extension's output channel, the CLI's stderr under RUNLENS_DEBUG, the server's console).

/** Receives a failure that was tolerated: `what` says what was being attempted, `message` why it failed. */
export type ErrorSink = (what: string, message: string) => void;

/** A sink that drops everything: for callers that have nowhere to report (tests, one-shot helpers). */
export const ignoreErrors: ErrorSink = () => undefined;

/** The message of anything thrown: an Error's message, a string as is, anything else as JSON or text. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (typeof e === 'object' && e !== null) {
    try {
      return JSON.stringify(e);
    } catch {
      return Object.prototype.toString.call(e); // circular or a throwing toJSON: say what it was
    }
  }
  return typeof e === 'function' ? `function ${e.name}` : String(e);
}

/**
 * Runs `work` (a promise or a function returning one), reporting a failure to `sink` instead of
 * throwing it; resolves to `fallback` in that case. For work whose failure changes nothing the
 * user relies on (a cache not saved, a temp file not removed); a failure that changes what a run
 * records belongs in the run's warnings instead.
 */
export async function bestEffort<T, F = undefined>(
  what: string, work: Promise<T> | (() => Promise<T>), sink: ErrorSink, fallback?: F,
): Promise<T | F> {
  try {
    return await (typeof work === 'function' ? work() : work);
  } catch (e) {
    sink(what, errorMessage(e));
    return fallback as F;
  }
}

/** {@link bestEffort} for synchronous work. */
export function bestEffortSync<T, F = undefined>(what: string, work: () => T, sink: ErrorSink, fallback?: F): T | F {
  try {
    return work();
  } catch (e) {
    sink(what, errorMessage(e));
    return fallback as F;
  }
}

/**
 * The CLI's sink: silent unless RUNLENS_DEBUG is set (the CLI's stdout and stderr are the user's
 * and scripts' to read), then one line per failure on stderr.
 */
export function debugSink(write: (line: string) => void, env: NodeJS.ProcessEnv = process.env): ErrorSink {
  return (what, message) => {
    if (env.RUNLENS_DEBUG) write(`runlens: debug: could not ${what}: ${message}`);
  };
}
