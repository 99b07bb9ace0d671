// Moves objects between the local data cache and a data remote: in parallel (bounded), skipping what
// the local record says the remote holds, and verifying every object by its SHA-256 on both sides
// (an upload refuses a local file that does not match its name; a download is hashed as it arrives
// and a corrupt or truncated object is thrown away, never put in the cache).
import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataCache } from '../data/cacheStore';
import { errorMessage } from '../errors';
import { forEachLimit } from './limit';
import { type RemoteRecord } from './record';
import { isLocalObjectError, isObjectMissing, type DataRemote } from './remote';

/** One object to move: its name, size and (for an upload) the file holding it. */
export interface ObjectRef {
  readonly sha256: string;
  readonly size: number;
  /** Upload source when not the local cache's object (an output still in the workspace). */
  readonly file?: string;
}

/** Progress of a transfer, after each object. */
export interface TransferProgress {
  readonly done: number;
  readonly total: number;
  readonly bytes: number;
  readonly totalBytes: number;
}

/** How a transfer runs. */
export interface TransferOptions {
  /** Objects in flight at once (default 16). */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: TransferProgress) => void;
}

/** What a push did. */
export interface PushOutcome {
  readonly uploaded: number;
  readonly uploadedBytes: number;
  /** Already on the remote (by the local record, or found there). */
  readonly present: number;
  /** Files that no longer match their recorded content (an output rewritten since): left out. */
  readonly changed: string[];
}

/** What a pull did. */
export interface PullOutcome {
  readonly downloaded: number;
  readonly downloadedBytes: number;
  /** Already in the local cache. */
  readonly present: number;
  /** Not on the remote (never pushed, or a dataset without `cache: true`). */
  readonly missing: string[];
  /** Objects whose bytes did not match their name: refused. One message each. */
  readonly corrupt: string[];
}

/** Flushes the record every this many objects, so an interrupted push keeps what it did. */
const FLUSH_EVERY = 256;

/** Uploads the objects the remote does not hold. Throws on the first failure (the record keeps what completed). */
export async function pushObjects(storeRoot: string, remote: DataRemote, record: RemoteRecord, objects: readonly ObjectRef[], options: TransferOptions = {}): Promise<PushOutcome> {
  const cache = new DataCache(storeRoot);
  const todo = dedupe(objects).filter((o) => !record.hasObject(o.sha256));
  const present0 = objects.length - todo.length;
  let uploaded = 0;
  let uploadedBytes = 0;
  let present = 0;
  let done = 0;
  let bytes = 0;
  const changed: string[] = [];
  const totalBytes = todo.reduce((n, o) => n + o.size, 0);
  let sinceFlush = 0;
  const one = async (o: ObjectRef): Promise<void> => {
    // A small object costs as much to ask about as to send; a large one is asked about first.
    if (o.size >= 64 * 1024 && await remote.has(o.sha256, options.signal)) present++;
    else {
      try {
        await remote.upload(o.sha256, o.file ?? cache.objectPath(o.sha256), o.size, options.signal);
      } catch (e) {
        if (!isLocalObjectError(e) || o.file === undefined) throw e;
        changed.push(o.file);
        return;
      }
      uploaded++;
      uploadedBytes += o.size;
    }
    record.addObject(o.sha256);
    if (++sinceFlush >= FLUSH_EVERY) {
      sinceFlush = 0;
      await record.flush();
    }
  };
  const step = async (o: ObjectRef): Promise<void> => {
    try {
      await one(o);
    } finally {
      done++;
      bytes += o.size;
      options.onProgress?.({ done, total: todo.length, bytes, totalBytes });
    }
  };
  try {
    await forEachLimit(todo, options.concurrency ?? 16, step, options.signal);
  } finally {
    await record.flush();
  }
  return { uploaded, uploadedBytes, present: present0 + present, changed };
}

/** Downloads into the local cache the objects it does not hold; a corrupt one is refused and reported. */
export async function pullObjects(storeRoot: string, remote: DataRemote, record: RemoteRecord, objects: readonly ObjectRef[], options: TransferOptions = {}): Promise<PullOutcome> {
  const cache = new DataCache(storeRoot);
  const all = dedupe(objects);
  const todo: ObjectRef[] = [];
  for (const o of all) if (!(await cache.has(o.sha256))) todo.push(o);
  const totalBytes = todo.reduce((n, o) => n + o.size, 0);
  const tmpDir = join(cache.dir, 'tmp');
  await fsp.mkdir(tmpDir, { recursive: true });
  let downloaded = 0;
  let downloadedBytes = 0;
  let done = 0;
  let bytes = 0;
  const missing: string[] = [];
  const corrupt: string[] = [];
  const step = async (o: ObjectRef): Promise<void> => {
    const tmp = join(tmpDir, `${o.sha256.slice(0, 16)}.${process.pid}.${Math.random().toString(36).slice(2)}`);
    try {
      const got = await remote.download(o.sha256, tmp, options.signal);
      if (got.sha256 !== o.sha256 || got.size !== o.size) {
        corrupt.push(`${o.sha256.slice(0, 12)}: the remote's copy (${got.size} bytes) hashes to ${got.sha256.slice(0, 12)}, not its name (${o.size} bytes expected): refused`);
        return;
      }
      await fsp.chmod(tmp, 0o444);
      const target = cache.objectPath(o.sha256);
      await fsp.mkdir(dirname(target), { recursive: true });
      await fsp.rename(tmp, target);
      record.addObject(o.sha256);
      downloaded++;
      downloadedBytes += o.size;
    } catch (e) {
      if (isObjectMissing(e)) missing.push(o.sha256);
      else throw new Error(`downloading ${o.sha256.slice(0, 12)}: ${errorMessage(e)}`, { cause: e });
    } finally {
      await fsp.rm(tmp, { force: true });
      done++;
      bytes += o.size;
      options.onProgress?.({ done, total: todo.length, bytes, totalBytes });
    }
  };
  try {
    await forEachLimit(todo, options.concurrency ?? 16, step, options.signal);
  } finally {
    await record.flush();
  }
  return { downloaded, downloadedBytes, present: all.length - todo.length, missing, corrupt };
}

function dedupe(objects: readonly ObjectRef[]): ObjectRef[] {
  const seen = new Map<string, ObjectRef>();
  for (const o of objects) if (!seen.has(o.sha256)) seen.set(o.sha256, o);
  return [...seen.values()];
}
