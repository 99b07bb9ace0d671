// Creates many queued runs in one pass (a Slurm sweep queues thousands at once): the same files as
// RunStore.createRun except the heartbeat, but the store is checked once, each file is written in
// one call, and the folders are made durable together at the end (few syscalls per run).
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

/** What the runs of one batch share: the creation time, the queue owner, each name stem's next number. */
interface Batch {
  readonly layout: StoreLayout;
  readonly now: Date;
  readonly host: string;
  /** process.pid costs a system call per read. */
  readonly pid: number;
  readonly nextNumber: Map<string, number>;
}

/**
 * One run's folder, name and run.json: written to a temp file in one write, fsynced, then renamed
 * (a lister never reads half a manifest, and a renamed run.json is never empty after a power cut).
 * No heartbeat or metrics.jsonl: readers take a missing one as empty, run.json's mtime serves as
 * the heartbeat of a queued run, and starting the run (store/queued.ts) creates them.
 */
async function createOne(batch: Batch, init: NewRun): Promise<RunManifest> {
  const { layout } = batch;
  const id = await makeRunDir(layout);
  const dir = layout.runDir(id);
  const name = await allocateName(layout, id, batch.nextNumber);
  const manifest = newManifest(init, id, name, batch.now);
  // The submitting process owns the queued run, as with createRun (store/crash.ts).
  Object.assign(manifest, { process: { host: batch.host, supervisorPid: batch.pid, childPid: null } });
  const tmp = join(dir, `.${RUN_FILES.manifest}.${batch.pid}.tmp`);
  const fh = await fsp.open(tmp, 'wx');
  try {
    await fh.writeFile(`${JSON.stringify(manifest, nonFiniteReplacer, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsp.rename(tmp, join(dir, RUN_FILES.manifest));
  return manifest;
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
  const batch: Batch = { layout, now: new Date(), host: hostname(), pid: process.pid, nextNumber: new Map() };
  const manifests = await inParallel(inits, (init) => createOne(batch, init));
  // Durable as a whole: the renames into the run folders, then the folders and names themselves.
  await inParallel(manifests, (m) => syncDir(layout.runDir(m.id)));
  await syncDir(layout.runsDir);
  await syncDir(layout.namesDir);
  return manifests;
}
