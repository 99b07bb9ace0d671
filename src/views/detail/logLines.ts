// The log tail of the detail view: the last lines of output.log at open, then the lines appended
// since, read from a byte offset. Bounded however big the log or however fast it grows, decoded
// leniently (invalid UTF-8 becomes U+FFFD) and with terminal escape codes removed.
import { promises as fsp } from 'node:fs';
import { decodeLenient, stripAnsi } from '../../core/logs/tail';
import { formatBytes } from '../../core/present/format';

/** Lines read and the byte offset to continue from. */
export interface LogChunk {
  readonly lines: string[];
  readonly offset: number;
  /** Bytes between the requested offset and what was read, left out because there were too many. */
  readonly skippedBytes: number;
}

/** At most this much of a log is read at once (at open, or per update of a fast writer). */
export const LOG_READ_BYTES = 256 * 1024;
/** A longer line is cut: one runaway progress bar must not fill the page. */
export const MAX_LINE_CHARS = 2000;

/**
 * Reads output.log from byte `from`: the complete lines after it (all of it when `final`: the run
 * is over and nothing will complete a partial line). When more than `maxBytes` wait, only the
 * last `maxBytes` are read, starting at a line boundary. A missing log reads as empty.
 */
export async function readLogFrom(path: string, from: number, options: { final: boolean; maxBytes?: number; maxLines?: number }): Promise<LogChunk> {
  const maxBytes = options.maxBytes ?? LOG_READ_BYTES;
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], offset: from, skippedBytes: 0 };
    throw e;
  }
  try {
    const size = (await fh.stat()).size;
    // A log that shrank was replaced: start again from its beginning.
    if (size < from) from = 0;
    const start = Math.max(from, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    let bytes = buf.subarray(0, bytesRead);
    let at = start;
    if (start > from) {
      const nl = bytes.indexOf(10);
      if (nl !== -1) {
        bytes = bytes.subarray(nl + 1);
        at += nl + 1;
      }
    }
    let end = bytes.length;
    if (!options.final) end = bytes.lastIndexOf(10) + 1;
    const text = decodeLenient(bytes.subarray(0, end));
    const lines = splitLines(text);
    const maxLines = options.maxLines ?? Infinity;
    return { lines: lines.length > maxLines ? lines.slice(-maxLines) : lines, offset: at + end, skippedBytes: at - from };
  } finally {
    await fh.close();
  }
}

/** Splits decoded log text into display lines: escapes stripped, a carriage-return redraw keeps its last state, long lines cut. */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = stripAnsi(text).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => {
    // "\r" redraws a line in a terminal (progress bars): show what a terminal would end with.
    const cr = line.lastIndexOf('\r', line.length - 2);
    const shown = (cr === -1 ? line : line.slice(cr + 1)).replace(/\r$/, '');
    return shown.length > MAX_LINE_CHARS ? `${shown.slice(0, MAX_LINE_CHARS)}… [${shown.length - MAX_LINE_CHARS} more characters]` : shown;
  });
}

/** The note shown above a tail that does not start at the log's beginning. */
export function skippedNote(skippedBytes: number, logPath: string): string {
  return skippedBytes > 0 ? `The first ${formatBytes(skippedBytes)} of the log are not shown (the whole log is ${logPath}).` : '';
}
