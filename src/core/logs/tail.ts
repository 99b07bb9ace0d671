// Reading a run's output.log for display: only the last `maxBytes` (a log can be gigabytes), cut at
// a line start, decoded leniently (invalid UTF-8 becomes U+FFFD) and with terminal escape codes
// (colours, cursor moves) removed, since an editor shows them as garbage.
import { promises as fsp } from 'node:fs';
import { formatBytes } from '../present/format';

/** How much of a log is shown by default: the last 2 MiB. */
export const LOG_TAIL_BYTES = 2 * 1024 * 1024;

/** What a reader gets: the text and how many bytes at the start were left out. */
export interface LogTail {
  readonly text: string;
  readonly skippedBytes: number;
  readonly totalBytes: number;
}

// CSI sequences (ESC [ ... final byte), OSC sequences (ESC ] ... BEL or ESC \) and two-byte escapes.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** Removes ANSI escape sequences; a carriage return before a newline is dropped too. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '').replace(/\r\n/g, '\n');
}

/** Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD instead of failing. */
export function decodeLenient(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Reads the end of the log at `path`; a missing log reads as empty. */
export async function readLogTail(path: string, maxBytes = LOG_TAIL_BYTES): Promise<LogTail> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', skippedBytes: 0, totalBytes: 0 };
    throw e;
  }
  try {
    const size = (await fh.stat()).size;
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    let bytes = buf.subarray(0, bytesRead);
    let skipped = start;
    if (start > 0) {
      // Start at the next line so the first shown line is whole (and no UTF-8 sequence is split).
      const nl = bytes.indexOf(10);
      if (nl !== -1 && nl < bytes.length - 1) {
        bytes = bytes.subarray(nl + 1);
        skipped += nl + 1;
      }
    }
    return { text: stripAnsi(decodeLenient(bytes)), skippedBytes: skipped, totalBytes: size };
  } finally {
    await fh.close();
  }
}

/** The document text: a first line saying what was cut (when anything was), then the log. */
export function renderLogTail(tail: LogTail, logPath: string): string {
  if (tail.skippedBytes === 0) return tail.text;
  return `[runlens: the first ${formatBytes(tail.skippedBytes)} of ${formatBytes(tail.totalBytes)} are not shown; the whole log is ${logPath}]\n${tail.text}`;
}
