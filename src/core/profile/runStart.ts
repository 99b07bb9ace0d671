// Profiling of a run's tabular datasets as it starts, within the `profile:` budget of runlens.yaml:
// each file version not yet profiled is read once, hashed in the same pass, and its profile stored
// only when the bytes read are the bytes the run recorded (a file edited meanwhile is left alone).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DEFAULT_PROFILE_SETTING, type ProfileSetting } from '../config/monitors';
import { type DatasetManifest } from '../data/types';
import { errorMessage, type ErrorSink } from '../errors';
import { isProfilable, profileFile } from './profileFile';
import { ProfileStore } from './profileStore';

/** What a run-start pass did. */
export interface RunProfileSummary {
  readonly profiled: number;
  readonly stored: number;
  /** Files left out: too big, past the budget, changed while read, or unreadable (with why). */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

/** Profiles the tabular files of `manifests` (recorded by hashing at run start) not profiled yet. */
export async function profileRunInputs(
  workspaceRoot: string, storeRoot: string, manifests: readonly DatasetManifest[], setting: ProfileSetting = DEFAULT_PROFILE_SETTING, sink: ErrorSink = () => undefined,
): Promise<RunProfileSummary> {
  const skipped: { path: string; reason: string }[] = [];
  let profiled = 0;
  let stored = 0;
  if (!setting.enabled) return { profiled, stored, skipped };
  const store = new ProfileStore(storeRoot, sink);
  let budget = setting.maxTotalBytes;
  const seen = new Set<string>();
  for (const f of manifests.flatMap((m) => m.files)) {
    if (!isProfilable(f.path) || seen.has(f.sha256)) continue;
    seen.add(f.sha256);
    if (await store.get(f.sha256)) continue;
    if (f.size > setting.maxFileBytes) { skipped.push({ path: f.path, reason: `larger than profile.maxFileSize (${setting.maxFileBytes} bytes)` }); continue; }
    if (f.size > budget) { skipped.push({ path: f.path, reason: `past profile.maxTotalSize (${setting.maxTotalBytes} bytes)` }); continue; }
    budget -= f.size;
    const hash = createHash('sha256');
    try {
      const profile = await profileFile(join(workspaceRoot, f.path), f.sha256, f.size, { onChunk: (c) => hash.update(c) });
      profiled++;
      if (hash.digest('hex') !== f.sha256) { skipped.push({ path: f.path, reason: 'changed since the run started' }); continue; }
      await store.put(profile);
      stored++;
    } catch (e) {
      skipped.push({ path: f.path, reason: errorMessage(e) });
    }
  }
  return { profiled, stored, skipped };
}
