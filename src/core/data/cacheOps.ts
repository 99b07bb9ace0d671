// What is done with the data cache as a whole: filling it from a run's hashed datasets (the hook of
// `runlens run`), reporting its size (`runlens cache status`) and evicting the least recently used
// objects down to a size (`runlens cache gc --max-size`).
import { promises as fsp } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataCache, type PutResult } from './cacheStore';
import { type DatasetManifest } from './types';

/** What caching a run's datasets did. */
export interface CacheFillResult {
  readonly stored: number;
  readonly present: number;
  /** Files that changed between hashing and copying (not cached; the run records the hashed content). */
  readonly changed: string[];
  readonly storedBytes: number;
}

/**
 * Copies the files of `manifests` (hashed relative to `root`) into the cache, skipping contents
 * it already holds. Symlinked files are cached by content like any other file.
 */
export async function cacheManifests(storeRoot: string, root: string, manifests: readonly DatasetManifest[]): Promise<CacheFillResult> {
  const cache = new DataCache(storeRoot);
  let stored = 0;
  let present = 0;
  let storedBytes = 0;
  const changed: string[] = [];
  const seen = new Set<string>();
  for (const m of manifests) {
    for (const f of m.files) {
      if (seen.has(f.sha256)) continue;
      seen.add(f.sha256);
      const r: PutResult = await cache.put(resolve(root, f.path), f.sha256);
      if (r === 'stored') { stored++; storedBytes += f.size; } else if (r === 'present') present++;
      else changed.push(f.path);
    }
  }
  return { stored, present, changed, storedBytes };
}

/** Size and age of the cache. */
export interface CacheStatus {
  readonly dir: string;
  readonly objects: number;
  readonly bytes: number;
  /** Last use of the least and most recently used object (ms since the epoch), null when empty. */
  readonly oldestUse: number | null;
  readonly newestUse: number | null;
}

/** Reports the cache of a store. */
export async function cacheStatus(storeRoot: string): Promise<CacheStatus> {
  const cache = new DataCache(storeRoot);
  const objects = await cache.list();
  return {
    dir: cache.dir,
    objects: objects.length,
    bytes: objects.reduce((n, o) => n + o.size, 0),
    oldestUse: objects[0]?.lastUse ?? null,
    newestUse: objects[objects.length - 1]?.lastUse ?? null,
  };
}

/** What a collection removed and what is left. */
export interface GcResult {
  readonly removed: number;
  readonly removedBytes: number;
  readonly objects: number;
  readonly bytes: number;
}

/**
 * Removes least recently used objects until the cache holds at most `maxBytes` (never one in
 * `keep`), and copies left behind by interrupted writes (older than an hour).
 */
export async function collectCache(storeRoot: string, maxBytes: number, keep: ReadonlySet<string> = new Set()): Promise<GcResult & { kept: number; keptBytes: number }> {
  const cache = new DataCache(storeRoot);
  const objects = await cache.list();
  let bytes = objects.reduce((n, o) => n + o.size, 0);
  let removed = 0;
  let removedBytes = 0;
  let kept = 0;
  let keptBytes = 0;
  for (const o of objects) {
    if (bytes <= maxBytes) break;
    if (keep.has(o.sha256)) {
      kept++;
      keptBytes += o.size;
      continue;
    }
    await fsp.rm(o.path, { force: true });
    bytes -= o.size;
    removed++;
    removedBytes += o.size;
  }
  const tmp = join(cache.dir, 'tmp');
  // Tidying leftovers of crashed copies: a folder or file that vanished meanwhile leaves nothing to tidy.
  for (const name of await fsp.readdir(tmp).catch(() => [] as string[])) {
    const st = await fsp.stat(join(tmp, name)).catch(() => null); // a leftover removed meanwhile leaves nothing to tidy
    if (st && Date.now() - st.mtimeMs > 3_600_000) await fsp.rm(join(tmp, name), { force: true });
  }
  return { removed, removedBytes, objects: objects.length - removed, bytes, kept, keptBytes };
}
