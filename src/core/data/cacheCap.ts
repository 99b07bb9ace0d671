// Which data cache objects may be evicted, and the cap applied after runs and pulls: least recently
// used first, but never an object a local run (trash included) needs that no data remote holds,
// unless forced: evicting it would lose the only copy of a version a run can be reproduced on.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { readRunLinkFiles } from '../compare/runFiles';
import { DEFAULT_DATA_CACHE_MAX_BYTES } from '../config/remoteConfig';
import { heldByAnyRemote } from '../remote/record';
import { collectCache, type GcResult } from './cacheOps';
import { DataCache } from './cacheStore';

/** Objects named by the datasets and outputs of the store's runs (in `runs/` and `trash/`). */
export async function neededObjects(storeRoot: string): Promise<Set<string>> {
  const needed = new Set<string>();
  for (const area of ['runs', 'trash']) {
    // A store without runs (or trash) yet needs nothing from it.
    const ids = await fsp.readdir(join(storeRoot, area)).catch(() => [] as string[]);
    for (const id of ids) {
      const links = await readRunLinkFiles(join(storeRoot, area, id));
      for (const m of [...(links.datasets ?? []), ...(links.outputs ?? [])]) for (const f of m.files) needed.add(f.sha256);
    }
  }
  return needed;
}

/** The objects eviction must keep: needed by a local run and held by no remote. */
export async function protectedObjects(storeRoot: string): Promise<Set<string>> {
  const [needed, held] = await Promise.all([neededObjects(storeRoot), heldByAnyRemote(storeRoot)]);
  for (const sha of held) needed.delete(sha);
  return needed;
}

/** What `runlens cache gc` did, with what it kept on purpose. */
export interface GuardedGcResult extends GcResult {
  /** Objects over the size that were kept because only this cache holds what a local run needs. */
  readonly kept: number;
  readonly keptBytes: number;
}

/** Evicts down to `maxBytes`, keeping protected objects unless `force`. */
export async function guardedCollect(storeRoot: string, maxBytes: number, options: { force?: boolean } = {}): Promise<GuardedGcResult> {
  const keep = options.force ? new Set<string>() : await protectedObjects(storeRoot);
  return collectCache(storeRoot, maxBytes, keep);
}

/**
 * Applies the cap (`maxBytes`, else the default 20 GiB; 0: no cap) when the cache exceeds it.
 * Returns what was evicted, or null when nothing had to be.
 */
export async function enforceCacheCap(storeRoot: string, maxBytes: number | undefined): Promise<GuardedGcResult | null> {
  const cap = maxBytes ?? DEFAULT_DATA_CACHE_MAX_BYTES;
  if (cap <= 0) return null;
  const bytes = (await new DataCache(storeRoot).list()).reduce((n, o) => n + o.size, 0);
  if (bytes <= cap) return null;
  return guardedCollect(storeRoot, cap);
}
