// The separate git worktree a reproduction runs in: checked out at the run's snapshot commit in a
// directory of its own (by default under the store), so the user's files, index, HEAD and branches
// are never touched, and removed again afterwards (docs/reproduce.md). runGit keeps the user's hooks off.
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { type CodeLink } from '../git/capture';
import { gitText, runGit } from '../git/exec';
import { type Deviation } from '../model';

/** A checked-out worktree of a run's code. */
export interface Worktree {
  /** The worktree's top directory. */
  readonly dir: string;
  /** The user's repository top level the worktree belongs to. */
  readonly repoTop: string;
  /** The commit checked out (the snapshot, or the run's HEAD when it had no snapshot). */
  readonly commit: string;
}

/** Why a run's code cannot be checked out; the message says what to do. */
export class CodeUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodeUnavailableError';
  }
}

/** Where worktrees go when nothing else is configured: inside the store, which git ignores. */
export function defaultWorktreeRoot(storeRoot: string): string {
  return join(storeRoot, 'worktrees');
}

/** The repository top level holding `dir` (real path), or a CodeUnavailableError. */
export async function repoTopOf(dir: string): Promise<string> {
  try {
    return await fsp.realpath(await gitText(['rev-parse', '--show-toplevel'], { cwd: dir }));
  } catch (e) {
    throw new CodeUnavailableError(`${dir} is not inside a git repository (${(e as Error).message}); reproduce needs the repository the run was recorded in`);
  }
}

/**
 * The commit to check out for a run: its pinned snapshot when it still exists, else its HEAD
 * commit (recorded as a deviation when the run had uncommitted changes the snapshot was to keep).
 */
export async function codeCommitOf(repoTop: string, runId: string, code: CodeLink | null): Promise<{ commit: string; deviations: Deviation[] }> {
  if (!code || (code.status !== 'ok' && code.status !== 'no-commits')) {
    throw new CodeUnavailableError(`the run has no code snapshot (${code?.message ?? 'it was recorded before code linking, or outside a git repository'}), so its code cannot be checked out`);
  }
  const exists = async (rev: string): Promise<boolean> =>
    (await runGit(['cat-file', '-e', `${rev}^{commit}`], { cwd: repoTop, okCodes: [1, 128] })).code === 0;
  const deviations: Deviation[] = [];
  for (const skipped of code.snapshot?.skipped ?? []) {
    deviations.push({ kind: 'code', subject: skipped.path, expected: null, actual: null,
      message: `${skipped.path} was left out of the snapshot (${skipped.reason}); the worktree has the committed version, if any` });
  }
  if (code.snapshot && await exists(code.snapshot.commit)) return { commit: code.snapshot.commit, deviations };
  if (code.snapshot && await exists(`refs/runlens/runs/${runId}`)) {
    return { commit: await gitText(['rev-parse', `refs/runlens/runs/${runId}^{commit}`], { cwd: repoTop }), deviations };
  }
  if (code.commit && await exists(code.commit)) {
    if (code.dirty) {
      deviations.push({ kind: 'code', subject: 'uncommitted changes', expected: code.snapshot?.commit ?? null, actual: code.commit,
        message: `the snapshot of the run's uncommitted changes is gone (its ref refs/runlens/runs/${runId} was deleted); reproducing commit ${code.commit.slice(0, 12)} without them` });
    }
    return { commit: code.commit, deviations };
  }
  throw new CodeUnavailableError(`neither the run's snapshot nor its commit ${code.commit ?? ''} exists in ${repoTop} any more (deleted ref, or a clone without them)`);
}

/**
 * The lock reason of a worktree a reproduction is using: it names the owning process, so a later
 * reproduce can tell a leftover of a killed one (owner gone) from one in use (leftovers.ts).
 */
export function ownerReason(pid: number = process.pid, host: string = hostname()): string {
  return `runlens reproduce (pid ${pid} on ${host})`;
}

/**
 * Creates a detached worktree of `commit` in a new directory under `root`, locked with
 * {@link ownerReason} from the first moment git records it (git writes the lock before checking out).
 */
export async function addWorktree(repoTop: string, commit: string, root: string, label: string): Promise<Worktree> {
  await fsp.mkdir(root, { recursive: true });
  const dir = resolve(root, `${label}-${Math.random().toString(36).slice(2, 8)}`);
  await runGit(['worktree', 'add', '--lock', '--reason', ownerReason(), '--detach', '--quiet', dir, commit], { cwd: repoTop });
  return { dir: await fsp.realpath(dir), repoTop, commit };
}

/**
 * A scratch folder that lives and dies with the worktree: inside git's own record of it
 * (`.git/worktrees/<name>/`), which `git worktree remove` and the sweep of a killed reproduction's
 * leftovers delete with it. Nothing there is part of the checkout, so no walk or `git status` sees it.
 */
export async function worktreeScratchDir(wt: Worktree, name: string): Promise<string> {
  const dir = join(await gitText(['rev-parse', '--absolute-git-dir'], { cwd: wt.dir }), name);
  await fsp.mkdir(dir, { recursive: true });
  return dir;
}

/** Hands a worktree over to the user (`--keep`): unlocked, it is never swept as a leftover. */
export async function keepWorktree(wt: Worktree): Promise<void> {
  await runGit(['worktree', 'unlock', wt.dir], { cwd: wt.repoTop, okCodes: [128] });
}

/** Removes a worktree and git's record of it; never fails (a leftover is pruned by the next call). */
export async function removeWorktree(wt: Worktree): Promise<void> {
  await runGit(['worktree', 'remove', '--force', '--force', wt.dir], { cwd: wt.repoTop, okCodes: [128] }).catch(() => undefined);
  // Read-only files (data linked from the cache) are removed like any other.
  await fsp.rm(wt.dir, { recursive: true, force: true }).catch(() => undefined);
  await runGit(['worktree', 'prune'], { cwd: wt.repoTop }).catch(() => undefined); // prune only tidies git's records of worktrees already removed above
}

/** `path` (inside the user's repository) mapped to the same place inside the worktree. */
export function inWorktree(wt: Worktree, path: string): string {
  const rel = relative(wt.repoTop, path);
  if (rel.startsWith('..') || resolve(wt.repoTop, rel) !== resolve(path)) {
    throw new CodeUnavailableError(`${path} is outside the repository ${wt.repoTop}, so it has no place in the worktree`);
  }
  return join(wt.dir, rel);
}
