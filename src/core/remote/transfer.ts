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
  /** Objects in flight at once (default 32). */
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

/** Flushes the record every this many objects, so an interrupted transfer keeps what it did. */
const FLUSH_EVERY = 256;

/** Objects in flight by default: enough to hide a round trip per object, few enough for a laptop's sockets. */
const CONCURRENCY = 32;

/**
 * The one transfer loop, for both directions: runs `one` on every object with bounded concurrency,
 * notes in the record each object `one` says now sits on both sides (flushed every FLUSH_EVERY and
 * at the end, also on failure), and reports progress after each object.
 */
async function transferAll(todo: readonly ObjectRef[], record: RemoteRecord, options: TransferOptions, one: (o: ObjectRef) => Promise<boolean>): Promise<void> {
  const totalBytes = todo.reduce((n, o) => n + o.size, 0);
  let done = 0;
  let bytes = 0;
  let sinceFlush = 0;
  const step = async (o: ObjectRef): Promise<void> => {
    try {
      if (!(await one(o))) return;
      record.addObject(o.sha256);
      if (++sinceFlush >= FLUSH_EVERY) {
        sinceFlush = 0;
        await record.flush();
      }
    } finally {
      done++;
      bytes += o.size;
      options.onProgress?.({ done, total: todo.length, bytes, totalBytes });
    }
  };
  try {
    await forEachLimit(todo, options.concurrency ?? CONCURRENCY, step, options.signal);
  } finally {
    await record.flush();
  }
}

/** Uploads the objects the remote does not hold. Throws on the first failure (the record keeps what completed). */
export async function pushObjects(storeRoot: string, remote: DataRemote, record: RemoteRecord, objects: readonly ObjectRef[], options: TransferOptions = {}): Promise<PushOutcome> {
  const cache = new DataCache(storeRoot);
  const todo = dedupe(objects).filter((o) => !record.hasObject(o.sha256));
  let uploaded = 0;
  let uploadedBytes = 0;
  let present = objects.length - todo.length;
  const changed: string[] = [];
  await transferAll(todo, record, options, async (o) => {
    // A small object costs as much to ask about as to send; a large one is asked about first.
    if (o.size >= 64 * 1024 && await remote.has(o.sha256, options.signal)) {
      present++;
      return true;
    }
    try {
      await remote.upload(o.sha256, o.file ?? cache.objectPath(o.sha256), o.size, options.signal);
    } catch (e) {
      if (!isLocalObjectError(e) || o.file === undefined) throw e;
      changed.push(o.file);
      return false;
    }
    uploaded++;
    uploadedBytes += o.size;
    return true;
  });
  return { uploaded, uploadedBytes, present, changed };
}

/** Downloads into the local cache the objects it does not hold; a corrupt one is refused and reported. */
export async function pullObjects(storeRoot: string, remote: DataRemote, record: RemoteRecord, objects: readonly ObjectRef[], options: TransferOptions = {}): Promise<PullOutcome> {
  const cache = new DataCache(storeRoot);
  const all = dedupe(objects);
  const todo: ObjectRef[] = [];
  for (const o of all) if (!(await cache.has(o.sha256))) todo.push(o);
  const tmpDir = join(cache.dir, 'tmp');
  await fsp.mkdir(tmpDir, { recursive: true });
  let downloaded = 0;
  let downloadedBytes = 0;
  const missing: string[] = [];
  const corrupt: string[] = [];
  await transferAll(todo, record, options, async (o) => {
    const tmp = join(tmpDir, `${o.sha256.slice(0, 16)}.${process.pid}.${Math.random().toString(36).slice(2)}`);
    try {
      const got = await remote.download(o.sha256, tmp, options.signal);
      if (got.sha256 !== o.sha256 || got.size !== o.size) {
        corrupt.push(`${o.sha256.slice(0, 12)}: the remote's copy (${got.size} bytes) hashes to ${got.sha256.slice(0, 12)}, not its name (${o.size} bytes expected): refused`);
        return false;
      }
      await fsp.chmod(tmp, 0o444);
      const target = cache.objectPath(o.sha256);
      await fsp.mkdir(dirname(target), { recursive: true });
      await fsp.rename(tmp, target);
      downloaded++;
      downloadedBytes += o.size;
      return true;
    } catch (e) {
      if (!isObjectMissing(e)) throw new Error(`downloading ${o.sha256.slice(0, 12)}: ${errorMessage(e)}`, { cause: e });
      missing.push(o.sha256);
      return false;
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  });
  return { downloaded, downloadedBytes, present: all.length - todo.length, missing, corrupt };
}

function dedupe(objects: readonly ObjectRef[]): ObjectRef[] {
  const seen = new Map<string, ObjectRef>();
  for (const o of objects) if (!seen.has(o.sha256)) seen.set(o.sha256, o);
  return [...seen.values()];
}
