// Creates one run: its id and folder, its name (given, numbered from a prefix, or generated), its
// first files and manifest; all or nothing, so a failure (a full disk) leaves neither folder nor name.
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { makeRunDir } from './createMany';
import { runCreationError } from './io';
import { RUN_FILES, type StoreLayout } from './layout';
import { newManifest, writeManifest, type NewRun } from './manifest';
import { allocateName, allocateNumberedName, checkTags, invalidName, nameOwner, releaseName, reserveName } from './names';
import { RunWriter } from './writer';

/** Creates a run in the store of `layout` (checked and made by the caller) and returns its writer (RunStore.createRun). */
export async function createRunIn(layout: StoreLayout, init: NewRun): Promise<RunWriter> {
  if (init.name !== undefined) {
    const why = invalidName(init.name);
    if (why) throw new Error(`invalid run name ${JSON.stringify(init.name)}: ${why}`);
  }
  if (init.tags !== undefined) checkTags(init.tags);
  const id = await makeRunDir(layout);
  const dir = layout.runDir(id);
  const io = layout.io;
  let name: string | undefined;
  let taken = false;
  try {
    if (init.name !== undefined) {
      if (!(await reserveName(layout, init.name, id))) {
        taken = true;
        throw new Error(`the name ${JSON.stringify(init.name)} is already used by run ${(await nameOwner(layout, init.name)) ?? '?'}`);
      }
      name = init.name;
    } else {
      name = init.namePrefix ? await allocateNumberedName(layout, id, init.namePrefix) : await allocateName(layout, id);
    }
    const manifest = newManifest(init, id, name, new Date());
    // A running run's supervisor, or the owner of a queued one (the sweep that will start it): either
    // way the process whose death readers detect (store/crash.ts), so nothing waits forever.
    Object.assign(manifest, { process: { host: hostname(), supervisorPid: process.pid, childPid: null } });
    await io.createFile(join(dir, RUN_FILES.heartbeat), '');
    await io.appendFile(join(dir, RUN_FILES.metrics), '');
    await writeManifest(dir, manifest, io);
    return new RunWriter(layout, manifest);
  } catch (e) {
    // E.g. a full disk: no half-made run (a folder without run.json, a name held by nothing) stays.
    await fsp.rm(dir, { recursive: true, force: true }).catch(() => undefined); // undoing a half-made run: the original failure, thrown next, is what the caller reports
    if (name !== undefined) await releaseName(layout, name, id).catch(() => undefined); // as above
    throw taken ? e : runCreationError(layout.root, e);
  }
}
