// The data cache: content-addressed copies of opted-in datasets (`cache: true`) in the store, so a
// run can be reproduced on its exact data after the workspace's copy changed. Objects are named by
// their SHA-256, shared between runs, read-only, and evicted least-recently-used (docs/reproduce.md).
import { createHash } from 'node:crypto';
import { constants, createReadStream, promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';

/** How a file got to where it is: a copy-on-write clone, a hard link or a byte copy. */
export type PlaceMethod = 'reflink' | 'hardlink' | 'copy';

/** What `put` did with one file. */
export type PutResult = 'stored' | 'present' | 'changed';

/** The directory of the data cache inside a store. */
export function dataCacheDir(storeRoot: string): string {
  return join(storeRoot, 'cache', 'data');
}

/** SHA-256 (lowercase hex) of a file's content, streamed. */
export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('error', reject).on('data', (c) => h.update(c)).on('end', () => resolve(h.digest('hex')));
  });
}

const SHA = /^[0-9a-f]{64}$/;

/**
 * Clones `src` to `dst` when the filesystem can (btrfs, XFS, APFS...), else copies the bytes.
 * Never a hard link: the two files must stay independent.
 */
export async function cloneOrCopy(src: string, dst: string): Promise<PlaceMethod> {
  try {
    await fsp.copyFile(src, dst, constants.COPYFILE_FICLONE_FORCE);
    return 'reflink';
  } catch {
    // No reflink support on this filesystem: a plain copy.
    await fsp.copyFile(src, dst);
    return 'copy';
  }
}

/** A store's content-addressed data cache. Cheap to construct: nothing is touched until used. */
export class DataCache {
  readonly dir: string;

  constructor(storeRoot: string) {
    this.dir = dataCacheDir(storeRoot);
  }

  /** Path of the object holding content `sha256`. */
  objectPath(sha256: string): string {
    if (!SHA.test(sha256)) throw new Error(`not a SHA-256 digest: ${sha256}`);
    return join(this.dir, 'objects', sha256.slice(0, 2), sha256.slice(2));
  }

  /** True when the cache holds content `sha256`. */
  async has(sha256: string): Promise<boolean> {
    return fsp.stat(this.objectPath(sha256)).then((s) => s.isFile(), () => false);
  }

  /**
   * Stores `file`, whose content hashed to `sha256` moments ago. The copy (a clone where the
   * filesystem allows, never a hard link: a user editing the file in place would silently change
   * the cached version) is hashed again before it is kept, so a file changed since is not cached
   * under the wrong name. An object already present only has its last use refreshed.
   */
  async put(file: string, sha256: string): Promise<PutResult> {
    const target = this.objectPath(sha256);
    if (await this.touch(sha256)) return 'present';
    const tmpDir = join(this.dir, 'tmp');
    await fsp.mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${sha256.slice(0, 12)}.${process.pid}.${Math.random().toString(36).slice(2)}`);
    try {
      await cloneOrCopy(file, tmp);
      if ((await sha256OfFile(tmp)) !== sha256) return 'changed';
      await fsp.chmod(tmp, 0o444);
      await fsp.mkdir(dirname(target), { recursive: true });
      // Two runs storing the same content race harmlessly: both objects hold the same bytes.
      await fsp.rename(tmp, target);
      return 'stored';
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  /**
   * Places the content `sha256` at `dest` (replacing what is there): a clone, else a hard link to the
   * read-only object (a process writing to it in place then gets "permission denied" instead of
   * corrupting the cache), else a copy. Returns how, or null when the cache does not hold it.
   */
  async materialize(sha256: string, dest: string): Promise<PlaceMethod | null> {
    const obj = this.objectPath(sha256);
    if (!(await this.touch(sha256))) return null;
    await fsp.mkdir(dirname(dest), { recursive: true });
    await fsp.rm(dest, { force: true });
    try {
      await fsp.copyFile(obj, dest, constants.COPYFILE_FICLONE_FORCE);
      await fsp.chmod(dest, 0o644);
      return 'reflink';
    } catch {
      // No reflink support on this filesystem: a hard link next.
      try {
        await fsp.link(obj, dest);
        return 'hardlink';
      } catch {
        // No hard link across filesystems: a plain copy.
        await fsp.copyFile(obj, dest);
        await fsp.chmod(dest, 0o644);
        return 'copy';
      }
    }
  }

  /** Marks an object as used now (its mtime is the LRU clock); false when it is not there. */
  async touch(sha256: string): Promise<boolean> {
    const now = new Date();
    return fsp.utimes(this.objectPath(sha256), now, now).then(() => true, () => false);
  }

  /** Every object with its size and last use, oldest use first. */
  async list(): Promise<{ sha256: string; path: string; size: number; lastUse: number }[]> {
    const root = join(this.dir, 'objects');
    const out: { sha256: string; path: string; size: number; lastUse: number }[] = [];
    // A cache folder not made yet, or an entry removed by a concurrent prune, holds nothing to list.
    const prefixes = await fsp.readdir(root).catch(() => [] as string[]);
    for (const p of prefixes) {
      if (!/^[0-9a-f]{2}$/.test(p)) continue;
      for (const rest of await fsp.readdir(join(root, p)).catch(() => [] as string[])) { // a prefix folder removed by a concurrent prune holds nothing to list
        const sha256 = p + rest;
        if (!SHA.test(sha256)) continue;
        const path = join(root, p, rest);
        const st = await fsp.stat(path).catch(() => null); // an entry removed by a concurrent prune is not listed
        if (st?.isFile()) out.push({ sha256, path, size: st.size, lastUse: st.mtimeMs });
      }
    }
    return out.sort((a, b) => a.lastUse - b.lastUse || a.sha256.localeCompare(b.sha256));
  }
}
