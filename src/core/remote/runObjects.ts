// Which objects runs bring to a data remote and need from it: the files of their datasets that the
// local data cache holds (the `cache: true` ones) and of their outputs (from the cache, else from
// the workspace while it still has the recorded content), read from each run's datasets.json and
// outputs.json.
import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import { readRunLinkFiles } from '../compare/runFiles';
import { DataCache } from '../data/cacheStore';
import { type DatasetManifest } from '../data/types';
import { type RunManifest } from '../model';
import { type RemoteRecord } from './record';
import { type ObjectRef } from './transfer';

/** A run as the remote code needs it: its id, status and directory. */
export interface RunRef {
  readonly run: Pick<RunManifest, 'id' | 'status'>;
  readonly dir: string;
}

/** What a set of runs would upload. */
export interface PushPlan {
  readonly objects: ObjectRef[];
  /** Finished runs whose objects are all in `objects`: recorded as pushed once the upload succeeds. */
  readonly complete: string[];
  /** Runs skipped because the record says they were pushed already. */
  readonly alreadyPushed: number;
}

const FINISHED = new Set(['finished', 'failed', 'stopped', 'crashed']);

function files(ms: readonly DatasetManifest[] | null): DatasetManifest['files'] {
  return (ms ?? []).flatMap((m) => m.files);
}

/**
 * The objects `runs` bring (a run the record lists as pushed is not read again). `root` is the
 * folder output paths are relative to (the workspace, where runlens.yaml is).
 */
export async function planPush(storeRoot: string, root: string, runs: readonly RunRef[], record: RemoteRecord): Promise<PushPlan> {
  const cache = new DataCache(storeRoot);
  const objects: ObjectRef[] = [];
  const complete: string[] = [];
  let alreadyPushed = 0;
  for (const { run, dir } of runs) {
    if (record.hasRun(run.id)) { alreadyPushed++; continue; }
    const links = await readRunLinkFiles(dir);
    for (const f of files(links.datasets)) {
      if (record.hasObject(f.sha256) || await cache.has(f.sha256)) objects.push({ sha256: f.sha256, size: f.size });
    }
    for (const f of files(links.outputs)) {
      if (record.hasObject(f.sha256) || await cache.has(f.sha256)) { objects.push({ sha256: f.sha256, size: f.size }); continue; }
      const file = resolve(root, f.path);
      // Same size as recorded: worth trying (the upload hashes it and leaves it out if the content changed).
      const st = await fsp.stat(file).catch(() => null); // an output deleted since is simply not uploaded
      if (st?.isFile() && st.size === f.size) objects.push({ sha256: f.sha256, size: f.size, file });
    }
    if (FINISHED.has(run.status)) complete.push(run.id);
  }
  return { objects, complete, alreadyPushed };
}

/**
 * The objects `runs` read (the files of their cached datasets: the others never go to a remote;
 * all of them for a run recorded before that was noted) and, with `outputs`, those they wrote.
 */
export async function planPull(runs: readonly RunRef[], options: { outputs?: boolean } = {}): Promise<ObjectRef[]> {
  const out: ObjectRef[] = [];
  for (const { dir } of runs) {
    const links = await readRunLinkFiles(dir);
    for (const f of files((links.datasets ?? []).filter((m) => m.cached !== false))) out.push({ sha256: f.sha256, size: f.size });
    if (options.outputs) for (const f of files(links.outputs)) out.push({ sha256: f.sha256, size: f.size });
  }
  return out;
}
