// One data shift check, as the watcher and the Data Shift view run it: a reference (any form a
// monitor takes) against workspace files (core's checkMonitor), or against another recorded version.
// Only reads files (hashing, profiling): safe in an untrusted workspace, nothing is executed.
import { type MonitorConfig, type MonitorReference } from '../../core/config/monitors';
import { HashCache } from '../../core/data/cache';
import { compareProfiles } from '../../core/drift/drift';
import { checkMonitor, profileReference, type MonitorResult } from '../../core/drift/monitor';
import { errorMessage } from '../../core/errors';
import { ProfileStore } from '../../core/profile/profileStore';
import { type FileProfile } from '../../core/profile/types';
import { ensureStore, StoreLayout } from '../../core/store/layout';
import { type FolderRuns } from '../runs/folderRuns';

/** What to compare: a monitor of runlens.yaml, or one made up by a command (its current side may be a recorded version). */
export interface ShiftSpec extends Omit<MonitorConfig, 'current'> {
  /** Workspace files, folders or globs judged together, or a recorded version. */
  readonly current: readonly string[] | MonitorReference;
  /** True for a monitor of runlens.yaml (the watcher's), false for a one-off comparison. */
  readonly configured: boolean;
}

/** The outcome of a check: core's result, the two profiles compared, and when. */
export interface ShiftOutcome {
  readonly result: MonitorResult;
  readonly currentLabel: string;
  readonly profiles?: { readonly reference: FileProfile; readonly current: FileProfile };
  readonly checkedAt: Date;
}

/** How a current side reads. */
export function currentLabel(spec: ShiftSpec, resolved?: string): string {
  return resolved ?? (Array.isArray(spec.current) ? (spec.current as readonly string[]).join(', ') : 'the other version');
}

/** Runs one check in `folder`'s workspace and store; never throws (a failure is the result's `error`). */
export async function runShiftCheck(folder: FolderRuns, spec: ShiftSpec, log: (line: string) => void): Promise<ShiftOutcome> {
  const store = folder.store;
  const layout = new StoreLayout(store.root);
  const hashCache = await HashCache.open(layout.root);
  const options = { hashCache, store: new ProfileStore(layout.root, (what, why) => log(`${what}: ${why}`)) };
  let profiles: ShiftOutcome['profiles'];
  const keep = (reference: FileProfile, current: FileProfile): void => { profiles = { reference, current }; };
  let result: MonitorResult;
  let label: string | undefined;
  if (Array.isArray(spec.current)) {
    result = await checkMonitor(store.workspaceRoot, store, { ...spec, current: spec.current as readonly string[] }, options, keep);
  } else {
    const current = spec.current as MonitorReference;
    result = await compareVersions(folder, spec, current, options, keep);
    label = result.current[0];
  }
  try {
    await ensureStore(layout);
    await hashCache.save();
  } catch (e) {
    log(`Runlens could not save the hash cache: ${errorMessage(e)}`);
  }
  return { result, currentLabel: currentLabel(spec, label), ...(profiles ? { profiles } : {}), checkedAt: new Date() };
}

/** A recorded version (or run's data) against another. */
async function compareVersions(
  folder: FolderRuns, spec: ShiftSpec, current: MonitorReference, options: Parameters<typeof profileReference>[3],
  keep: (r: FileProfile, c: FileProfile) => void,
): Promise<MonitorResult> {
  const store = folder.store;
  const problems: string[] = [];
  try {
    const ref = await profileReference(store.workspaceRoot, store, spec.reference, options);
    const cur = await profileReference(store.workspaceRoot, store, current, options);
    for (const s of [ref, cur]) for (const p of s.data.problems) problems.push(`${s.label}: ${p.path}: ${p.message}`);
    const base = { name: spec.name, reference: ref.label, current: [cur.label], problems };
    if (!ref.data.profile) return { ...base, error: `the reference ${ref.label} has no tabular data to compare with` };
    if (!cur.data.profile) return { ...base, error: `${cur.label} has no tabular data to compare` };
    keep(ref.data.profile, cur.data.profile);
    const report = compareProfiles(ref.data.profile, cur.data.profile, {
      ...(spec.share === undefined ? {} : { datasetShare: spec.share }),
      ...(spec.columns === undefined ? {} : { columns: spec.columns }),
    });
    return { ...base, report };
  } catch (e) {
    return { name: spec.name, current: [], problems, error: errorMessage(e) };
  }
}
