// The listing index's file (docs/store-format.md, "Index"): JSON lines, a header, then batches of
// records (one per run) each closed by a checkpoint giving the journal offset it covers and the
// batch's size. Appended one write per batch, rewritten whole (temp + rename) when compacted. Read
// as a scan for line starts only: records are parsed when asked for, so memory stays small.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { appendOnce, isNotFound } from '../fs/atomic';
import { isRunId } from './ids';

/** Version of the index file's own format (its name carries it, so formats never share a file). */
export const INDEX_FILE_FORMAT = 1;

/** Where a batch's records stand: everything journaled before `journal` (in journal `journalIno`) is in. */
export interface Checkpoint {
  readonly journal: number;
  readonly journalIno: number;
}

/** Outcome of opening an index file. */
export type IndexRead =
  | { readonly kind: 'ok'; readonly file: IndexFile }
  | { readonly kind: 'missing' }
  | { readonly kind: 'damaged'; readonly why: string };

const CHUNK = 4 * 1024 * 1024;
const RECORD_PREFIX = '{"id":"';
const ID_LENGTH = 26;
/** A removal line is exactly `{"id":"<id>","removed":true}`. */
const REMOVAL_SUFFIX = '","removed":true}';
const REMOVAL_LENGTH = RECORD_PREFIX.length + ID_LENGTH + REMOVAL_SUFFIX.length;

/** The header line that starts every index file called `name`. */
function header(name: string): string {
  return `${JSON.stringify({ runlensIndex: name, format: INDEX_FILE_FORMAT })}\n`;
}

/** A checkpoint line; `bytes` and `records` describe the batch it closes (a torn batch never adds up). */
function checkpointLine(c: Checkpoint, bytes: number, records: number): string {
  return `${JSON.stringify({ journal: c.journal, journalIno: c.journalIno, bytes, records })}\n`;
}

/** An open index file: where each run's newest record starts, and reading a record's line. */
export class IndexFile {
  private window = Buffer.alloc(0);
  private windowAt = 0;

  constructor(
    private readonly fh: fsp.FileHandle,
    /** Run id -> byte offset of its newest record line. */
    readonly offsets: Map<string, number>,
    readonly checkpoint: Checkpoint,
    /** Size and inode read: a writer appends only to the file it read (else another one wrote since). */
    readonly size: number,
    readonly ino: number,
    /** Record and removal lines read, superseded ones included (the compaction trigger). */
    readonly lines: number,
    /** The file ends with a checkpoint: an append may follow (else it must be rewritten whole). */
    readonly clean: boolean,
  ) {}

  /** The record line starting at `offset` (without its newline), read through a window of the file. */
  async line(offset: number): Promise<string> {
    for (let want = CHUNK; ; want *= 2) {
      const rel = offset - this.windowAt;
      const end = rel >= 0 && rel < this.window.length ? this.window.indexOf(10, rel) : -1;
      if (end >= 0) return this.window.toString('utf8', rel, end);
      const len = Math.max(0, Math.min(want, this.size - offset));
      const buf = Buffer.alloc(len);
      const { bytesRead } = await this.fh.read(buf, 0, len, offset);
      this.window = buf.subarray(0, bytesRead);
      this.windowAt = offset;
      if (this.window.indexOf(10) < 0 && offset + bytesRead >= this.size) throw new Error(`index record at ${offset} has no end`);
    }
  }

  /** Closes the file (a compaction may have replaced it; this handle read the version it opened). */
  async close(): Promise<void> {
    await this.fh.close();
  }
}

/**
 * Opens the index at `path` and scans it for record starts (ids and batch sizes are checked, records
 * are not parsed). Records after the last checkpoint are a batch being appended right now, or one
 * whose writer died: they are left out.
 */
