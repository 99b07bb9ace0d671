// What a data remote can do, whatever it is stored on: say whether it holds an object, upload one
// (visible only once complete, verified against its name) and stream one down (hashed on the way,
// for the caller to check). Objects are named by SHA-256 as in the local data cache.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { type RemoteSpec } from './spec';

/** What a download wrote: the SHA-256 and size of the bytes as they arrived. */
export interface Arrived {
  readonly sha256: string;
  readonly size: number;
}

/** A content-addressed object store shared by a team. */
export interface DataRemote {
  readonly spec: RemoteSpec;
  /** True when the remote holds the object (one request; never a listing). */
  has(sha256: string, signal?: AbortSignal): Promise<boolean>;
  /**
   * Uploads `file`, whose content must hash to `sha256` (refused with LocalObjectError otherwise),
   * so that the object is visible under its name only once complete.
   */
  upload(sha256: string, file: string, size: number, signal?: AbortSignal): Promise<void>;
  /** Writes the object to `dest` (a new file); throws ObjectMissingError when the remote lacks it. */
  download(sha256: string, dest: string, signal?: AbortSignal): Promise<Arrived>;
  /** Releases connections. */
  close(): void;
}

/** The remote does not hold an object. */
export class ObjectMissingError extends Error {
  constructor(readonly sha256: string) {
    super(`the remote does not hold ${sha256.slice(0, 12)}`);
    this.name = 'ObjectMissingError';
  }
}

/** A local object whose bytes do not match its name: never uploaded. */
export class LocalObjectError extends Error {
  constructor(readonly sha256: string, actual: string) {
    super(`the local copy of ${sha256.slice(0, 12)} hashes to ${actual.slice(0, 12)}: it is damaged and was not uploaded (run \`runlens cache gc\` after removing it, then run again)`);
    this.name = 'LocalObjectError';
  }
}

/**
 * True for an ObjectMissingError, also one thrown by the S3 bundle (dist/s3.js has its own copy of
 * this module, so `instanceof` cannot tell).
 */
export function isObjectMissing(e: unknown): boolean {
  return e instanceof Error && e.name === 'ObjectMissingError';
}

/** True for a LocalObjectError, from whichever bundle (see isObjectMissing). */
export function isLocalObjectError(e: unknown): boolean {
  return e instanceof Error && e.name === 'LocalObjectError';
}

/** Key of an object under a remote root: `objects/ab/cdef...`, as in the local cache. */
export function objectKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256 digest: ${sha256}`);
  return `objects/${sha256.slice(0, 2)}/${sha256.slice(2)}`;
}

/** A pass-through stream that hashes and counts what flows through it. */
export class HashTap extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  /** The digest and size of everything that went through (call once, at the end). */
  result(): Arrived {
    return { sha256: this.hash.digest('hex'), size: this.bytes };
  }
}
