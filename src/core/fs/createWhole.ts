// Creating a file with its whole content at once, failing when it exists: the one way lock files and
// run names are made, so that no reader mistakes an empty or half-written file for a finished one.
import { promises as fsp } from 'node:fs';
import { isExists } from './atomic';

/** The two writes {@link createWhole} makes; the store passes its own (src/core/store/io.ts) so tests can fail them. */
export interface WholeFileWrites {
  /** Creates the new file `path` holding `data`; fails when `path` exists (O_EXCL). */
  createFile(path: string, data: string): Promise<void>;
  /** Hard-links `existing` to the new name `path`; fails when `path` exists. */
  linkFile(existing: string, path: string): Promise<void>;
}

/** The real filesystem's. */
export const NODE_WHOLE_FILE_WRITES: WholeFileWrites = {
  createFile: (path, data) => fsp.writeFile(path, data, { flag: 'wx' }),
  linkFile: (existing, path) => fsp.link(existing, path),
};

/** What `link` fails with where a filesystem has no hard links (FAT and exFAT on Linux: EPERM; macOS: ENOTSUP). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Creates `path` holding `content`, or returns false when it exists. The content is written to the
 * private file `tmp` (same folder) first and then hard-linked to `path`: link() fails when `path`
 * exists and is atomic (on NFS too), so `path` appears whole or not at all, even when the writer
 * dies or the disk fills half way. `tmp` is removed in every case.
 */
export async function createWhole(path: string, content: string, tmp: string, io: WholeFileWrites = NODE_WHOLE_FILE_WRITES): Promise<boolean> {
  try {
    await io.createFile(tmp, content);
    return await createFromPrivate(tmp, path, content, io);
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}

/**
 * The second half of {@link createWhole}, for a caller that keeps the private file `tmp` (holding
 * `content`) across several tries (names: one file however many numbers are taken): links it to
 * `path`, or where the filesystem has no hard links creates `path` exclusively. False when `path` exists.
 */
export async function createFromPrivate(tmp: string, path: string, content: string, io: WholeFileWrites = NODE_WHOLE_FILE_WRITES): Promise<boolean> {
  const linked = await io.linkFile(tmp, path).then(() => true, (e: unknown) => {
    if (isExists(e)) return false;
    if (NO_HARD_LINKS.has((e as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw e;
  });
  return linked ?? createExclusive(path, content, io);
}

/**
 * The create of a filesystem without hard links (FAT, exFAT, some network shares): `path` is created
 * with O_EXCL (one winner among concurrent creators there too) and written by the same call.
 * Crash safety: a process that dies between that create and its write leaves `path` empty. Readers
 * allow for that: an empty lock is taken over only after a grace period (lock.ts), an empty name
 * file reads as held by no run, so the name stays taken but is never given to two runs and nothing
 * recorded is lost (as when a creator dies between reserving a name and writing run.json). A write
 * that fails while the process lives (a full disk) removes the file it created, leaving nothing; a
 * create that failed (its error's syscall is `open`) created nothing and removes nothing, as the
 * file may be another creator's by then.
 */
async function createExclusive(path: string, content: string, io: WholeFileWrites): Promise<boolean> {
  try {
    await io.createFile(path, content);
    return true;
  } catch (e) {
    if (isExists(e)) return false;
    if ((e as NodeJS.ErrnoException).syscall !== 'open') await fsp.rm(path, { force: true });
    throw e;
  }
}
