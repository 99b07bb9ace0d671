// The trash: deleting a run moves its directory to `trash/<id>/` (one rename, so a run is never
// half deleted); restoring moves it back; emptying removes it for good and frees its name.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { type RunManifest } from '../model';
import { isNotFound } from '../fs/atomic';
import { isRunId } from './ids';
import { RUN_FILES, type StoreLayout } from './layout';
import { withLock } from '../fs/lock';
import { ManifestError, readManifest } from './manifest';
import { releaseName } from './names';

/** A delete refused because the run is running (stop it first); front ends say so as such. */
export class RunStillRunningError extends Error {
  constructor(readonly run: Pick<RunManifest, 'id' | 'name'>) {
    super(`run ${run.name} (${run.id}) is still running; stop it before deleting it`);
    this.name = 'RunStillRunningError';
  }
}

/** Moves `runs/<id>` to `trash/<id>`. */
export async function moveToTrash(layout: StoreLayout, id: string): Promise<void> {
  await fsp.mkdir(layout.trashDir, { recursive: true });
  await fsp.rename(layout.runDir(id), layout.trashRunDir(id));
}

/**
 * Moves a run to the trash under the run's lock, the one a sweep takes to start a queued run: the
 * sweep then either finds the run gone (and skips it) or has marked it running first, and the
 * delete is refused (false). `seen` is the status the caller read (with crash detection): a run it
 * saw crashed may be trashed even if its record still says running.
 */
export async function trashUnlessRunning(layout: StoreLayout, id: string, seen: RunManifest['status']): Promise<boolean> {
  const dir = layout.runDir(id);
  return withLock(join(dir, RUN_FILES.lock), async () => {
    const now = await readManifest(dir, id).catch(() => undefined); // gone or unreadable: moved to the trash as it is
    if (now?.status === 'running' && seen !== 'crashed') return false;
    await moveToTrash(layout, id);
    // The lock file moved with the directory: left there, a restored run would look locked.
    await fsp.rm(join(layout.trashRunDir(id), RUN_FILES.lock), { force: true });
    return true;
  });
}

/** Moves `trash/<id>` back to `runs/<id>`; throws when there is no such trashed run. */
export async function restoreFromTrash(layout: StoreLayout, id: string): Promise<void> {
  try {
    await fsp.rename(layout.trashRunDir(id), layout.runDir(id));
  } catch (e) {
    if (isNotFound(e)) throw new Error(`run ${id} is not in the trash`);
    throw e;
  }
}

/** Manifests of trashed runs, newest first; unreadable ones are reported through `warn`. */
export async function listTrashed(layout: StoreLayout, warn: (e: ManifestError) => void): Promise<RunManifest[]> {
  const out: RunManifest[] = [];
  for (const id of await trashedIds(layout)) {
    try {
      const m = await readManifest(layout.trashRunDir(id), id);
      if (m) out.push(m);
    } catch (e) {
      if (e instanceof ManifestError) warn(e);
      else throw e;
    }
  }
  return out;
}

/** Removes every trashed run for good and frees its name; returns how many were removed. */
export async function emptyTrashDir(layout: StoreLayout): Promise<number> {
  let removed = 0;
  for (const id of await trashedIds(layout)) {
    const dir = layout.trashRunDir(id);
    const m = await readManifest(dir, id).catch(() => undefined);
    // Rename first so a concurrent restore or listing never sees a half-removed run.
    const doomed = join(layout.trashDir, `.deleting-${id}-${process.pid}`);
    try {
      await fsp.rename(dir, doomed);
    } catch (e) {
      if (isNotFound(e)) continue; // restored or emptied by someone else meanwhile
      throw e;
    }
    await fsp.rm(doomed, { recursive: true, force: true });
    if (m) await releaseName(layout, m.name, id);
    removed++;
  }
  return removed;
}

async function trashedIds(layout: StoreLayout): Promise<string[]> {
  try {
    return (await fsp.readdir(layout.trashDir)).filter(isRunId).sort().reverse();
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
}
