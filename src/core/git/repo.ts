// Finds the repository around a run's working directory in one `git rev-parse` call: its top level,
// git dirs (a linked worktree has its own), the index file, and whether the clone is shallow.
import { lstat, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { GitCommandError, gitText, runGit } from './exec';
import { pickRemote } from './remote';

/** Where a repository's parts live, all as absolute paths. */
export interface RepoInfo {
  readonly toplevel: string;
  /** This worktree's git dir (for a linked worktree: `<common>/worktrees/<name>`). */
  readonly gitDir: string;
  /** The repository's shared git dir, holding objects and refs. */
  readonly commonDir: string;
  /** The user's index file, which a capture copies and never writes. */
  readonly indexFile: string;
  readonly shallow: boolean;
  /** True in a linked worktree (`git worktree add`), where `.git` is a file. */
  readonly worktree: boolean;
}

/** The directory is not inside a git working tree; `reason` is git's own words. */
export class NotARepoError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'NotARepoError';
  }
}

/** Environment and cancellation shared by every git call of one capture. */
export interface GitContext {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

/**
 * Locates the repository containing `cwd`. Throws {@link NotARepoError} outside a repository or
 * where there is no working tree (a bare repository, inside `.git`); other git failures propagate.
 */
export async function locateRepo(cwd: string, ctx: GitContext): Promise<RepoInfo> {
  let text: string;
  try {
    text = await gitText(
      ['rev-parse', '--is-inside-work-tree', '--show-toplevel', '--absolute-git-dir', '--git-common-dir', '--is-shallow-repository', '--git-path', 'index'],
      { cwd, env: ctx.env, signal: ctx.signal },
    );
  } catch (e) {
    if (e instanceof GitCommandError && /not a git repository|must be run in a work tree/i.test(e.stderr)) {
      throw new NotARepoError(e.stderr.trim().replace(/^fatal: /, ''));
    }
    throw e;
  }
  const [inside, toplevel, gitDir, commonDir, shallow, index] = text.split('\n');
  if (inside !== 'true' || !toplevel || !gitDir || !commonDir || !index) {
    throw new NotARepoError(`${cwd} is not inside a git working tree`);
  }
  // --git-common-dir and --git-path may be relative to the directory git was run in.
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));
  // Compared as real paths: a symlinked cwd must not make the main worktree look like a linked one.
  const realCommon = await realpath(abs(commonDir)).catch(() => abs(commonDir));
  const realGitDir = await realpath(gitDir).catch(() => gitDir); // a git dir that cannot be resolved is compared as given
  return {
    toplevel,
    gitDir,
    commonDir: realCommon,
    indexFile: abs(index),
    shallow: shallow === 'true',
    worktree: realCommon !== realGitDir,
  };
}

/**
 * The git dir named by `dir`'s own `.git` entry, absolute, without running git (a status check
 * stays in stat time): the folder itself, or where a `.git` file points (`gitdir: <path>`, which a
 * linked worktree and a submodule have). Null when `dir` holds no `.git`, or an unreadable one.
 */
export async function dotGitDir(dir: string): Promise<string | null> {
  const dotGit = join(dir, '.git');
  // No `.git` (or one that cannot be read) is an answer here, not a failure: the caller falls back.
  const st = await lstat(dotGit).catch(() => null);
  if (st?.isDirectory()) return dotGit;
  if (!st?.isFile()) return null;
  // An unreadable `.git` file names no git dir: the same fallback as none.
  const m = /^gitdir: (.+?)\r?\n?$/.exec(await readFile(dotGit, 'utf8').catch(() => ''));
  return m?.[1] ? resolve(dir, m[1]) : null;
}

/** The remote to record (origin, else the first), credentials stripped; null when none is configured. */
export async function readRemote(toplevel: string, ctx: GitContext): Promise<string | null> {
  const res = await runGit(['config', '-z', '--get-regexp', '^remote\\..*\\.url$'], {
    cwd: toplevel,
    env: ctx.env,
    signal: ctx.signal,
    okCodes: [1], // exit 1: no remote configured
  });
  return pickRemote(res.stdout.toString('utf8'))?.url ?? null;
}

/**
 * Gitlinks (submodules and embedded repositories) in an index, with the commit each records.
 * Read from the capture's temporary index after it was updated, so each commit is the one checked
 * out in the submodule at capture time, which is what the snapshot's tree points to.
 */
export async function listGitlinks(toplevel: string, indexFile: string, ctx: GitContext): Promise<{ path: string; commit: string }[]> {
  const res = await runGit(['ls-files', '--stage', '-z'], {
    cwd: toplevel,
    env: ctx.env,
    extraEnv: { GIT_INDEX_FILE: indexFile },
    signal: ctx.signal,
  });
  const links: { path: string; commit: string }[] = [];
  for (const rec of res.stdout.toString('utf8').split('\0')) {
    // "<mode> <object> <stage>\t<path>"
    if (!rec.startsWith('160000 ')) continue;
    const tab = rec.indexOf('\t');
    links.push({ path: rec.slice(tab + 1), commit: rec.slice(7, rec.indexOf(' ', 7)) });
  }
  return links;
}
