// Where the change journal's sync files go (docs/lineage.md#the-change-journal): in the repository's
// git dir when the editor's watcher sees it there, so a probe never flashes up in the Explorer or in
// `git status`; in the workspace root otherwise (no git dir inside the root, or an exclude hiding it).
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { dotGitDir } from '../git/repo';
import { parseSpec } from './spec';

/** Names of the files a probe or a status check creates to learn that the watcher has caught up. */
export const COOKIE_PREFIX = '.runlens-sync-';

/** One sync file on disk: its path relative to the root (posix, as the journal logs it) and its removal. */
export interface SyncFile {
  readonly rel: string;
  /** What {@link syncFolder} chose (the file is in the root instead when that folder refused it). */
  readonly folder: string;
  remove(): Promise<void>;
}

/**
 * The folder (root-relative, posix; '' = the root) where sync files of `root` go: the git dir that
 * the root's `.git` names when it lies inside the root (a linked worktree's or a submodule's lies
 * outside, where the workspace's watcher does not look) and no exclude pattern can hide it.
 */
export async function syncFolder(root: string, excludes: readonly string[]): Promise<string> {
  const gitDir = await dotGitDir(root);
  if (gitDir === null) return '';
  const rel = relative(root, gitDir);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return '';
  const folder = rel.split(sep).join('/');
  return excludes.some((p) => mayHide(root, p, `${folder}/${COOKIE_PREFIX}0`)) ? '' : folder;
}

/** True when the logged `path` is a sync file created in `folder` or in the root (never data). */
export function isSyncPath(path: string, folder: string): boolean {
  return path.startsWith(COOKIE_PREFIX) || (folder !== '' && path.startsWith(`${folder}/${COOKIE_PREFIX}`));
}

/**
 * Creates a fresh sync file for `root`, telling `expect` its logged path first (the watcher may
 * report it before the write returns). When the git dir refuses it (read-only), the root is tried;
 * a root that refuses it too throws.
 */
export async function createSyncFile(root: string, excludes: readonly string[], expect: (rel: string) => void): Promise<SyncFile> {
  const folder = await syncFolder(root, excludes);
  const name = `${COOKIE_PREFIX}${randomBytes(8).toString('hex')}`;
  for (const dir of folder === '' ? [''] : [folder, '']) {
    const rel = dir === '' ? name : `${dir}/${name}`;
    const abs = join(root, ...rel.split('/'));
    expect(rel);
    try {
      await fsp.writeFile(abs, '', { flag: 'wx' });
    } catch (e) {
      if (dir === '') throw e;
      continue;
    }
    return { rel, folder, remove: () => fsp.rm(abs, { force: true }) };
  }
  throw new Error('unreachable: the root is always tried');
}

/**
 * True when the watcher exclude `pattern` may hide `rel` or a folder above it. A pattern this cannot
 * read (a character class, a `..`) counts as hiding: the root is then used, as before git dirs were.
 */
function mayHide(root: string, pattern: string, rel: string): boolean {
  if (pattern.includes('[')) return true;
  let spec;
  try {
    spec = parseSpec(root, pattern);
  } catch {
    return true; // unreadable as a glob: assume the worst
  }
  const parts = rel.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join('/');
    const hit = spec.match === null ? (spec.base === '' || path === spec.base || path.startsWith(`${spec.base}/`)) : spec.match(path);
    if (hit) return true;
  }
  return false;
}
