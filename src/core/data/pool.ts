// Hashes many files across the cores: worker threads and the calling thread pull batches (small files
// grouped to cut message overhead, big ones alone), with byte-level progress and cancellation that
// terminates the workers. A worker is started only for work that pays for its start-up.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { hashFileSync, hashWorkerSource, type FileHashResult, type HashReply } from './hashFile';
import { HashAbortedError } from './types';

/** One file to hash. */
export interface PoolJob {
  readonly abs: string;
  readonly size: number;
}

/** How to run a pool pass. */
export interface PoolOptions<J extends PoolJob> {
  /** Threads hashing at once (the calling thread included); default: the available cores. 0 or 1 hashes in the calling thread only. */
  readonly workers?: number;
  /** Work that justifies one more thread (default BYTES_PER_THREAD, 512 MiB); tests lower it. */
  readonly bytesPerThread?: number;
  readonly signal?: AbortSignal;
  /** Called as bytes are read (not throttled; the caller throttles). */
  readonly onBytes?: (n: number) => void;
  /** Called once per job with its result, in completion order. */
  readonly onResult: (job: J, result: FileHashResult) => void;
}

/** Read size: large reads keep syscalls and hash-update calls few. */
const CHUNK = 4 << 20;
/** Small files are grouped until a batch holds this many bytes or BATCH_FILES files. */
const BATCH_BYTES = 8 << 20;
const BATCH_FILES = 256;
/**
 * Work (bytes, plus FILE_COST_BYTES per file for open/stat/close) that justifies one more thread. A
 * worker's start-up costs ~30 ms of CPU; beside 512 MiB of SHA-256 (~350 ms) that stays under 10%.
 * Starting one worker per core regardless (16 on a 16-core machine) cost 1 GiB more CPU than reading
 * and hashing it alone did.
 */
const BYTES_PER_THREAD = 512 << 20;
const FILE_COST_BYTES = 32 << 10;
/** The calling thread hashes only batches up to this size, so it never blocks its event loop for long. */
const CALLER_MAX_BATCH = 64 << 20;

/** How many threads (the calling one included) hash `jobs` when `cores` are available: one per BYTES_PER_THREAD of work. */
export function poolThreads(jobs: readonly PoolJob[], cores: number, bytesPerThread = BYTES_PER_THREAD): number {
  const work = jobs.reduce((s, j) => s + j.size + FILE_COST_BYTES, 0);
  return Math.max(0, Math.min(cores, Math.max(1, Math.floor(work / bytesPerThread))));
}

/** Hashes every job; resolves when all results were delivered, rejects on abort or worker failure. */
export async function hashInPool<J extends PoolJob>(jobs: readonly J[], options: PoolOptions<J>): Promise<void> {
  if (jobs.length === 0) return;
  if (options.signal?.aborted) throw new HashAbortedError();
  const threads = poolThreads(jobs, options.workers ?? availableParallelism(), options.bytesPerThread);
  if (threads <= 1) return hashInline(jobs, options);
  const batches = makeBatches(jobs);
  return runThreads(batches, Math.min(threads, batches.length), options);
}

async function hashInline<J extends PoolJob>(jobs: readonly J[], options: PoolOptions<J>): Promise<void> {
  const biggest = jobs.reduce((m, j) => Math.max(m, j.size), 64 << 10);
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, biggest));
  let yielded = Date.now();
  for (const job of jobs) {
    options.onResult(job, hashFileSync(job.abs, buf, options.onBytes));
    // Yield every ~10 ms so an abort (or anything else waiting) gets a turn.
    if (Date.now() - yielded >= 10) {
      await new Promise((r) => setImmediate(r));
      yielded = Date.now();
      if (options.signal?.aborted) throw new HashAbortedError();
    }
  }
}

/** Groups jobs into batches, biggest first, so the longest work starts early and cores finish together. */
function makeBatches<J extends PoolJob>(jobs: readonly J[]): J[][] {
  const sorted = [...jobs].sort((a, b) => b.size - a.size);
  const batches: J[][] = [];
  let current: J[] = [];
  let bytes = 0;
  for (const job of sorted) {
    if (job.size >= BATCH_BYTES) {
      batches.push([job]);
      continue;
    }
    current.push(job);
    bytes += job.size;
    if (bytes >= BATCH_BYTES || current.length >= BATCH_FILES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const batchBytes = (batch: readonly PoolJob[]): number => batch.reduce((s, j) => s + j.size, 0);

/**
 * Hashes `batches` on `threads` threads: workers take the biggest batches from the front, and the
 * calling thread (which would otherwise only wait) takes the small ones from the back, one file at
 * a time between turns of its event loop, so one worker start-up is saved.
 */
function runThreads<J extends PoolJob>(batches: J[][], threads: number, options: PoolOptions<J>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    const inFlight = new Map<number, J[]>();
    let next = 0;
    let last = batches.length - 1;
    let done = 0;
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve();
    };
    const onAbort = (): void => finish(new HashAbortedError());
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const delivered = (batch: readonly J[], results: readonly FileHashResult[]): void => {
      try {
        batch.forEach((job, k) => options.onResult(job, results[k] as FileHashResult));
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      if (++done === batches.length) finish();
    };
    const feed = (w: Worker): void => {
      if (next > last) return;
      const id = next++;
      const batch = batches[id] as J[];
      inFlight.set(id, batch);
      w.postMessage({ id, paths: batch.map((j) => j.abs) });
    };
    const callerHelps = batchBytes(batches[last] ?? []) <= CALLER_MAX_BATCH;
    const source = hashWorkerSource();
    for (let i = 0; i < (callerHelps ? threads - 1 : threads); i++) {
      const w = new Worker(source, { eval: true, workerData: { chunkSize: CHUNK, progressBytes: 32 << 20 } });
      workers.push(w);
      w.on('message', (reply: HashReply) => {
        if (settled) return;
        if ('progress' in reply) {
          options.onBytes?.(reply.progress);
          return;
        }
        const batch = inFlight.get(reply.id) ?? [];
        inFlight.delete(reply.id);
        delivered(batch, reply.results);
        if (!settled) feed(w);
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => {
        if (!settled) finish(new Error(`A hash worker exited unexpectedly (code ${code}).`));
      });
      // Two batches in flight per worker, so it never waits for the main thread between batches.
      feed(w);
      feed(w);
    }
    if (callerHelps) void hashFromBack();

    async function hashFromBack(): Promise<void> {
      const buf = Buffer.allocUnsafe(CHUNK);
      while (!settled && last >= next && batchBytes(batches[last] ?? []) <= CALLER_MAX_BATCH) {
        const batch = batches[last--] as J[];
        const results: FileHashResult[] = [];
        for (const job of batch) {
          results.push(hashFileSync(job.abs, buf, options.onBytes));
          // Let worker replies, progress and an abort in between files.
          await new Promise((r) => setImmediate(r));
          if (settled) return;
        }
        delivered(batch, results);
      }
    }
  });
}
