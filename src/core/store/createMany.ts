// Creates many queued runs in one pass (a Slurm sweep queues thousands at once): the same files as
// RunStore.createRun except the heartbeat, but the store is checked once, the files are written
// without one fsync each, and the whole batch is made durable at the end by fsyncing them together.
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type RunManifest } from '../model';
import { isExists, syncDir } from '../fs/atomic';
import { newRunId } from './ids';
import { RUN_FILES, type StoreLayout } from './layout';
import { newManifest, nonFiniteReplacer, type NewRun } from './manifest';
import { allocateName, checkTags } from './names';

/** Files written at once: enough to keep libuv's threads busy, few enough to stay under file limits. */
const PARALLEL = 32;

/** A fresh run directory under a fresh id (another id on the rare clash); returns the id. */
export async function makeRunDir(layout: StoreLayout): Promise<string> {
  for (;;) {
    const id = newRunId();
    try {
      await fsp.mkdir(layout.runDir(id));
      return id;
    } catch (e) {
      if (!isExists(e)) throw e;
    }
  }
}

/**
 * One run's folder, name and run.json (via a temp file and a rename, so a lister never reads half a
 * manifest). No heartbeat or metrics.jsonl: readers take a missing one as empty, run.json's mtime
 * serves as the heartbeat of a queued run, and starting the run (store/queued.ts) creates them.
 */
async function createOne(layout: StoreLayout, init: NewRun, now: Date): Promise<RunManifest> {
  const id = await makeRunDir(layout);
  const dir = layout.runDir(id);
  const name = await allocateName(layout, id);
  const manifest = newManifest(init, id, name, now);
  // The submitting process owns the queued run, as with createRun (store/crash.ts).
  Object.assign(manifest, { process: { host: hostname(), supervisorPid: process.pid, childPid: null } });
  const tmp = join(dir, `.${RUN_FILES.manifest}.${process.pid}.tmp`);
  await fsp.writeFile(tmp, `${JSON.stringify(manifest, nonFiniteReplacer, 2)}\n`, { flag: 'wx' });
  await fsp.rename(tmp, join(dir, RUN_FILES.manifest));
  return manifest;
}

/** fsyncs a file's data (the batch's manifests, once all are written). */
async function syncFile(path: string): Promise<void> {
  const fh = await fsp.open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Runs `fn` over `items`, PARALLEL at a time, keeping the order of results. */
async function inParallel<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return out;
}

/**
 * Creates one run per element of `inits` (names allocated, no given names) in an existing store,
 * and returns their manifests in the same order. The store's format and folders must have been
 * checked (RunStore.createRuns does). Fails on the first error; runs created before it stay, as
 * queued runs a caller settles or removes.
 */
export async function createRunsIn(layout: StoreLayout, inits: readonly NewRun[]): Promise<RunManifest[]> {
  for (const init of inits) {
    if (init.name !== undefined || init.namePrefix !== undefined) throw new Error('createRuns allocates names: a given name or prefix needs createRun');
    if (init.tags !== undefined) checkTags(init.tags);
  }
  const now = new Date();
  const manifests = await inParallel(inits, (init) => createOne(layout, init, now));
  // Durable as a whole: one fsync per manifest, issued together, then the folders they live in.
  await inParallel(manifests, (m) => syncFile(join(layout.runDir(m.id), RUN_FILES.manifest)));
  await inParallel(manifests, (m) => syncDir(layout.runDir(m.id)));
  await syncDir(layout.runsDir);
  await syncDir(layout.namesDir);
  return manifests;
}
