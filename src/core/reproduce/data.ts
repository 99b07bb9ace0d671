// Puts the exact data a run read into its reproduction's worktree, verified file by file against
// the run's recorded SHA-256 manifest: from the snapshot itself, the workspace (when its copy still
// matches), the data cache or, through it, the data remote. What none of them holds is reported,
// for the user to choose.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { HashCache } from '../data/cache';
import { cloneOrCopy, DataCache, sha256OfFile, type PlaceMethod } from '../data/cacheStore';
import { hashDatasets } from '../data/hash';
import { type DatasetManifest, type FileEntry } from '../data/types';
import { type Deviation } from '../model';

/** Where one file of a dataset came from. */
export type DataSource = 'snapshot' | 'workspace' | 'cache' | 'remote' | 'current';

/** A dataset whose recorded version is neither in the workspace nor in the cache. */
export interface UnavailableDataset {
  readonly spec: string;
  /** The run's dataset hash, and the workspace's now (null when the workspace has none of it). */
  readonly expected: string;
  readonly actual: string | null;
  /** Files of the recorded version that could not be found. */
  readonly missingFiles: number;
  readonly files: number;
  /** The data remote that was asked too, when one is configured. */
  readonly remote?: string;
}

/**
 * Which data a reproduction runs on: the recorded versions, stopping when one cannot be restored
 * (default), or the workspace's current data for every dataset ("would my old code still work on
 * today's data?"), each dataset whose version differs from the recorded one a deviation.
 */
export type DataPolicy = 'restore' | 'current';

/** What was placed in the worktree. */
export interface DataOutcome {
  /** Files per source, e.g. `{ cache: 3, workspace: 1 }`, and how cache files were placed. */
  readonly sources: Record<DataSource, number>;
  readonly methods: Record<PlaceMethod, number>;
  readonly unavailable: UnavailableDataset[];
  readonly deviations: Deviation[];
}

/** What {@link provideData} needs. */
export interface DataInput {
  readonly storeRoot: string;
  /** The user's root the dataset paths are relative to, and the same folder in the worktree. */
  readonly workspaceRoot: string;
  readonly worktreeRoot: string;
  /** The run's full dataset manifests (datasets.json), one per declared spec. */
  readonly manifests: readonly DatasetManifest[];
  /** Declared specs the run recorded no manifest for (hashing was off): copied from the workspace, unverified. */
  readonly unhashed: readonly string[];
  readonly policy: DataPolicy;
  readonly signal?: AbortSignal;
  /**
   * The data remote: `fetch` brings files none of the three sources holds into the data cache
   * (called once, with every such file); what it cannot bring stays unavailable.
   */
  readonly remote?: { readonly name: string; fetch(files: readonly FileEntry[]): Promise<void> };
}

/**
 * Provides every dataset file in the worktree. With policy `restore`, datasets that cannot be
 * restored are listed in `unavailable` (and nothing is run); with `current` every dataset is the
 * workspace's current version, even when the recorded one could be restored, and each that differs
 * from the recorded version is recorded as a deviation.
 */
