// Hashes the datasets and outputs a run declares: walks each spec, takes what the stat cache still
// vouches for, hashes the rest across worker threads, and builds one manifest per spec plus the
// stat baseline that verifyUnchanged compares against (stat only) when the run ends.
import { resolve } from 'node:path';
import { sameStamp, type HashCache } from './cache';
import type { FileHashResult } from './hashFile';
import { comparePaths, datasetHash, sortByPath } from './manifest';
import { hashInPool } from './pool';
import { parseSpec, type ParsedSpec } from './spec';
import { DatasetMissingError, HashAbortedError, type DatasetManifest, type FileEntry, type HashProgress, type HashStats } from './types';
import { walkSpec, type WalkedFile, type WalkResult } from './walk';
import { printKey, walkPrint } from './walkPrint';

/** Options of a hash pass. */
export interface HashOptions {
  /** The persistent stat cache; without one every file is read. */
  readonly cache?: HashCache;
  readonly signal?: AbortSignal;
  /** Progress, at most every `progressIntervalMs` (default 100 ms) and once at the end. */
  readonly onProgress?: (p: HashProgress) => void;
  readonly progressIntervalMs?: number;
  /** Threads hashing at once, this one included (default: the available cores; 0 or 1 = this thread only). */
  readonly workers?: number;
  /** Work that justifies one more thread (default 512 MiB); tests lower it to exercise the workers. */
  readonly bytesPerThread?: number;
  /** A spec that matches nothing: throw DatasetMissingError (default) or return `missing: true`. */
  readonly missing?: 'error' | 'warn';
  /**
   * Files the stat cache does not vouch for that the caller will read anyway (startHashing only):
   * left unhashed, so the caller hashes them in its own pass (a profile) instead of reading them twice.
   */
  readonly leave?: (file: WalkedFile) => boolean;
}

/** Stat stamps of what a pass hashed, per spec, for verifyUnchanged. Kept in memory by the caller. */
export interface DataBaseline {
  readonly root: string;
  readonly datasets: readonly { readonly spec: ParsedSpec; readonly files: readonly WalkedFile[] }[];
}

/** What a pass produced. */
export interface HashResult {
  /** One manifest per spec, in the order given. */
  readonly manifests: DatasetManifest[];
  readonly baseline: DataBaseline;
  /** Counters of this pass alone (the cache's `stats` add up every pass). */
  readonly stats: HashStats;
}

/** A file whose mtime is this close to the pass start may still change within the same timestamp tick. */
const RACY_NS = 2_000_000_000n;

/**
 * Hashes each spec (file, folder or glob relative to `workspaceRoot`; see parseSpec). Throws
 * DatasetSpecError for a bad spec and DatasetMissingError for a missing dataset before reading any
 * file, and HashAbortedError when `signal` fires. Per-file problems become manifest error entries.
 */
export async function hashDatasets(workspaceRoot: string, specs: readonly string[], options: HashOptions = {}): Promise<HashResult> {
  return (await startHashing(workspaceRoot, specs, { ...options, leave: undefined })).finish();
}

/** A hash pass that left files to its caller (HashOptions.leave): settle each, then finish. */
export interface PartialHash {
  /** The files left unhashed, each to be read by the caller and settled with what it read. */
  readonly left: readonly WalkedFile[];
  /**
   * Records what reading a left file gave (hashFileSync's result: digest, stamp of what was read,
   * `changed` if it moved meanwhile, which makes it an error entry). Cached like any other hash.
   */
  settle(file: WalkedFile, result: FileHashResult): void;
  /** The manifests; a left file never settled is an error entry. */
  finish(): HashResult;
}

