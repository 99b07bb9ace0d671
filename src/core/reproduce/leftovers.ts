// Worktrees left behind by a reproduction that was killed (kill -9, a closed terminal, a crash)
// before it could remove its worktree: each reproduce sweeps them before it adds its own.
import { hostname } from 'node:os';
import { runGit } from '../git/exec';
import { pidAlive } from '../fs/lock';
import { removeWorktree, type Worktree } from './worktree';

/** Parses `git worktree list --porcelain`: each worktree's path and lock reason (null when unlocked). */
export function parseWorktreeList(text: string): { dir: string; locked: string | null }[] {
  const out: { dir: string; locked: string | null }[] = [];
  for (const block of text.split('\n\n')) {
    let dir: string | undefined;
    let locked: string | null = null;
    for (const line of block.split('\n')) {
      if (line.startsWith('worktree ')) dir = line.slice('worktree '.length);
      else if (line === 'locked') locked = '';
      else if (line.startsWith('locked ')) locked = line.slice('locked '.length);
    }
    if (dir !== undefined) out.push({ dir, locked });
  }
  return out;
}

const OWNER = /^runlens reproduce \(pid (\d+) on (.+)\)$/;

/**
 * Removes the worktrees of `repoTop` whose lock names a reproduction on this host whose process is
 * gone, wherever they live (the store's worktrees folder or a `--worktree-dir`). A worktree kept
 * with `--keep` is unlocked, and one of a reproduction running elsewhere or still alive is left
 * alone. Returns the directories removed; never fails (the sweep is a courtesy to the next run).
 */
export async function sweepLeftoverWorktrees(repoTop: string): Promise<string[]> {
  const listed = await runGit(['worktree', 'list', '--porcelain'], { cwd: repoTop }).catch(() => undefined); // the sweep is a courtesy: without git's list nothing is removed
  if (!listed || listed.code !== 0) return [];
  const removed: string[] = [];
  for (const wt of parseWorktreeList(listed.stdout.toString('utf8'))) {
    const owner = OWNER.exec(wt.locked ?? '');
    if (!owner || owner[2] !== hostname() || pidAlive(Number(owner[1]))) continue;
    const leftover: Worktree = { dir: wt.dir, repoTop, commit: '' };
    // `git worktree prune` never prunes a locked worktree whose folder is already gone.
    await runGit(['worktree', 'unlock', wt.dir], { cwd: repoTop, okCodes: [128] }).catch(() => undefined);
    await removeWorktree(leftover);
    removed.push(wt.dir);
  }
  return removed;
}
