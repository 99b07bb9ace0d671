// Reading metrics.jsonl incrementally: complete lines from a byte offset (a trailing partial line
// is left for later, unless the run is over), and tolerant parsing that counts bad lines.
import { promises as fsp } from 'node:fs';
import { isBadLine, parseMetricRecord, type MetricRecord } from '../metrics/record';

/** Lines read from a byte offset and the offset just past the last one consumed. */
export interface LineChunk {
  readonly lines: string[];
  readonly end: number;
}

/**
 * Reads `path` from `from` to its end (at most `maxBytes`) and splits it into lines. Without
 * `includePartial` an unterminated last line is not consumed (a writer may be mid-append).
 */
export async function readLines(path: string, from: number, includePartial: boolean, maxBytes = Infinity): Promise<LineChunk> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], end: from };
    throw e;
  }
  let buf: Buffer;
  try {
    const size = (await fh.stat()).size;
    if (size <= from) return { lines: [], end: Math.min(from, size) };
    const length = Math.min(size - from, maxBytes);
    buf = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await fh.read(buf, read, length - read, from + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    buf = buf.subarray(0, read);
    includePartial = includePartial && from + read === size;
  } finally {
    await fh.close();
  }
  const lines: string[] = [];
  let start = 0;
  for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
    lines.push(buf.toString('utf8', start, nl));
    start = nl + 1;
  }
  if (includePartial && start < buf.length) {
    lines.push(buf.toString('utf8', start));
    start = buf.length;
  }
  return { lines, end: from + start };
}

/** Parsed lines: the good records and how many non-blank lines were rejected. */
export interface ParsedLines {
  readonly records: MetricRecord[];
  readonly bad: number;
}

/** How many later `{"` starts are tried when a line is bad (a torn line glued to a good one). */
const RECOVERY_TRIES = 8;

/**
 * Parses lines with `parseMetricRecord`. Blank lines are ignored. A bad line still counts as bad,
 * but if a writer died mid-line and the next append landed on the same line, the intact record
 * after the torn prefix is recovered, so a crash loses only its own partial line.
 */
export function parseLines(lines: readonly string[], fallbackTime: number): ParsedLines {
  const records: MetricRecord[] = [];
  let bad = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line.length === 0) continue;
    const r = parseMetricRecord(line, fallbackTime);
    if (!isBadLine(r)) {
      records.push(r);
      continue;
    }
    bad++;
    let at = line.indexOf('{"', 1);
    for (let tries = 0; at !== -1 && tries < RECOVERY_TRIES; tries++, at = line.indexOf('{"', at + 1)) {
      const rest = parseMetricRecord(line.slice(at), fallbackTime);
      if (!isBadLine(rest)) {
        records.push(rest);
        break;
      }
    }
  }
  return { records, bad };
}
