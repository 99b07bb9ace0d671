// The persistent stat cache: path -> SHA-256, trusted only while the file's size, mtime and ctime
// (ns), inode and device are unchanged, so an unchanged dataset re-hashes in stat time. A compact binary file
// in the store (docs/data-hashing.md), indexed only when first consulted: a check that every walk
// fingerprint settles (an unchanged `runlens status`) never builds the 100,000-entry path index.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic';
import type { HashStats } from './types';
import { printsFile, WalkPrints } from './walkPrint';

/** What a cache entry is validated against. */
export interface StatStamp {
  readonly size: number;
  readonly mtimeNs: bigint;
  /**
   * The inode change time: an in-place edit that keeps the size and puts the mtime back (`touch -d`,
   * `cp -p`, `rsync -t` onto the same inode) still moves it, and nobody can set it back.
   */
  readonly ctimeNs: bigint;
  readonly ino: bigint;
  readonly dev: bigint;
}

const MAGIC = 0x43484c52; // "RLHC" little-endian
/** 2 added the ctime: a version-1 file is dropped on open (everything re-hashed once). */
const VERSION = 2;
const HEADER = 16;
/** Fixed part after the path: size, mtimeNs, ino, dev, ctimeNs (8 bytes each) and the raw digest. */
const FIXED = 72;

/** Where the cache lives inside a store root (the `.runlens` directory). */
export function cacheFile(storeRoot: string): string {
  return join(storeRoot, 'cache', 'hashes.bin');
}

/** A loaded entry: where its record starts in the loaded file (parsed on demand), or a fresh value. */
type Slot = number | { readonly stamp: StatStamp; readonly sha256: string };

/** The stat cache. Entries are keyed by absolute path; stale ones are harmless (never trusted). */
export class HashCache {
  /** Counters of every pass that used this cache. */
  readonly stats: HashStats = { filesHashed: 0, bytesHashed: 0, cacheHits: 0 };
  private indexed: Map<string, Slot> | null = null;
  private loaded: Buffer = Buffer.alloc(0);
  private dirty = false;

  /** The walk fingerprints saved beside the cache (walkPrint.ts). */
  readonly prints: WalkPrints;

  private constructor(readonly file: string | null, prints?: WalkPrints) {
    this.prints = prints ?? new WalkPrints(null);
  }

  /** Opens the cache of a store (`<storeRoot>/cache/hashes.bin`); a missing or unreadable file is an empty cache. */
  static async open(storeRoot: string): Promise<HashCache> {
    const cache = new HashCache(cacheFile(storeRoot), await WalkPrints.load(printsFile(storeRoot)));
    cache.loaded = await readCacheFile(cache.file as string);
    return cache;
  }

  /** A cache that lives only in memory (save() does nothing). */
  static memory(): HashCache {
    return new HashCache(null);
  }

  /** The entries by path, the loaded file indexed on first use. */
  private get slots(): Map<string, Slot> {
    if (this.indexed === null) {
      const slots = new Map<string, Slot>();
      index(this.loaded, (path, start) => slots.set(path, start));
      this.indexed = slots;
    }
    return this.indexed;
  }

  /** Number of entries. */
  get size(): number {
    return this.slots.size;
  }

  /** The cached digest of `abs`, if its entry matches `stamp` exactly. */
  lookup(abs: string, stamp: StatStamp): string | undefined {
    const slot = this.slots.get(abs);
    if (slot === undefined) return undefined;
    if (typeof slot !== 'number') return sameStamp(slot.stamp, stamp) ? slot.sha256 : undefined;
    const b = this.loaded;
    const f = slot + 4 + b.readUInt32LE(slot);
    if (Number(b.readBigUInt64LE(f)) !== stamp.size || b.readBigInt64LE(f + 8) !== stamp.mtimeNs ||
        b.readBigUInt64LE(f + 16) !== stamp.ino || b.readBigUInt64LE(f + 24) !== stamp.dev || b.readBigInt64LE(f + 32) !== stamp.ctimeNs) return undefined;
    return b.toString('hex', f + 40, f + 72);
  }

  /** Records the digest of `abs` as read with `stamp`. */
  set(abs: string, stamp: StatStamp, sha256: string): void {
    this.slots.set(abs, { stamp, sha256 });
    this.dirty = true;
  }

  /**
   * Writes the cache atomically (temp file + rename: a reader or a crash never sees a torn file).
   * Entries another process saved meanwhile are merged in; on the same path this process wins.
   */
  async save(): Promise<void> {
    await this.prints.save();
    if (this.file === null || !this.dirty) return;
    const onDisk = await readCacheFile(this.file);
    const parts: Buffer[] = [Buffer.alloc(HEADER)];
    let count = 0;
    index(onDisk, (path, start, end) => {
      if (this.slots.has(path)) return;
      parts.push(onDisk.subarray(start, end));
      count++;
    });
    for (const [path, slot] of this.slots) {
      if (typeof slot === 'number') {
        parts.push(this.loaded.subarray(slot, slot + 4 + this.loaded.readUInt32LE(slot) + FIXED));
      } else {
        const p = Buffer.from(path, 'utf8');
        const rec = Buffer.allocUnsafe(4 + p.length + FIXED);
        rec.writeUInt32LE(p.length, 0);
        p.copy(rec, 4);
        const o = 4 + p.length;
        rec.writeBigUInt64LE(BigInt(slot.stamp.size), o);
        rec.writeBigInt64LE(slot.stamp.mtimeNs, o + 8);
        rec.writeBigUInt64LE(slot.stamp.ino, o + 16);
        rec.writeBigUInt64LE(slot.stamp.dev, o + 24);
        rec.writeBigInt64LE(slot.stamp.ctimeNs, o + 32);
        rec.write(slot.sha256, o + 40, 32, 'hex');
        parts.push(rec);
      }
      count++;
    }
    const header = parts[0] as Buffer;
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(VERSION, 4);
    header.writeUInt32LE(count, 8);
    header.writeUInt32LE(0, 12);
    await fsp.mkdir(join(this.file, '..'), { recursive: true });
    // Not fsynced: the cache is derived data, and losing it to a power cut only costs a re-hash.
    await writeFileAtomic(this.file, Buffer.concat(parts), { durable: false });
    this.dirty = false;
  }
}

/** True when two stamps are identical in every field. */
export function sameStamp(a: StatStamp, b: StatStamp): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino && a.dev === b.dev;
}

async function readCacheFile(file: string): Promise<Buffer> {
  try {
    return await fsp.readFile(file);
  } catch {
    // No stat cache file yet (or an unreadable one): everything is hashed afresh.
    return Buffer.alloc(0);
  }
}

/**
 * Calls `visit(path, recordStart, recordEnd)` for each record of a cache file. A file with another
 * magic or version, or one cut short, yields nothing past the last whole record: the cache is
 * derived data, so anything doubtful is dropped and re-hashed rather than trusted.
 */
function index(buf: Buffer, visit: (path: string, start: number, end: number) => void): void {
  if (buf.length < HEADER || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== VERSION) return;
  const count = buf.readUInt32LE(8);
  let o = HEADER;
  for (let i = 0; i < count; i++) {
    if (o + 4 > buf.length) return;
    const len = buf.readUInt32LE(o);
    const end = o + 4 + len + FIXED;
    if (end > buf.length) return;
    visit(buf.toString('utf8', o + 4, o + 4 + len), o, end);
    o = end;
  }
}
