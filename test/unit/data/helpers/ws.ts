// Temp workspaces for the dataset hashing tests: real files in a fresh folder, removed afterwards.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

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

/** True when this process can read files whatever their mode (root), so chmod 000 proves nothing. */
export function bypassesPermissions(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