export async function provideData(input: DataInput): Promise<DataOutcome> {
  const sources: Record<DataSource, number> = { snapshot: 0, workspace: 0, cache: 0, remote: 0, current: 0 };
  const methods: Record<PlaceMethod, number> = { reflink: 0, hardlink: 0, copy: 0 };
  const unavailable: UnavailableDataset[] = [];
  const deviations: Deviation[] = [];
  const specs = [...input.manifests.map((m) => m.spec), ...input.unhashed];
  if (specs.length === 0) return { sources, methods, unavailable, deviations };
  const hashCache = await HashCache.open(input.storeRoot);
  const now = await hashDatasets(input.workspaceRoot, specs, { cache: hashCache, missing: 'warn', signal: input.signal });
  await hashCache.save();
  const cache = new DataCache(input.storeRoot);

  const placeFromWorkspace = async (f: FileEntry): Promise<void> => {
    const dest = join(input.worktreeRoot, f.path);
    await fsp.mkdir(join(dest, '..'), { recursive: true });
    await fsp.rm(dest, { force: true });
    methods[await cloneOrCopy(join(input.workspaceRoot, f.path), dest)]++;
  };

  // The workspace's version of a dataset as a whole (never a mix of two versions); a deviation when
  // it is not the recorded one.
  const useCurrent = async (m: DatasetManifest, current: DatasetManifest): Promise<void> => {
    const currentPaths = new Set(current.files.map((f) => f.path));
    for (const f of m.files) if (!currentPaths.has(f.path)) await fsp.rm(join(input.worktreeRoot, f.path), { force: true });
    for (const f of current.files) { await placeFromWorkspace(f); sources.current++; }
    const actual = current.missing ? null : current.hash;
    if (actual === m.hash) return;
    deviations.push({ kind: 'data', subject: m.spec, expected: m.hash, actual,
      message: actual === null
        ? `dataset "${m.spec}": ran on the current data (--data current), and the workspace no longer has it; ran without it (recorded ${m.hash.slice(0, 12)})`
        : `dataset "${m.spec}": ran on the workspace's current version (${actual.slice(0, 12)}) as asked (--data current), not the recorded ${m.hash.slice(0, 12)}` });
  };

  // Files found nowhere yet, per dataset: fetched from the remote together, then placed from the cache.
  const pending: { m: DatasetManifest; current: DatasetManifest; files: FileEntry[] }[] = [];
  for (const [i, m] of input.manifests.entries()) {
    const current = now.manifests[i] as DatasetManifest;
    const currentByPath = new Map(current.files.map((f) => [f.path, f]));
    if (input.policy === 'current') {
      await useCurrent(m, current);
      continue;
    }
    const notFound: FileEntry[] = [];
    for (const f of m.files) {
      const dest = join(input.worktreeRoot, f.path);
      if (await sha256OfFile(dest).then((h) => h === f.sha256, () => false)) { sources.snapshot++; continue; }
      if (currentByPath.get(f.path)?.sha256 === f.sha256) {
        await placeFromWorkspace(f);
        sources.workspace++;
        continue;
      }
      const how = await cache.materialize(f.sha256, dest);
      if (how) { methods[how]++; sources.cache++; continue; }
      notFound.push(f);
    }
    if (notFound.length > 0) pending.push({ m, current, files: notFound });
  }
  if (pending.length > 0 && input.remote) await input.remote.fetch(pending.flatMap((p) => p.files));
  for (const { m, current, files } of pending) {
    let missingFiles = 0;
    for (const f of files) {
      const how = input.remote ? await cache.materialize(f.sha256, join(input.worktreeRoot, f.path)) : null;
      if (how) { methods[how]++; sources.remote++; continue; }
      missingFiles++;
    }
    if (missingFiles > 0) {
      unavailable.push({ spec: m.spec, expected: m.hash, actual: current.missing ? null : current.hash, missingFiles, files: m.files.length,
        ...(input.remote ? { remote: input.remote.name } : {}) });
    }
  }

  for (const [j, spec] of input.unhashed.entries()) {
    const current = now.manifests[input.manifests.length + j] as DatasetManifest;
    for (const f of current.files) { await placeFromWorkspace(f); sources.current++; }
    deviations.push({ kind: 'data', subject: spec, expected: null, actual: current.missing ? null : current.hash,
      message: `dataset "${spec}": the run recorded no hash (hashing was off), so the workspace's current copy was used unverified` });
  }
  return { sources, methods, unavailable, deviations };
}

/** "data/points.csv (recorded 3f2a9c1e..., workspace now 9b1d...)" lines for messages. */
export function describeUnavailable(u: UnavailableDataset): string {
  const now = u.actual === null ? 'missing from the workspace' : `workspace now ${u.actual.slice(0, 12)}`;
  return `dataset "${u.spec}": recorded version ${u.expected.slice(0, 12)} is not in the data cache${u.remote === undefined ? '' : ` nor on the data remote ${u.remote}`} (${u.missingFiles} of ${u.files} file(s) unavailable; ${now})`;
}
