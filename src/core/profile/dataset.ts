// Profiles a file, folder or glob of the workspace as a run's dataset: hash it (stat cache), take
// each tabular file's profile from the profile store or compute and store it, and merge a folder's
// profiles into one. What cannot be profiled is said per file, never a failure of the whole.
import { join } from 'node:path';
import { type HashCache } from '../data/cache';
import { hashDatasets } from '../data/hash';
import { type DatasetManifest } from '../data/types';
import { errorMessage } from '../errors';
import { mergeProfiles } from './merge';
import { isProfilable, profileFile, type ProfileOptions } from './profileFile';
import { type ProfileStore } from './profileStore';
import { type FileProfile } from './types';

/** The profiles of one dataset spec. */
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

/** What profiling needs besides the spec. */
export interface DatasetProfileOptions extends ProfileOptions {
  readonly hashCache?: HashCache;
  readonly store: ProfileStore;
  /** Recompute even when a stored profile exists. */
  readonly refresh?: boolean;
}

/**
 * Profiles `spec` (relative to `workspaceRoot`, as in `datasets:`). Throws DatasetMissingError /
 * DatasetSpecError like hashing does.
 */
export async function profileDataset(workspaceRoot: string, spec: string, options: DatasetProfileOptions): Promise<DatasetProfile> {
  const { manifests } = await hashDatasets(workspaceRoot, [spec], { cache: options.hashCache });
  const manifest = manifests[0] as DatasetManifest;
  const files: { path: string; profile: FileProfile; cached: boolean }[] = [];
  const problems: { path: string; message: string }[] = manifest.errors.map((e) => ({ ...e }));
  for (const f of manifest.files) {
    if (!isProfilable(f.path)) continue;
    const stored = options.refresh ? undefined : await options.store.get(f.sha256);
    if (stored) { files.push({ path: f.path, profile: stored, cached: true }); continue; }
    try {
      const profile = await profileFile(join(workspaceRoot, f.path), f.sha256, f.size, options);
      await options.store.put(profile);
      files.push({ path: f.path, profile, cached: false });
    } catch (e) {
      problems.push({ path: f.path, message: `could not be profiled: ${errorMessage(e)}` });
    }
  }
  const profile = files.length === 0 ? undefined
    : files.length === 1 && manifest.files.length === 1 ? files[0]?.profile
    : mergeProfiles(manifest.hash, files.map((f) => f.profile));
  return { spec, manifest, files, profile, problems };
}
