// Profiles a file whose content hash is not known yet and hashes it in the same read: SHA-256 of
// every chunk the reader takes, so a new or changed 1 GiB file is read once, not hashed and then read.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { hashFileSync, type FileHashResult } from '../data/hashFile';
import { errorMessage } from '../errors';
import { profileFile, type ProfileOptions } from './profileFile';
import { type FileProfile } from './types';

/** What one read of a file gave: its hash (as hashFileSync reports it) and its profile. */
export interface HashedProfile {
  /** The digest and stamp of what was read; `changed` when the file moved while it was read. */
  readonly hash: FileHashResult;
  /** The profile (its `sha256` and `bytes` those read), or why the content has none. */
  readonly profile: FileProfile | { readonly problem: string };
}

/**
 * Profiles the file at `path` and hashes the very bytes the reader took. When the reader fails
 * (unreadable, or content it cannot decode) the file is hashed on its own, so it still gets its
 * manifest entry, and the profile says why there is none.
 */
export async function profileAndHash(path: string, options: ProfileOptions = {}): Promise<HashedProfile> {
  let before;
  try {
    before = await stat(path, { bigint: true });
  } catch (e) {
    return { hash: { ok: false, code: (e as NodeJS.ErrnoException).code ?? 'EUNKNOWN', message: errorMessage(e) }, profile: { problem: 'could not be read' } };
  }
  if (!before.isFile()) return { hash: { ok: false, code: 'ENOTFILE', message: 'not a regular file any more' }, profile: { problem: 'not a regular file' } };
  const sha = createHash('sha256');
  let size = 0;
  const onChunk = (chunk: Buffer): void => {
    sha.update(chunk);
    size += chunk.length;
    options.onChunk?.(chunk);
  };
  let profile: FileProfile;
  try {
    profile = await profileFile(path, '', 0, { ...options, onChunk });
  } catch (e) {
    return { hash: hashFileSync(path, Buffer.allocUnsafe(1 << 20)), profile: { problem: `could not be profiled: ${errorMessage(e)}` } };
  }
  const after = await stat(path, { bigint: true }).catch(() => undefined);
  // The same rule as hashFileSync: a digest of a file that moved while it was read is of a torn state.
  const changed = after === undefined || after.size !== before.size || after.mtimeNs !== before.mtimeNs || after.ctimeNs !== before.ctimeNs || after.ino !== before.ino || BigInt(size) !== before.size;
  const sha256 = sha.digest('hex');
  return {
    hash: { ok: true, sha256, size, mtimeNs: before.mtimeNs, ctimeNs: before.ctimeNs, ino: before.ino, dev: before.dev, changed },
    profile: { ...profile, sha256, bytes: size },
  };
}
