// What a drift side names: a file, folder or glob of the workspace as it is now, or the data a run
// read (`RUN` or `RUN:SPEC` for one of several datasets), profiled from its recorded version.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readRunLinkFiles } from '../compare/runFiles';
import { type RunManifest } from '../model';
import { profileDataset, profileManifest, type DatasetProfile, type DatasetProfileOptions } from '../profile/dataset';
import { isProfilable } from '../profile/profileFile';
import { StoreLayout } from '../store/layout';
import { type RunStore } from '../store/store';

/** A side that cannot be resolved; the message says why and what exists instead. */
export class DataRefError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'DataRefError';
  }
}

/** A resolved, profiled side. */
export interface ProfiledSide {
  /** How to show it: the spec, or `run name: spec`. */
  readonly label: string;
  readonly data: DatasetProfile;
  readonly run?: RunManifest;
}

/** True when `ref` names something in the workspace (a path that exists, or a glob). */
export function isWorkspaceSpec(workspaceRoot: string, ref: string): boolean {
  return /[*?{[]/.test(ref) || existsSync(join(workspaceRoot, ref));
}

/** Profiles what `ref` names (see the module comment). */
export async function profileRef(workspaceRoot: string, store: RunStore, ref: string, options: DatasetProfileOptions): Promise<ProfiledSide> {
  if (isWorkspaceSpec(workspaceRoot, ref)) return { label: ref, data: await profileDataset(workspaceRoot, ref, options) };
  const colon = ref.indexOf(':');
  const key = colon > 0 ? ref.slice(0, colon) : ref;
  const spec = colon > 0 ? ref.slice(colon + 1) : undefined;
  const run = await store.getRun(key);
  if (!run) throw new DataRefError(`"${ref}" is neither a path in the workspace nor a run`, 'name a file, folder or glob, or a run (id, name or id prefix), optionally RUN:DATASET');
  return profileRunData(workspaceRoot, store, run, spec, options);
}

/** Profiles the version of a run's dataset (`spec`, or its only tabular dataset) the run recorded. */
export async function profileRunData(workspaceRoot: string, store: RunStore, run: RunManifest, spec: string | undefined, options: DatasetProfileOptions): Promise<ProfiledSide> {
  const links = await readRunLinkFiles(new StoreLayout(store.root).runDir(run.id));
  const manifests = links.datasets ?? [];
  const tabular = manifests.filter((m) => m.files.some((f) => isProfilable(f.path)));
  const chosen = spec === undefined ? tabular : tabular.filter((m) => m.spec === spec);
  if (chosen.length !== 1) {
    const names = tabular.map((m) => m.spec).join(', ') || 'none';
    throw new DataRefError(
      spec === undefined && tabular.length > 1 ? `run ${run.name} read several tabular datasets: say which` : `run ${run.name} recorded no tabular dataset${spec === undefined ? '' : ` "${spec}"`}`,
      `its tabular datasets: ${names} (write ${run.name}:DATASET)`,
    );
  }
  const manifest = chosen[0] as (typeof chosen)[number];
  const data = await profileManifest(workspaceRoot, manifest, { ...options, storeRoot: store.root });
  return { label: `${run.name}: ${manifest.spec}`, data, run };
}
