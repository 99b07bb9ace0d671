// User edits of a run (rename, tags, star, note): read-modify-write of run.json under the run's
// manifest lock, so an edit never races the supervisor's own manifest writes or another editor.
import { join } from 'node:path';
import { type RunManifest } from '../model';
import { editTags } from '../query/tags';
import { withLock } from '../fs/lock';
import { RUN_FILES, type StoreLayout } from './layout';
import { readManifest, writeManifest } from './manifest';
import { checkTags, invalidName, nameOwner, releaseName, reserveName } from './names';

/**
 * The user-editable fields of a run. Tags are best edited with `addTags`/`removeTags`: they apply
 * to the tags on disk under the lock, so parallel editors never undo each other; `tags` replaces
 * the whole list (applied first, then the removals and additions).
 */
export interface RunUpdate {
  readonly name?: string;
  readonly tags?: readonly string[];
  readonly addTags?: readonly string[];
  readonly removeTags?: readonly string[];
  readonly starred?: boolean;
  readonly note?: string;
}

/** Applies `patch` to the run in `runDir` and returns the new manifest. */
export async function applyUpdate(layout: StoreLayout, runDir: string, id: string, patch: RunUpdate): Promise<RunManifest> {
  if (patch.name !== undefined) {
    const why = invalidName(patch.name);
    if (why) throw new Error(`invalid run name ${JSON.stringify(patch.name)}: ${why}`);
  }
  checkTags([...(patch.tags ?? []), ...(patch.addTags ?? [])]);
  // Read run.json only once the lock is held: a copy read before could miss an edit just made.
  return withLock(join(runDir, RUN_FILES.lock), async () => {
    const m = await readManifest(runDir, id);
    if (!m) throw new Error(`run ${id} has no manifest`);
    let releaseOld: string | undefined;
    if (patch.name !== undefined && patch.name !== m.name) {
      const sameRun = patch.name.toLowerCase() === m.name.toLowerCase();
      if (!sameRun && !(await reserveName(layout, patch.name, id))) {
        throw new Error(`the name ${JSON.stringify(patch.name)} is already used by run ${(await nameOwner(layout, patch.name)) ?? '?'}`);
      }
      if (!sameRun) releaseOld = m.name;
      m.name = patch.name;
    }
    if (patch.tags !== undefined || patch.addTags !== undefined || patch.removeTags !== undefined) {
      m.tags = editTags(patch.tags ?? m.tags, patch.addTags ?? [], patch.removeTags ?? []);
    }
    if (patch.starred !== undefined) m.starred = patch.starred;
    if (patch.note !== undefined) m.note = patch.note;
    try {
      await writeManifest(runDir, m);
    } catch (e) {
      if (releaseOld !== undefined) await releaseName(layout, m.name, id);
      throw e;
    }
    if (releaseOld !== undefined) await releaseName(layout, releaseOld, id);
    return m;
  });
}
