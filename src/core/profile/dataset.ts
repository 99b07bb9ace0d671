// Profiles a dataset: a file, folder or glob of the workspace as it is now (hashed with the stat
// cache; a file it cannot vouch for is hashed while it is profiled), or a version a run recorded (its manifest). Each tabular file's profile comes from the
// profile store or is computed from content with that hash (the workspace file when it still has
// it, else the data cache's copy) and stored; a folder's profiles are merged into one.
import { join } from 'node:path';
import { type HashCache } from '../data/cache';
import { DataCache, sha256OfFile } from '../data/cacheStore';
import { startHashing } from '../data/hash';
import { type DatasetManifest, type FileEntry } from '../data/types';
import { errorMessage } from '../errors';
import { mergeProfiles } from './merge';
import { profileAndHash, type HashedProfile } from './onePass';
import { isProfilable, profileFile, type ProfileOptions } from './profileFile';
import { type ProfileStore } from './profileStore';
import { type FileProfile } from './types';

/** The profiles of one dataset. */
export interface DatasetProfile {
  readonly spec: string;
  readonly manifest: DatasetManifest;
  /** Per tabular file: its path (relative to the workspace) and profile. */
  readonly files: readonly { readonly path: string; readonly profile: FileProfile; readonly cached: boolean }[];
  /** The dataset as one profile: the single file's own, or the files merged (undefined: none tabular). */
  readonly profile: FileProfile | undefined;
  /** Files that could not be profiled, with why. */
  readonly problems: readonly { readonly path: string; readonly message: string }[];
}

/** What profiling needs besides the dataset. */
export interface DatasetProfileOptions extends ProfileOptions {
  readonly hashCache?: HashCache;
  readonly store: ProfileStore;
  /** The store root, to find copies in the data cache of versions no longer in the workspace. */
  readonly storeRoot?: string;
  /** Recompute even when a stored profile exists. */
  readonly refresh?: boolean;
}

/**
 * Profiles `spec` (relative to `workspaceRoot`, as in `datasets:`) as it is now. Throws
 * DatasetMissingError / DatasetSpecError like hashing does.
 */
export async function profileDataset(workspaceRoot: string, spec: string, options: DatasetProfileOptions): Promise<DatasetProfile> {
  // A tabular file the stat cache cannot vouch for is read once, profiled and hashed in the same
  // pass: new content is the common case. Content profiled before (a copy, a touched or just-written
  // file) is then profiled again where a hash alone would have found its stored profile.
  const pass = await startHashing(workspaceRoot, [spec], { cache: options.hashCache, leave: (f) => isProfilable(f.rel) });
  const read = new Map<string, HashedProfile['profile']>();
  for (const f of pass.left) {
    let r = await profileAndHash(f.abs, { ...options, name: f.rel });
    // Written to while it was read: one more try, as hashing gives (then an error entry).
    if (r.hash.ok && r.hash.changed) r = await profileAndHash(f.abs, { ...options, name: f.rel });
    pass.settle(f, r.hash);
    if (r.hash.ok && !r.hash.changed) read.set(r.hash.sha256, r.profile);
  }
  const { manifests } = pass.finish();
  return profileManifest(workspaceRoot, manifests[0] as DatasetManifest, options, true, read);
}

/**
 * Profiles the version `manifest` records. With `current` the workspace files are known to have
 * the recorded hashes (they were just hashed); otherwise a file is read only after checking it.
 * `read` holds what profiling while hashing gave, by content hash (stored here, not read again).
 */
export async function profileManifest(
  workspaceRoot: string, manifest: DatasetManifest, options: DatasetProfileOptions, current = false, read?: ReadonlyMap<string, HashedProfile['profile']>,
): Promise<DatasetProfile> {
  const files: { path: string; profile: FileProfile; cached: boolean }[] = [];
  const problems: { path: string; message: string }[] = manifest.errors.map((e) => ({ ...e }));
  for (const f of manifest.files) {
    if (!isProfilable(f.path)) continue;
    const stored = options.refresh ? undefined : await options.store.get(f.sha256);
    if (stored) { files.push({ path: f.path, profile: stored, cached: true }); continue; }
    const done = read?.get(f.sha256);
    if (done !== undefined && 'problem' in done) { problems.push({ path: f.path, message: done.problem }); continue; }
    if (done !== undefined) {
      try {
        await options.store.put(done);
      } catch (e) {
        problems.push({ path: f.path, message: `its profile could not be stored: ${errorMessage(e)}` });
      }
      files.push({ path: f.path, profile: done, cached: false });
      continue;
    }
    try {
      const source = current ? join(workspaceRoot, f.path) : await contentOf(workspaceRoot, f, options.storeRoot);
      if (source === undefined) {
        problems.push({ path: f.path, message: 'this version is neither profiled nor available (the file changed since, and the data cache holds no copy)' });
        continue;
      }
      const profile = await profileFile(source, f.sha256, f.size, { ...options, name: f.path });
      await options.store.put(profile);
      files.push({ path: f.path, profile, cached: false });
    } catch (e) {
      problems.push({ path: f.path, message: `could not be profiled: ${errorMessage(e)}` });
    }
  }
  const profile = files.length === 0 ? undefined
    : files.length === 1 && manifest.files.length === 1 ? files[0]?.profile
    : mergeProfiles(manifest.hash, files.map((f) => f.profile));
  return { spec: manifest.spec, manifest, files, profile, problems };
}

/** A path holding content `f.sha256`: the workspace file if unchanged, else the data cache's copy. */
async function contentOf(workspaceRoot: string, f: FileEntry, storeRoot: string | undefined): Promise<string | undefined> {
  const path = join(workspaceRoot, f.path);
  const sha = await sha256OfFile(path).catch(() => undefined); // gone or unreadable: try the data cache
  if (sha === f.sha256) return path;
  if (storeRoot === undefined) return undefined;
  const cache = new DataCache(storeRoot);
  return (await cache.has(f.sha256)) ? cache.objectPath(f.sha256) : undefined;
}
