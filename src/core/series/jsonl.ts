// Reading metrics.jsonl incrementally: complete lines from a byte offset (a trailing partial line
// is left for later, unless the run is over), and tolerant parsing that counts bad lines.
import { promises as fsp } from 'node:fs';
import { isBadLine, parseMetricRecord, type MetricRecord } from '../metrics/record';

/** Longest metrics.jsonl record accepted, in bytes; a longer line is skipped and counted bad. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** Bytes read per system call while scanning. */
const READ_BYTES = 4 * 1024 * 1024;

/** Lines read from a byte offset and the offset just past the last one consumed. */
export interface LineChunk {
  readonly lines: string[];
  readonly end: number;
  /** Lines longer than MAX_RECORD_BYTES that were skipped (bad lines, counted once each). */
  readonly overlong: number;
}

/**
 * Reads `path` from `from` (stopping at a line boundary once about `maxBytes` were consumed) and
 * splits it into lines. Without `includePartial` an unterminated last line is not consumed (a
 * writer may be mid-append), unless it is already over the cap: then it is counted and consumed,
 * and the rest of it is skipped when it ends. An offset inside a line (its previous byte is not a
 * newline) is such a skipped line's continuation. Memory stays bounded by `maxBytes` plus the cap.
 */
export async function readLines(path: string, from: number, includePartial: boolean, maxBytes = Infinity): Promise<LineChunk> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], end: from, overlong: 0 };
    throw e;
  }
  try {
    const size = (await fh.stat()).size;
    if (size <= from) return { lines: [], end: Math.min(from, size), overlong: 0 };
    return await scanLines(fh, from, size, includePartial, maxBytes);
  } finally {
    await fh.close();
  }
}

async function scanLines(fh: fsp.FileHandle, from: number, size: number, includePartial: boolean, maxBytes: number): Promise<LineChunk> {
  const lines: string[] = [];
  let overlong = 0;
  let end = from;
  // The current line's bytes from earlier reads (copies: the read buffer is reused).
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = from > 0 && (await byteAt(fh, from - 1)) !== 10;
  const buf = Buffer.allocUnsafe(Math.min(READ_BYTES, size - from));
  let pos = from;
  while (pos < size && end - from < maxBytes) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
    if (bytesRead === 0) break;
    const view = buf.subarray(0, bytesRead);
    let start = 0;
    for (let nl = view.indexOf(10, 0); nl !== -1; nl = view.indexOf(10, start)) {
      if (skipping || pendingBytes + nl - start > MAX_RECORD_BYTES) {
        if (!skipping) overlong++;
      } else {
        lines.push(pendingBytes > 0 ? Buffer.concat([...pending, view.subarray(start, nl)]).toString('utf8') : view.toString('utf8', start, nl));
      }
      skipping = false;
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
      end = pos + start;
      if (end - from >= maxBytes) break;
    }
    if (end - from >= maxBytes) break;
    if (start < bytesRead && !skipping) {
      if (pendingBytes + bytesRead - start > MAX_RECORD_BYTES) {
        // Over the cap before its end: count it now, keep none of it, skip to its newline.
        overlong++;
        skipping = true;
        pending = [];
        pendingBytes = 0;
      } else {
        pending.push(Buffer.from(view.subarray(start)));
        pendingBytes += bytesRead - start;
      }
    }
    pos += bytesRead;
  }
  if (pos >= size && end < size) {
    // An unterminated last line: consumed when the run is over, or when it is already over the cap
    // (so no later read scans it again); otherwise left for the writer to finish.
    if (skipping) end = size;
    else if (includePartial) {
      lines.push(Buffer.concat(pending).toString('utf8'));
      end = size;
    }
  }
  return { lines, end, overlong };
}

async function byteAt(fh: fsp.FileHandle, at: number): Promise<number | undefined> {
  const one = Buffer.alloc(1);
  const { bytesRead } = await fh.read(one, 0, 1, at);
  return bytesRead === 1 ? one[0] : undefined;
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