export async function readIndexFile(path: string, name: string): Promise<IndexRead> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(path, 'r');
  } catch (e) {
    if (isNotFound(e)) return { kind: 'missing' };
    throw e;
  }
  let keep = false;
  try {
    const { size, ino } = await fh.stat();
    const head = header(name);
    const first = Buffer.alloc(head.length);
    await fh.read(first, 0, head.length, 0);
    if (first.toString('utf8') !== head) return { kind: 'damaged', why: size === 0 ? 'it is empty' : 'its header is not an index header' };
    const offsets = new Map<string, number>();
    let pending: [string, number][] = [];
    let checkpoint: Checkpoint | undefined;
    let lines = 0;
    let batchStart = head.length;
    const buf = Buffer.alloc(CHUNK);
    let at = head.length; // file offset of buf[0]
    let filled = 0;
    for (;;) {
      // Never past the size stat-ed above: a batch appended since is left for the next reader, as
      // line() reads records within that size only (reading on found checkpoints it could not serve).
      const { bytesRead } = await fh.read(buf, filled, Math.max(0, Math.min(buf.length - filled, size - (at + filled))), at + filled);
      filled += bytesRead;
      let pos = 0;
      for (let nl; (nl = buf.indexOf(10, pos)) >= 0 && nl < filled; pos = nl + 1) {
        const start = at + pos;
        if (buf.toString('latin1', pos, pos + RECORD_PREFIX.length) === RECORD_PREFIX) {
          const id = buf.toString('latin1', pos + RECORD_PREFIX.length, pos + RECORD_PREFIX.length + ID_LENGTH);
          if (!isRunId(id) || buf[pos + RECORD_PREFIX.length + ID_LENGTH] !== 0x22 || buf[nl - 1] !== 0x7d) {
            return { kind: 'damaged', why: `the line at byte ${start} is not a record` };
          }
          lines++;
          const removal = nl - pos === REMOVAL_LENGTH && buf.toString('latin1', nl - REMOVAL_SUFFIX.length, nl) === REMOVAL_SUFFIX;
          pending.push([id, removal ? -1 : start]);
          continue;
        }
        let c: { journal?: unknown; journalIno?: unknown; bytes?: unknown; records?: unknown };
        try {
          c = JSON.parse(buf.toString('utf8', pos, nl)) as typeof c;
        } catch { // not JSON: reported as damaged, the caller rebuilds
          return { kind: 'damaged', why: `the line at byte ${start} is not JSON` };
        }
        if (typeof c.journal !== 'number' || typeof c.journalIno !== 'number') return { kind: 'damaged', why: `the line at byte ${start} is not a record` };
        if (c.bytes !== start - batchStart || c.records !== pending.length) {
          return { kind: 'damaged', why: `the batch ending at byte ${start} is incomplete` };
        }
        for (const [id, off] of pending) if (off < 0) offsets.delete(id); else offsets.set(id, off);
        pending = [];
        checkpoint = { journal: c.journal, journalIno: c.journalIno };
        batchStart = at + nl + 1;
      }
      if (bytesRead === 0 || at + filled >= size) {
        if (!checkpoint) return { kind: 'damaged', why: 'it has no complete batch' };
        keep = true;
        return { kind: 'ok', file: new IndexFile(fh, offsets, checkpoint, size, ino, lines, batchStart === size) };
      }
      if (pos === 0 && filled === buf.length) return { kind: 'damaged', why: `a line at byte ${at} is over ${CHUNK} bytes` };
      buf.copy(buf, 0, pos, filled);
      at += pos;
      filled -= pos;
    }
  } finally {
    if (!keep) await fh.close();
  }
}

/** Appends one batch (record lines, removed runs, its checkpoint) with a single O_APPEND write. */
export async function appendBatch(path: string, recordLines: readonly string[], removed: readonly string[], checkpoint: Checkpoint): Promise<void> {
  const body = recordLines.map((l) => `${l}\n`).join('') + removed.map((id) => `${JSON.stringify({ id, removed: true })}\n`).join('');
  await appendOnce(path, body + checkpointLine(checkpoint, Buffer.byteLength(body), recordLines.length + removed.length));
}

/**
 * Replaces the index with one record line per run (compaction, or a rebuild): written to a temporary
 * file in chunks (memory stays flat at any size) and renamed over, so readers see old or new whole.
 * Not fsynced: the index is derived, and a torn one is rebuilt.
 */
export async function rewriteIndexFile(path: string, name: string, recordLines: AsyncIterable<string>, checkpoint: Checkpoint): Promise<void> {
  await fsp.mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await fsp.open(tmp, 'w');
  try {
    let chunk = '';
    let bytes = 0;
    let records = 0;
    await fh.writeFile(header(name));
    for await (const line of recordLines) {
      chunk += `${line}\n`;
      records++;
      if (chunk.length >= CHUNK) {
        bytes += Buffer.byteLength(chunk);
        await fh.writeFile(chunk);
        chunk = '';
      }
    }
    bytes += Buffer.byteLength(chunk);
    await fh.writeFile(chunk + checkpointLine(checkpoint, bytes, records));
    await fh.close();
    await fsp.rename(tmp, path);
  } catch (e) {
    await fh.close().catch(() => undefined); // the write error above is the one worth throwing
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}
