// Restore This Version (docs/lineage.md#datasets-view): puts a recorded version of a dataset back
// into the workspace from the data cache. Planned first (what is written, removed, missing), so a
// front end can confirm or explain; applied only when every file it needs is cached.
import { promises as fsp } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { cloneOrCopy, DataCache } from './cacheStore';
import { type DiffFile } from './diffData';

/** What restoring a version would do to the workspace. */
export interface RestorePlan {
  readonly spec: string;
  /** Files whose workspace copy is absent or differs, each available in the cache. */
  readonly write: DiffFile[];
  /** Workspace files under the spec that the version does not hold (removed for an exact restore). */
  readonly remove: string[];
  /** Files of the version the cache does not hold: while any is missing the restore cannot happen. */
  readonly missing: DiffFile[];
  /** Files already as the version has them. */
  readonly unchanged: number;
}

/** Rejects a recorded path that would land outside the workspace. */
function checkPath(root: string, path: string): string {
  const abs = resolve(root, path);
  if (isAbsolute(path) || path.split('/').includes('..') || !abs.startsWith(resolve(root) + '/')) {
    throw new Error(`refusing to restore "${path}": it is not a path inside the workspace`);
  }
  return abs;
}

/**
 * Plans restoring `version` (its per-file manifest) of `spec` over `current` (the workspace's files
 * under the spec now, null when nothing is there) from the data cache of `storeRoot`.
 */
export async function planRestore(storeRoot: string, root: string, spec: string, version: readonly DiffFile[], current: readonly DiffFile[] | null): Promise<RestorePlan> {
  const cache = new DataCache(storeRoot);
  const now = new Map((current ?? []).map((f) => [f.path, f]));
  const wanted = new Set(version.map((f) => f.path));
  const write: DiffFile[] = [];
  const missing: DiffFile[] = [];
  let unchanged = 0;
  for (const f of version) {
    checkPath(root, f.path);
    const there = now.get(f.path);
    if (there && there.sha256 === f.sha256 && there.size === f.size) unchanged++;
    else if (await cache.has(f.sha256)) write.push(f);
    else missing.push(f);
  }
  const remove = [...now.keys()].filter((p) => !wanted.has(p));
  return { spec, write, remove, missing, unchanged };
}

/** Applies a plan with nothing missing: writes each file from the cache, then removes the extra ones. */
export async function applyRestore(storeRoot: string, root: string, plan: RestorePlan): Promise<void> {
  if (plan.missing.length > 0) throw new Error(`cannot restore ${plan.spec}: ${plan.missing.length} file(s) are not in the data cache`);
  const cache = new DataCache(storeRoot);
  for (const f of plan.write) {
    const dest = checkPath(root, f.path);
    if (!(await cache.touch(f.sha256))) throw new Error(`${f.path}: its content left the data cache meanwhile; nothing after it was restored`);
    // A clone or copy, never a hard link: the user's next run rewrites these files in place.
    await fsp.mkdir(dirname(dest), { recursive: true });
    await fsp.rm(dest, { force: true });
    await cloneOrCopy(cache.objectPath(f.sha256), dest);
    await fsp.chmod(dest, 0o644);
  }
  for (const p of plan.remove) await fsp.rm(checkPath(root, p), { force: true });
}
