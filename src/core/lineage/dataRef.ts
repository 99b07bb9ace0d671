// Names a side of a data diff (docs/lineage.md#data-diff): `PATH@HASH` is a version some run
// recorded under PATH, a plain PATH is what the workspace holds there now. Resolves either into a
// DataSide whose contents come from the data cache or, when it still holds them, the workspace.
import { resolve } from 'node:path';
import { type HashCache } from '../data/cache';
import { DataCache } from '../data/cacheStore';
import { type DataSide, type DiffFile } from '../data/diffData';
import { hashDatasets } from '../data/hash';
import { type LineageRunRecord, type VersionRecord } from './types';

/** A parsed data reference: a version (by hash prefix) or the workspace's content of a path. */
export type DataRef = { readonly kind: 'version'; readonly spec: string; readonly hash: string } | { readonly kind: 'workspace'; readonly spec: string };

/** Hash characters shown in labels. */
const SHORT = 12;
const REF = /^(.+)@([0-9a-f]{6,64})$/;

/** Normalises a path as specs are recorded: posix separators, no `./`, no trailing slash. */
export function normalizeSpec(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/** `PATH@HASH` (6+ lowercase hex digits) as a version reference; null for anything else. */
export function parseVersionRef(arg: string): DataRef | null {
  const m = REF.exec(arg);
  return m ? { kind: 'version', spec: normalizeSpec(m[1] as string), hash: m[2] as string } : null;
}

/** A data reference problem the user can fix (unknown version, ambiguous prefix, no manifest). */
export class DataRefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataRefError';
  }
}

/** The versions recorded under `spec` (by any run, as dataset or output), one per hash, newest first. */
export function versionsOf(records: readonly LineageRunRecord[], path: string): VersionRecord[] {
  const spec = normalizeSpec(path);
  const byHash = new Map<string, VersionRecord>();
  const ordered = [...records].sort((x, y) => (x.id < y.id ? 1 : x.id > y.id ? -1 : 0));
  for (const r of ordered) {
    for (const v of [...r.datasets, ...r.outputs]) {
      if (normalizeSpec(v.spec) !== spec) continue;
      // Prefer a record that kept its per-file manifest.
      if (!byHash.has(v.hash) || (byHash.get(v.hash)?.files === null && v.files !== null)) byHash.set(v.hash, v);
    }
  }
  return [...byHash.values()];
}

/** The one version of `spec` whose hash starts with `prefix`. */
export function findVersion(records: readonly LineageRunRecord[], path: string, prefix: string): VersionRecord {
  const spec = normalizeSpec(path);
  const all = versionsOf(records, spec);
  const hits = all.filter((v) => v.hash.startsWith(prefix));
  const known = all.slice(0, 5).map((v) => v.hash.slice(0, SHORT)).join(', ');
  if (all.length === 0) throw new DataRefError(`no run recorded "${spec}" as a dataset or output (runlens datasets lists the declared paths)`);
  if (hits.length === 0) throw new DataRefError(`no version of "${spec}" starts with ${prefix} (recorded: ${known}${all.length > 5 ? ', ...' : ''})`);
  if (hits.length > 1) throw new DataRefError(`${prefix} matches ${hits.length} versions of "${spec}": give more digits`);
  return hits[0] as VersionRecord;
}

/** What resolving sides needs: the records, the workspace root, and the store's caches. */
export interface DataRefContext {
  readonly records: readonly LineageRunRecord[];
  readonly root: string;
  readonly storeRoot: string;
  /** The stat cache: the workspace is hashed through it (the caller saves it). */
  readonly hashCache: HashCache;
}

/** The workspace's files under `spec` now, hashed through the stat cache; null when nothing is there. */
export async function workspaceFiles(ctx: DataRefContext, spec: string): Promise<{ hash: string; files: DiffFile[] } | null> {
  const r = await hashDatasets(ctx.root, [spec], { cache: ctx.hashCache, missing: 'warn' });
  const m = r.manifests[0];
  return m && !m.missing ? { hash: m.hash, files: m.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })) } : null;
}

/** Resolves a reference to a diff side. A version's files are read from the data cache, else from the workspace when it holds the same content. */
export async function resolveDataSide(ctx: DataRefContext, given: DataRef): Promise<DataSide> {
  const ref = { ...given, spec: normalizeSpec(given.spec) };
  const now = await workspaceFiles(ctx, ref.spec);
  const bySha = new Map((now?.files ?? []).map((f) => [f.sha256, resolve(ctx.root, f.path)]));
  if (ref.kind === 'workspace') {
    return {
      label: `${ref.spec} (workspace)`, hash: now?.hash ?? null, workspace: true, files: now?.files ?? [],
      locate: (f) => Promise.resolve(bySha.get(f.sha256) ?? null),
    };
  }
  const v = findVersion(ctx.records, ref.spec, ref.hash);
  if (v.files === null) throw new DataRefError(`the per-file manifest of ${ref.spec} @ ${v.hash.slice(0, SHORT)} is not in the store any more: only its hash is known`);
  const cache = new DataCache(ctx.storeRoot);
  return {
    label: `${ref.spec} @ ${v.hash.slice(0, SHORT)}`, hash: v.hash, workspace: false, files: v.files,
    locate: async (f) => ((await cache.has(f.sha256)) ? cache.objectPath(f.sha256) : bySha.get(f.sha256) ?? null),
  };
}
