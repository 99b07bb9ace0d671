// The data remote on a folder (a network mount, or any path): objects under `objects/`, each
// copied to `tmp/` first, hashed while it is copied and renamed into place only when whole, so a
// reader never sees a partial object and an interrupted push leaves only a temp file behind.
import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type Arrived, type DataRemote, HashTap, LocalObjectError, ObjectMissingError, objectKey } from './remote';
import { RemoteSpecError, type RemoteSpec } from './spec';
import { isNotFound } from '../fs/atomic';

/** A remote on a folder. The folder itself must exist: a share that is not mounted is an error, not a new empty folder. */
export class FolderRemote implements DataRemote {
  private checked = false;
  private readonly made = new Set<string>();

  constructor(readonly spec: RemoteSpec & { kind: 'folder' }) {}

  private async root(): Promise<string> {
    if (!this.checked) {
      const st = await fsp.stat(this.spec.path).catch(() => null); // a missing folder is reported just below
      if (!st?.isDirectory()) throw new RemoteSpecError(`the remote folder ${this.spec.path} does not exist (is the network share mounted?); create it to start a new remote`);
      this.checked = true;
    }
    return this.spec.path;
  }

  private async path(sha256: string): Promise<string> {
    return join(await this.root(), ...objectKey(sha256).split('/'));
  }

  async has(sha256: string): Promise<boolean> {
    const st = await fsp.stat(await this.path(sha256)).catch((e: unknown) => {
      if (isNotFound(e)) return null;
      throw e;
    });
    return st?.isFile() === true;
  }

  async upload(sha256: string, file: string, _size: number, signal?: AbortSignal): Promise<void> {
    const target = await this.path(sha256);
    const tmpDir = join(await this.root(), 'tmp');
    await this.ensureDir(tmpDir);
    const tmp = join(tmpDir, `${sha256.slice(0, 16)}.${process.pid}.${Math.random().toString(36).slice(2)}`);
    try {
      // One pass: read, hash and write; published by one rename only when the bytes match the name.
      // (The copy is not read back: a share that mangles what it was handed would need to be
      // caught by every reader anyway, and is, since each download is hashed as it arrives.)
      const tap = new HashTap();
      await pipeline(createReadStream(file), tap, createWriteStream(tmp, { flags: 'wx', mode: 0o444 }), { signal });
      const sent = tap.result();
      if (sent.sha256 !== sha256) throw new LocalObjectError(sha256, sent.sha256);
      await this.ensureDir(dirname(target));
      await fsp.rename(tmp, target);
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  /** Creates a folder once per remote object (256 fan-out folders, then known to exist). */
  private async ensureDir(dir: string): Promise<void> {
    if (this.made.has(dir)) return;
    await fsp.mkdir(dir, { recursive: true });
    this.made.add(dir);
  }

  async download(sha256: string, dest: string, signal?: AbortSignal): Promise<Arrived> {
    const source = await this.path(sha256);
    const tap = new HashTap();
    try {
      await pipeline(createReadStream(source), tap, createWriteStream(dest, { flags: 'wx' }), { signal });
    } catch (e) {
      if (isNotFound(e) && (e as NodeJS.ErrnoException).path === source) throw new ObjectMissingError(sha256);
      throw e;
    }
    return tap.result();
  }

  close(): void {
    // Nothing held open between calls.
  }
}
