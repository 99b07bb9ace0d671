// Crash-safe file primitives for the store: whole-file replacement (temp, fsync, rename) so a
// reader never sees a torn file, and single-write appends so concurrent appenders never interleave.
import { promises as fsp, constants as fsc } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Options for {@link writeFileAtomic}. */
export interface AtomicOptions {
  /** fsync the file and its directory; off for derived files that can be rebuilt. */
  readonly durable?: boolean;
}

/**
 * Replaces `path` with `data` atomically: a reader sees the old or the new content, never a mix.
 * The temp file lives in the same directory so the rename never crosses a filesystem.
 */
export async function writeFileAtomic(path: string, data: string | Buffer, options: AtomicOptions = {}): Promise<void> {
  const durable = options.durable ?? true;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await fsp.open(tmp, 'wx');
  try {
    await fh.writeFile(data);
    if (durable) await fh.sync();
  } catch (e) {
    await fh.close();
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  if (durable) await syncDir(dirname(path));
}

/** fsyncs a directory so a rename in it survives power loss; skipped where the OS refuses (Windows). */
export async function syncDir(dir: string): Promise<void> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(dir, fsc.O_RDONLY);
    await fh.sync();
  } catch {
    // Directory fsync is a best-effort extra: some platforms do not allow opening a directory.
  } finally {
    await fh?.close();
  }
}

/**
 * Appends `data` with O_APPEND in ONE write call, so appends from several processes land whole
 * and in some order, never interleaved (the rule every metrics.jsonl writer follows).
 */
export async function appendOnce(path: string, data: string | Buffer): Promise<void> {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fh = await fsp.open(path, 'a');
  try {
    let written = 0;
    // A regular-file append is written whole by one call; the loop only guards odd filesystems.
    while (written < buf.length) {
      const { bytesWritten } = await fh.write(buf, written, buf.length - written);
      written += bytesWritten;
    }
  } finally {
    await fh.close();
  }
}

/** Reads and parses a JSON file; undefined when it does not exist. Throws on corrupt content. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  return JSON.parse(text) as unknown;
}

/** True for ENOENT (and ENOTDIR, which a vanished parent directory can produce). */
export function isNotFound(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** True for EEXIST. */
export function isExists(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | null)?.code === 'EEXIST';
}
