// Fast path for stdout metric capture when an experiment has no regex patterns: then only lines
// starting with the `@runlens` marker can be metric lines, so a byte search (memchr speed) picks
// them out and only those reach the line parser. Keeps pass-through near `tee` speed on output
// made of millions of short lines.
import { type MetricRecord } from '../metrics/record';
import { STDOUT_MARKER, type StdoutMetricParser } from '../metrics/stdout';

const MARKER = Buffer.from(STDOUT_MARKER, 'latin1');
const LF = 0x0a;
const CR = 0x0d;

function isTerminator(b: number | undefined): boolean {
  return b === LF || b === CR;
}

/**
 * Finds line terminators in one chunk. Remembers the next LF and CR seen, so a chunk full of
 * marker lines is scanned once, not once per line.
 */
function terminatorFinder(buf: Buffer): (from: number) => number {
  let lf = -2;
  let cr = -2;
  return (from) => {
    if (lf !== -1 && lf < from) lf = buf.indexOf(LF, from);
    if (cr !== -1 && cr < from) cr = buf.indexOf(CR, from);
    return lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
  };
}

/**
 * Start of a last line shorter than the marker (which the marker search cannot see whole), or -1.
 * Looks only at the chunk's last bytes: a longer last line would have been found by the search.
 */
function shortTailStart(buf: Buffer): number {
  for (let i = buf.length - 1; i >= 0 && i >= buf.length - MARKER.length; i--) {
    if (isTerminator(buf[i])) return i + 1;
  }
  return buf.length < MARKER.length ? 0 : -1;
}

/**
 * Wraps a parser built without patterns so it only sees lines that may start with the marker.
 * The wrapped parser gets each candidate line whole, terminator included, so its results, bad-line
 * counts and line-length limits are exactly what it would report on the full stream.
 */
export function markerLinesOnly(parser: StdoutMetricParser): StdoutMetricParser {
  /** The parser holds an unterminated line: feed it everything up to the next terminator. */
  let partial = false;
  /** The chunk about to arrive starts a new line (stream start, or last chunk ended a line). */
  let atLineStart = true;

  const push = (chunk: Buffer): MetricRecord[] => {
    const out: MetricRecord[] = [];
    const feed = (segment: Buffer): void => {
      for (const r of parser.push(segment)) out.push(r);
    };
    const nextTerminator = terminatorFinder(chunk);
    let pos = 0;
    if (partial) {
      const end = nextTerminator(0);
      if (end === -1) {
        feed(chunk);
        return out;
      }
      feed(chunk.subarray(0, end + 1));
      partial = false;
      pos = end + 1;
    }
    for (;;) {
      const idx = chunk.indexOf(MARKER, pos);
      if (idx === -1) break;
      const lineStart = idx === 0 ? atLineStart : isTerminator(chunk[idx - 1]);
      if (!lineStart) {
        pos = idx + 1;
        continue;
      }
      const end = nextTerminator(idx);
      if (end === -1) {
        feed(chunk.subarray(idx));
        partial = true;
        atLineStart = false;
        return out;
      }
      feed(chunk.subarray(idx, end + 1));
      pos = end + 1;
    }
    // The chunk may end inside a marker ("...\n@run" + "lens {...}"): hand the parser that start.
    const short = shortTailStart(chunk);
    if (short >= 0) {
      const tailStart = Math.max(short, pos);
      const tail = chunk.subarray(tailStart);
      const tailAtLineStart = tailStart === 0 ? atLineStart : isTerminator(chunk[tailStart - 1]);
      if (tail.length > 0 && tailAtLineStart && MARKER.subarray(0, tail.length).equals(tail)) {
        feed(tail);
        partial = true;
      }
    }
    atLineStart = chunk.length === 0 ? atLineStart : isTerminator(chunk[chunk.length - 1]);
    return out;
  };

  return {
    push,
    flush: () => parser.flush(),
    get badLines() {
      return parser.badLines;
    },
    get lastError() {
      return parser.lastError;
    },
  };
}
