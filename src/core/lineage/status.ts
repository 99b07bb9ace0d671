// `runlens status` in core: loads the runs, builds their lineage, hashes the inputs the current
// results read as the workspace holds them now (through the stat cache, so an unchanged workspace
// costs stat time only) and judges what is stale and why (stale.ts).
import { type HashCache } from '../data/cache';
import { hashDatasets } from '../data/hash';
import { DatasetSpecError, type DatasetManifest, type HashStats } from '../data/types';
import { openLiveJournal, type LiveJournal } from '../data/journalRead';
import { unchangedVersions } from '../data/walkPrint';
import { type RunStore } from '../store/store';
import { buildLineage } from './graph';
import { loadLineageRecords } from './load';
import { inputsToCheck, judgeStaleness, type StaleVerdict, type WorkspaceVersion } from './stale';
import { type LineageRunRecord } from './types';

/** What `runlens status` reports (JSON-serialisable). */
export interface StatusReport {
  /** The current runs' verdicts, then stale upstream runs that are not current themselves. */
  readonly runs: StaleVerdict[];
  /** How many of `runs` are stale. */
  readonly stale: number;
  /** The dataset specs hashed in the workspace. */
  readonly specs: string[];
  /** Specs that could not be checked (e.g. no longer a valid path), with why. */
  readonly problems: string[];
  readonly hashing: HashStats;
  /** A live change journal was used: datasets with no change logged since their last check were not stat-ed. */
  readonly journal: boolean;
}

/** Hashes `specs` in `root` as they are now; a spec that vanished is `missing`. */
export async function workspaceVersions(root: string, specs: readonly string[], cache: HashCache, problems: string[]): Promise<{ map: Map<string, WorkspaceVersion>; stats: HashStats }> {
  const map = new Map<string, WorkspaceVersion>();
  const stats: HashStats = { filesHashed: 0, bytesHashed: 0, cacheHits: 0 };
  const add = (ms: readonly DatasetManifest[], s: HashStats): void => {
    for (const m of ms) map.set(m.spec, { hash: m.hash, missing: m.missing, files: m.files });
    stats.filesHashed += s.filesHashed;
    stats.bytesHashed += s.bytesHashed;
    stats.cacheHits += s.cacheHits;
  };
  if (specs.length === 0) return { map, stats };
  try {
    const r = await hashDatasets(root, specs, { cache, missing: 'warn' });
    add(r.manifests, r.stats);
  } catch (e) {
    if (!(e instanceof DatasetSpecError)) throw e;
    // One recorded spec no longer parses here (e.g. another platform's path): check the others alone.
    for (const spec of specs) {
      try {
        const r = await hashDatasets(root, [spec], { cache, missing: 'warn' });
        add(r.manifests, r.stats);
      } catch (inner) {
        if (!(inner instanceof DatasetSpecError)) throw inner;
        problems.push(inner.message);
      }
    }
  }
  return { map, stats };
}

/**
 * Judges already loaded `records` against the workspace `root`. An input whose walk fingerprint
 * still holds (every file stat-ed, none changed) and which every judged run read in that very
 * version cannot make anything stale, so it skips the per-file hashing pass; the others take it,
 * which also names the files that changed.
 */
export async function statusOf(records: readonly LineageRunRecord[], root: string, cache: HashCache, journal?: LiveJournal | null): Promise<StatusReport> {
  const graph = buildLineage(records);
  const reads = inputsToCheck(graph, records);
  const specs = [...reads.keys()].sort();
  const problems: string[] = [];
  const quick = await unchangedVersions(root, specs, cache, undefined, journal);
  const settled = new Map([...quick].filter(([spec, v]) => [...(reads.get(spec) ?? [])].every((h) => h === v.hash)));
  const { map, stats } = await workspaceVersions(root, specs.filter((s) => !settled.has(s)), cache, problems);
  for (const [spec, v] of settled) {
    // No files: a verdict consults them only when the hash differs from what a run read, and here none does.
    map.set(spec, { hash: v.hash, missing: false, files: [] });
    stats.cacheHits += v.files;
  }
  const runs = judgeStaleness(graph, records, map);
  return { runs, stale: runs.filter((v) => v.stale).length, specs, problems, hashing: stats, journal: !!journal };
}

/**
 * The status of the workspace whose runs `store` holds. With `journal` (the default), a live change
 * journal kept by the editor spares the stats of datasets nothing touched (journalRead.ts).
 */
export async function workspaceStatus(store: RunStore, cache: HashCache, options: { journal?: boolean } = {}): Promise<StatusReport> {
  // The sync waits for the editor's watcher; the store is read meanwhile.
  const [journal, records] = await Promise.all([
    options.journal === false ? null : openLiveJournal(store.root, store.workspaceRoot),
    loadLineageRecords(store),
  ]);
  return statusOf(records, store.workspaceRoot, cache, journal);
}
