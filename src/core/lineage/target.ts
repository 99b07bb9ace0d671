// What a data argument of a lineage question names (a workspace path, a hash prefix, or a path only
// the history knows): the data target the queries match, shared by `runlens lineage` and the editor.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type HashCache } from '../data/cache';
import { hashDatasets } from '../data/hash';
import { targetFromPath, type DataTarget } from './query';
import { type LineageRunRecord } from './types';

/** A hash prefix long enough to mean one version or file. */
const HASH_PREFIX = /^[0-9a-f]{8,64}$/;

/**
 * The target `arg` names: a path that exists in `root` means its content now (hashed through
 * `cache`, so found even after a rename); a hash prefix (8+ hex digits) names the versions and files
 * it starts; any other path means every version recorded under it.
 */
export async function resolveDataTarget(root: string, records: readonly LineageRunRecord[], arg: string, cache: () => Promise<HashCache>): Promise<DataTarget> {
  if (existsSync(resolve(root, arg))) {
    const r = await hashDatasets(root, [arg], { cache: await cache(), missing: 'warn' });
    const m = r.manifests[0];
    // Empty files never identify anything (every empty file has the same hash).
    const files = new Set((m?.files ?? []).filter((f) => f.size > 0).map((f) => f.sha256));
    return { hashes: new Set(m ? [m.hash] : []), files };
  }
  if (HASH_PREFIX.test(arg)) {
    const hashes = new Set<string>();
    const files = new Set<string>();
    for (const r of records) {
      for (const v of [...r.datasets, ...r.outputs]) {
        if (v.hash.startsWith(arg)) hashes.add(v.hash);
        for (const f of v.files ?? []) if (f.sha256.startsWith(arg)) files.add(f.sha256);
      }
    }
    if (hashes.size + files.size > 0) return { hashes, files };
  }
  return targetFromPath(records, arg);
}
