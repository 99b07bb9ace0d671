// Hashes files by streaming them in large reads into SHA-256, in the calling thread or in a worker.
// The worker source is built from these very functions (Function#toString), because every bundle
// is a single file: they must stay self-contained (no outer variables, modules via getBuiltinModule).

/** The outcome for one file: its digest and the stamp of the file that was read, or a failure. */
export type FileHashResult =
  | { readonly ok: true; readonly sha256: string; readonly size: number; readonly mtimeNs: bigint; readonly ctimeNs: bigint; readonly ino: bigint; readonly dev: bigint; readonly changed: boolean }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * Hashes one file with `buf` as the read buffer. `onBytes` hears about progress within big files.
 * `changed` is true when the file's size or mtime moved while it was read (the digest is then of a
 * torn state and must not be trusted or cached).
 */
export function hashFileSync(path: string, buf: Buffer, onBytes?: (n: number) => void): FileHashResult {
  const fs = process.getBuiltinModule('node:fs');
  const crypto = process.getBuiltinModule('node:crypto');
  let fd = -1;
  try {
    fd = fs.openSync(path, 'r');
    const before = fs.fstatSync(fd, { bigint: true });
    if (!before.isFile()) return { ok: false, code: 'ENOTFILE', message: 'not a regular file any more' };
    const hash = crypto.createHash('sha256');
    let size = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(n === buf.length ? buf : buf.subarray(0, n));
      size += n;
      onBytes?.(n);
    }
    const after = fs.fstatSync(fd, { bigint: true });
    const changed = after.size !== before.size || after.mtimeNs !== before.mtimeNs || BigInt(size) !== before.size;
    return { ok: true, sha256: hash.digest('hex'), size, mtimeNs: before.mtimeNs, ctimeNs: before.ctimeNs, ino: before.ino, dev: before.dev, changed };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const code = err.code ?? 'EUNKNOWN';
    const message = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'vanished while hashing' : err.message;
    return { ok: false, code, message };
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

/** A request to a worker: hash these files. */
export interface HashRequest {
  readonly id: number;
  readonly paths: readonly string[];
}

/** A worker's reply: either progress within the batch, or the results of the whole batch. */
export type HashReply =
  | { readonly id: number; readonly progress: number }
  | { readonly id: number; readonly results: FileHashResult[] };

/**
 * The worker's main loop: hashes each requested batch with one reused read buffer and reports
 * progress at most every `progressBytes` bytes, so big files move the progress bar too.
 */
export function hashWorkerMain(): void {
  const threads = process.getBuiltinModule('node:worker_threads');
  const parentPort = threads.parentPort;
  const data = threads.workerData as { chunkSize: number; progressBytes: number };
  const buf = Buffer.allocUnsafe(data.chunkSize);
  parentPort?.on('message', (req: HashRequest) => {
    let pending = 0;
    const onBytes = (n: number): void => {
      pending += n;
      if (pending >= data.progressBytes) {
        parentPort.postMessage({ id: req.id, progress: pending });
        pending = 0;
      }
    };
    const results = req.paths.map((p) => hashFileSync(p, buf, onBytes));
    if (pending > 0) parentPort.postMessage({ id: req.id, progress: pending });
    parentPort.postMessage({ id: req.id, results });
  });
}

/** Source text of a hash worker, for `new Worker(source, { eval: true })`. */
export function hashWorkerSource(): string {
  return `${hashFileSync.toString()}\n(${hashWorkerMain.toString()})();\n`;
}