/** hashDatasets, leaving the files `options.leave` picks (and the cache misses) to the caller. */
export async function startHashing(workspaceRoot: string, specs: readonly string[], options: HashOptions = {}): Promise<PartialHash> {
  if (options.signal?.aborted) throw new HashAbortedError();
  const root = resolve(workspaceRoot);
  const passStart = BigInt(Date.now()) * 1_000_000n;
  const parsed = specs.map((s) => parseSpec(root, s));
  const walks: WalkResult[] = [];
  for (const p of parsed) walks.push(await walkSpec(root, p, options.signal));
  // A plain path to an existing folder is a dataset even when empty; a glob that matches nothing is missing.
  const missing = walks.map((w, i) => !w.exists ||
    ((parsed[i] as ParsedSpec).match !== null && w.files.length === 0 && w.errors.length === 0 && w.skipped.length === 0 && w.links.length === 0));
  const firstMissing = missing.indexOf(true);
  if (firstMissing >= 0 && (options.missing ?? 'error') === 'error') throw new DatasetMissingError(specs[firstMissing] as string);

  const stats: HashStats = { filesHashed: 0, bytesHashed: 0, cacheHits: 0 };
  const unique = uniqueFiles(walks);
  const progress = throttle(options, unique.reduce((s, f) => s + f.size, 0), unique.length);
  const jobs: WalkedFile[] = [];
  const left: WalkedFile[] = [];
  for (const f of unique) {
    const hit = options.cache?.lookup(f.abs, f);
    if (hit === undefined) {
      (options.leave?.(f) === true ? left : jobs).push(f);
    } else {
      f.sha256 = hit;
      stats.cacheHits++;
      progress.add(1, f.size);
    }
  }

  const retry: WalkedFile[] = [];
  const accept = (f: WalkedFile, r: FileHashResult, last: boolean): void => {
    if (r.ok) {
      stats.filesHashed++;
      stats.bytesHashed += r.size;
      if (r.changed && !last) return void retry.push(f);
    }
    progress.add(1, 0);
    if (!r.ok) return void (f.error = r.message);
    if (r.changed) return void (f.error = 'changed while being hashed');
    // The stamp of what was actually read (the file may have been replaced since the walk).
    Object.assign(f, { size: r.size, mtimeNs: r.mtimeNs, ctimeNs: r.ctimeNs, ino: r.ino, dev: r.dev, sha256: r.sha256 });
    if (r.mtimeNs < passStart - RACY_NS) options.cache?.set(f.abs, r, r.sha256);
  };
  const onBytes = (n: number): void => progress.add(0, n);
  try {
    await hashInPool(jobs, { workers: options.workers, bytesPerThread: options.bytesPerThread, signal: options.signal, onBytes, onResult: (f, r) => accept(f, r, false) });
    // A file written to while it was read gets one more try, then an error entry.
    await hashInPool(retry, { workers: 0, signal: options.signal, onBytes, onResult: (f, r) => accept(f, r, true) });
  } finally {
    // Even a cancelled pass counts what it read; the entries it cached are complete and valid.
    if (options.cache) addStats(options.cache.stats, stats);
  }

  const pending = new Set(left);
  return {
    left,
    settle(f, r) {
      if (!pending.delete(f)) throw new Error(`${f.rel} was not left to the caller, or is settled already`);
      accept(f, r, true);
      // The pool's counts went into the cache's before the caller read its files: add these apart.
      if (options.cache && r.ok) addStats(options.cache.stats, { filesHashed: 1, bytesHashed: r.size, cacheHits: 0 });
    },
    finish() {
      for (const f of pending) f.error = 'not read';
      progress.flush();
      const manifests = walks.map((w, i) => buildManifest(specs[i] as string, w, missing[i] === true));
      if (options.cache) rememberPrints(options.cache, root, walks, manifests, passStart);
      const datasets = walks.map((w, i) => ({ spec: parsed[i] as ParsedSpec, files: w.files }));
      return { manifests, baseline: { root, datasets }, stats };
    },
  };
}

/**
 * Remembers each walk's fingerprint with the hash it produced, when every file was read whole and
 * is old enough to trust (the stat cache's rule): a later pass with the same stamps has the same data.
 */
