// Temp workspaces for the dataset hashing tests: real files in a fresh folder, removed afterwards.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';

/** A fresh workspace folder with helpers to fill it. */
export interface TempWorkspace {
  readonly dir: string;
  /** Writes `content` at the workspace-relative `rel`, creating folders. Returns the absolute path. */
  write(rel: string, content: string | Buffer): string;
  path(rel: string): string;
  cleanup(): void;
}

/** Creates a temp workspace (its real path, so symlink targets compare as written). */
export function tempWorkspace(): TempWorkspace {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'runlens-data-')));
  return {
    dir,
    path: (rel) => join(dir, rel),
    write(rel, content) {
      const abs = join(dir, rel);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
      return abs;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** SHA-256 hex of a string or buffer, computed independently of the code under test. */
export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Rewrites the file at `abs` in place with `content` (same size) and sets its times back to what they
 * were, so only its ctime tells; repeated until the ctime differs from `ctimeNs`, since a filesystem's
 * ctime tick (a few ms on ext4) can swallow a write made just after the previous one.
 */
export function sameSizeEditBack(abs: string, content: string, ctimeNs: bigint): void {
  const was = statSync(abs, { bigint: true });
  if (Buffer.byteLength(content) !== Number(was.size)) throw new Error('sameSizeEditBack needs content of the same size');
  const atime = new Date(Number(was.atimeMs));
  const mtime = new Date(Number(was.mtimeMs));
  do {
    writeFileSync(abs, content);
    utimesSync(abs, atime, mtime);
  } while (statSync(abs, { bigint: true }).ctimeNs === ctimeNs);
  const now = statSync(abs, { bigint: true });
  if (now.mtimeNs !== was.mtimeNs || now.ino !== was.ino) throw new Error('the mtime or inode did not survive the edit');
}

/** True when this process can read files whatever their mode (root), so chmod 000 proves nothing. */
export function bypassesPermissions(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * A fresh folder that any user can reach (0755, every folder above it searchable by others), for a
 * child process running as another user: under the temp folder when that is reachable, else /tmp
 * (a clone under /root or a private TMPDIR is not). A string says why none could be arranged.
 */
export function publicTempDir(): { dir: string } | string {
  for (const base of [...new Set([tmpdir(), '/tmp'])]) {
    if (!searchableByOthers(base)) continue;
    const dir = realpathSync(mkdtempSync(join(base, 'runlens-public-')));
    chmodSync(dir, 0o755);
    return { dir };
  }
  return `neither ${tmpdir()} nor /tmp is searchable by other users`;
}

/** True when `dir` and every folder above it let other users pass through (the x bit for others). */
function searchableByOthers(dir: string): boolean {
  try {
    for (let d = realpathSync(dir); ; d = dirname(d)) {
      if ((statSync(d).mode & 0o001) === 0) return false;
      if (d === parse(d).root) return true;
    }
  } catch {
    return false; // a folder we cannot even stat is no place for another user either
  }
}
