// Metric capture from a run's output stream: finds `@runlens {...}` record lines and lines matching
// the experiment's opt-in regex patterns in raw byte chunks. Sits on the supervisor's pass-through
// path, so lines that cannot be metric lines are skipped without being decoded.
import { type MetricRecord, isBadLine, parseMetricRecord } from './record';
import { type MetricPattern, applyMatch, compilePattern } from './patterns';
import { PATTERN_BUDGET_MS, PatternMatcher } from './patternWorker';

/** Incremental parser over one output stream (stdout or stderr; use one parser per stream). */
export interface StdoutMetricParser {
  /** Feeds the next chunk as read from the pipe; returns the records completed by it. */
  push(chunk: Buffer): MetricRecord[];
  /** Ends the stream: parses a last line that had no line terminator. */
  flush(): MetricRecord[];
  /** Lines that looked like metric lines but could not be parsed. */
  readonly badLines: number;
  /** The reason the most recent bad line was rejected, for the run's diagnostics. */
  readonly lastError: string | undefined;
}

/** Options mostly for tests; the defaults suit real runs. */
export interface StdoutParserOptions {
  /** Longest line parsed, in bytes; longer lines are skipped without being buffered whole. */
  readonly maxLineBytes?: number;
  /** Time one pattern may take on one line before it is disabled (default 1 s). */
  readonly patternBudgetMs?: number;
  /** Told when a pattern is disabled (it blew its time budget), in words naming it. */
  readonly onWarning?: (message: string) => void;
}

/** A parsed record, or the text of a line waiting for the patterns (matched per chunk, in order). */
type Slot = MetricRecord | string;

/** The marker that starts a JSON record line on stdout: `@runlens {"step":3,"metrics":{...}}`. */
export const STDOUT_MARKER = '@runlens';
const MARKER = Buffer.from(STDOUT_MARKER, 'latin1');
const DEFAULT_MAX_LINE = 1024 * 1024;
const LF = 0x0a;
const CR = 0x0d;
// CSI and OSC escape sequences: coloured logs (rich, tqdm, loguru) still match the user's regex.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** True when `line` starts with the marker followed by a space or tab. */
function hasMarker(line: Buffer): boolean {
  if (line.length <= MARKER.length || line.compare(MARKER, 0, MARKER.length, 0, MARKER.length) !== 0) return false;
  const next = line[MARKER.length];
  return next === 0x20 || next === 0x09;
}

/**
 * Creates a parser for one stream. `now` gives the wall-clock time (ms) stamped on records that
 * carry no `t` of their own. Lines end at LF, CRLF or a lone CR (progress bars redraw with CR).
 */
export function createStdoutParser(
  patterns: readonly MetricPattern[],
  now: () => number = Date.now,
  options: StdoutParserOptions = {},
): StdoutMetricParser {
  const compiled = patterns.map(compilePattern);
  const budget = options.patternBudgetMs ?? PATTERN_BUDGET_MS;
  const matcher = compiled.length === 0 ? null : new PatternMatcher(compiled.map((p) => p.re), (i) => {
    const source = compiled[i]?.source;
    options.onWarning?.(`metric pattern ${JSON.stringify(source?.regex ?? source?.keyvalue)} took more than ${budget} ms on one line ` +
      'and is disabled for the rest of the run (nested quantifiers such as (a+)+ can take exponential time)');
  }, budget);
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** Set while skipping the rest of an over-long line. */
  let skipping = false;
  let badLines = 0;
  let lastError: string | undefined;

  const bad = (error: string): void => {
    badLines++;
    lastError = error;
  };

  const parseLine = (line: Buffer, out: Slot[]): void => {
    if (hasMarker(line)) {
      const text = decoder.decode(line.subarray(MARKER.length + 1));
      const r = parseMetricRecord(text.trim(), now());
      if (isBadLine(r)) bad(r.error);
      else out.push(r);
      return;
    }
    if (compiled.length === 0 || line.length === 0) return;
    let text = decoder.decode(line);
    if (text.includes('\x1b')) text = text.replace(ANSI, '');
    out.push(text);
  };

  /** Matches the waiting lines (one worker call per chunk) and returns the records in line order. */
  const resolve = (slots: Slot[]): MetricRecord[] => {
    const texts = slots.filter((x): x is string => typeof x === 'string');
    if (texts.length === 0 || !matcher) return slots as MetricRecord[];
    const matches = matcher.match(texts);
    const out: MetricRecord[] = [];
    let k = 0;
    for (const slot of slots) {
      if (typeof slot !== 'string') {
        out.push(slot);
        continue;
      }
      for (const m of matches[k++] ?? []) {
        const p = compiled[m.pattern];
        if (!p) continue;
        const r = applyMatch(p, slot, m);
        if (r.kind === 'none') continue;
        if (r.kind === 'bad') bad(`pattern ${JSON.stringify(p.source.regex ?? p.source.keyvalue)}: ${r.error}`);
        else out.push({ time: now(), step: r.step, values: r.values });
        break; // the first pattern that matches a line owns it
      }
    }
    return out;
  };

  /** Handles the bytes of one line segment; `complete` when a terminator ended it. */
  const addSegment = (segment: Buffer, complete: boolean, out: Slot[]): void => {
    if (skipping) {
      skipping = !complete;
      return;
    }
    if (pendingBytes + segment.length > maxLine) {
      const head = pendingBytes > 0 ? Buffer.concat([...pending, segment.subarray(0, MARKER.length + 1)]) : segment;
      // Only a marker line was meant as a metric line; any other long line is ordinary output.
      if (hasMarker(head)) bad(`line longer than ${maxLine} bytes`);
      pending = [];
      pendingBytes = 0;
      skipping = !complete;
      return;
    }
    if (!complete) {
      // Copy: the chunk may be a slice of a larger pooled buffer that must not be kept alive.
      pending.push(Buffer.from(segment));
      pendingBytes += segment.length;
      return;
    }
    const line = pendingBytes > 0 ? Buffer.concat([...pending, segment]) : segment;
    pending = [];
    pendingBytes = 0;
    parseLine(line, out);
  };

  return {
    push(chunk: Buffer): MetricRecord[] {
      const out: Slot[] = [];
      let start = 0;
      let nextLf = chunk.indexOf(LF);
      let nextCr = chunk.indexOf(CR);
      while (start < chunk.length) {
        if (nextLf !== -1 && nextLf < start) nextLf = chunk.indexOf(LF, start);
        if (nextCr !== -1 && nextCr < start) nextCr = chunk.indexOf(CR, start);
        const end = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
        if (end === -1) {
          addSegment(chunk.subarray(start), false, out);
          break;
        }
        addSegment(chunk.subarray(start, end), true, out);
        start = end + 1;
      }
      return resolve(out);
    },
    flush(): MetricRecord[] {
      const out: Slot[] = [];
      if (pendingBytes > 0) addSegment(Buffer.alloc(0), true, out);
      skipping = false;
      const records = resolve(out);
      matcher?.close();
      return records;
    },
    get badLines() {
      return badLines;
    },
    get lastError() {
      return lastError;
    },
  };
}