function rememberPrints(cache: HashCache, root: string, walks: readonly WalkResult[], manifests: readonly DatasetManifest[], passStart: bigint): void {
  walks.forEach((w, i) => {
    const m = manifests[i] as DatasetManifest;
    if (m.missing || w.files.some((f) => f.error !== null || f.sha256 === null || f.mtimeNs >= passStart - RACY_NS)) return;
    const print = walkPrint(w);
    if (print !== null) cache.prints.set(printKey(root, m.spec), { print, hash: m.hash, files: m.files.length, bytes: m.bytes });
  });
}

/** All files of all walks, each once: a file in two specs shares one record, so it is hashed once. */
function uniqueFiles(walks: readonly WalkResult[]): WalkedFile[] {
  if (walks.length === 1) return (walks[0] as WalkResult).files;
  const byPath = new Map<string, WalkedFile>();
  for (const w of walks) {
    w.files.forEach((f, i) => {
      const first = byPath.get(f.abs);
      if (first) w.files[i] = first;
      else byPath.set(f.abs, f);
    });
  }
  return [...byPath.values()];
}

function buildManifest(spec: string, w: WalkResult, missing: boolean): DatasetManifest {
  const files: FileEntry[] = [];
  const errors = [...w.errors];
  for (const f of w.files) {
    if (f.error !== null) errors.push({ path: f.rel, message: f.error });
    else if (f.sha256 !== null) files.push(f.link === undefined ? { path: f.rel, size: f.size, sha256: f.sha256 } : { path: f.rel, size: f.size, sha256: f.sha256, link: f.link });
  }
  sortByPath(files);
  sortByPath(errors);
  return { spec, hash: datasetHash(files), files, bytes: files.reduce((s, f) => s + f.size, 0), links: sortByPath([...w.links]), errors, skipped: sortByPath([...w.skipped]), missing };
}

/** One file that differs from what was hashed. */
export interface DataChange {
  /** The spec as declared. */
  readonly spec: string;
  readonly path: string;
  readonly change: 'added' | 'removed' | 'modified';
}

/**
 * Lists the files of each dataset in `baseline` that were added, removed or modified (size, mtime, ctime,
 * inode or device differ) since they were hashed; empty when nothing changed. Sorted by spec order,
 * then path. A content-preserving touch counts as modified: telling would need a re-read.
 */
export async function verifyUnchanged(baseline: DataBaseline, signal?: AbortSignal): Promise<DataChange[]> {
  const changes: DataChange[] = [];
  for (const dataset of baseline.datasets) {
    const spec = dataset.spec;
    const files = new Map(dataset.files.map((f) => [f.rel, f]));
    const now = await walkSpec(baseline.root, spec, signal);
    const found: DataChange[] = [];
    const seen = new Set<string>();
    for (const f of now.files) {
      seen.add(f.rel);
      const before = files.get(f.rel);
      if (!before) found.push({ spec: spec.spec, path: f.rel, change: 'added' });
      else if (!sameStamp(before, f)) found.push({ spec: spec.spec, path: f.rel, change: 'modified' });
    }
    for (const rel of files.keys()) if (!seen.has(rel)) found.push({ spec: spec.spec, path: rel, change: 'removed' });
    changes.push(...found.sort((a, b) => comparePaths(a.path, b.path)));
  }
  return changes;
}

function addStats(into: HashStats, add: HashStats): void {
  into.filesHashed += add.filesHashed;
  into.bytesHashed += add.bytesHashed;
  into.cacheHits += add.cacheHits;
}

/** Accumulates progress and reports it at most every interval, plus once at the end. */
function throttle(options: HashOptions, totalBytes: number, totalFiles: number): { add(files: number, bytes: number): void; flush(): void } {
  const every = options.progressIntervalMs ?? 100;
  let files = 0;
  let bytes = 0;
  let last = 0;
  const emit = (): void => options.onProgress?.({ files, totalFiles, bytes, totalBytes });
  return {
    add(f, b) {
      files += f;
      bytes += b;
      if (!options.onProgress) return;
      const now = Date.now();
      if (now - last >= every) {
        last = now;
        emit();
      }
    },
    flush: emit,
  };
}
