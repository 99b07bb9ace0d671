// Hashes many files across the cores: a pool of worker threads pulling batches (small files grouped
// to cut message overhead, big ones alone), with byte-level progress and cancellation that
// terminates the workers. Small jobs are hashed in the calling thread, where a worker costs more.
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
  /** Worker threads; default: the available cores. 0 hashes in the calling thread. */
  readonly workers?: number;
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
/** Below this much work a worker's start-up (~30 ms) costs more than it saves. */
const INLINE_BYTES = 16 << 20;
const INLINE_FILES = 64;

/** Hashes every job; resolves when all results were delivered, rejects on abort or worker failure. */
export async function hashInPool<J extends PoolJob>(jobs: readonly J[], options: PoolOptions<J>): Promise<void> {
  if (jobs.length === 0) return;
  if (options.signal?.aborted) throw new HashAbortedError();
  const total = jobs.reduce((s, j) => s + j.size, 0);
  const wanted = options.workers ?? availableParallelism();
  if (wanted <= 0 || (total < INLINE_BYTES && jobs.length < INLINE_FILES)) return hashInline(jobs, options);
  const batches = makeBatches(jobs);
  return runWorkers(batches, Math.min(wanted, batches.length), options);
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

function runWorkers<J extends PoolJob>(batches: J[][], count: number, options: PoolOptions<J>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    const inFlight = new Map<number, J[]>();
    let next = 0;
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
    const feed = (w: Worker): void => {
      if (next >= batches.length) return;
      const id = next++;
      const batch = batches[id] as J[];
      inFlight.set(id, batch);
      w.postMessage({ id, paths: batch.map((j) => j.abs) });
    };
    const source = hashWorkerSource();
    for (let i = 0; i < count; i++) {
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
        try {
          batch.forEach((job, k) => options.onResult(job, reply.results[k] as FileHashResult));
        } catch (e) {
          finish(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        if (++done === batches.length) finish();
        else feed(w);
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => {
        if (!settled) finish(new Error(`A hash worker exited unexpectedly (code ${code}).`));
      });
      // Two batches in flight per worker, so it never waits for the main thread between batches.
      feed(w);
      feed(w);
    }
  });
}
