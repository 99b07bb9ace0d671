// The writes that make a new run (its name, its first files, its first manifest) go through this
// seam, so that a test can make one fail as a full disk (or a filesystem without hard links) would.
import { promises as fsp } from 'node:fs';
import { errorMessage } from '../errors';
import { writeFileAtomic } from '../fs/atomic';
import { NODE_WHOLE_FILE_WRITES, type WholeFileWrites } from '../fs/createWhole';
import { isNoSpace } from '../fs/space';

/** How the store writes the files of a run being created (a name: createFile and linkFile, fs/createWhole.ts). */
export interface StoreIo extends WholeFileWrites {
  /** Appends `data` to `path`, creating it when missing. */
  appendFile(path: string, data: string): Promise<void>;
  /** Replaces `path` with `data` atomically (temp, fsync, rename). */
  replaceFile(path: string, data: string): Promise<void>;
}

/** The real filesystem: what every store uses unless a test gives it another. */
export const NODE_STORE_IO: StoreIo = {
  ...NODE_WHOLE_FILE_WRITES,
  appendFile: (path, data) => fsp.writeFile(path, data, { flag: 'a' }),
  replaceFile: (path, data) => writeFileAtomic(path, data),
};

/**
 * The error {@link RunStore.createRun} throws when writing a new run failed (nothing of the run is
 * kept by then): it says what failed in words and keeps the cause's `code` and `path`, so a front
 * end still tells a full disk (ENOSPC) or a read-only folder apart.
 */
export function runCreationError(storeRoot: string, e: unknown): Error {
  const cause = e as NodeJS.ErrnoException | undefined;
  const why = isNoSpace(e) ? 'the disk is full' : errorMessage(e);
  const err: NodeJS.ErrnoException = new Error(`could not create a run in ${storeRoot}: ${why} (nothing of the run was kept)`, { cause: e });
  if (cause?.code !== undefined) err.code = cause.code;
  if (cause?.path !== undefined) err.path = cause.path;
  return err;
}
