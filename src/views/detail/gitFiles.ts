// File contents at a commit, for the detail view's "open diff against HEAD": the file as a run's
// snapshot had it and as HEAD has it now, read with `git show <rev>:<path>` (argv, no shell).
// A path a commit does not contain reads as undefined, so an added or deleted file diffs against empty.
import { isAbsolute } from 'node:path';
import { GitCommandError, gitText, runGit } from '../../core/git/exec';

/** The revision "HEAD" or a full or abbreviated object name: nothing that git would read as an option. */
function checkRev(rev: string): void {
  if (!/^(HEAD|[0-9a-f]{4,64})$/.test(rev)) throw new Error(`not a commit: ${JSON.stringify(rev)}`);
}

/** A repository-relative path that stays inside the repository. */
export function isSafeRepoPath(path: string): boolean {
  return path.length > 0 && !isAbsolute(path) && !path.includes('\0') && !path.split(/[\\/]/).includes('..');
}

/**
 * The bytes of `path` at commit `rev` in the repository around `repoDir`, or undefined when that
 * commit has no such file (or the commit is not there). Rejects with GitMissingError without git.
 */
export async function readFileAt(repoDir: string, rev: string, path: string): Promise<Buffer | undefined> {
  checkRev(rev);
  if (!isSafeRepoPath(path)) throw new Error(`not a repository path: ${JSON.stringify(path)}`);
  try {
    // `<rev>:<path>` names the path from the top level whatever directory git runs in.
    const r = await runGit(['show', '--no-textconv', `${rev}:${path}`], { cwd: repoDir, okCodes: [128] });
    return r.code === 0 ? r.stdout : undefined;
  } catch (e) {
    if (e instanceof GitCommandError) return undefined;
    throw e;
  }
}

/** The top level of the working tree around `dir`, or undefined when it is not in one. */
export async function repoToplevel(dir: string): Promise<string | undefined> {
  try {
    return await gitText(['rev-parse', '--show-toplevel'], { cwd: dir });
  } catch (e) {
    if (e instanceof GitCommandError) return undefined;
    throw e;
  }
}

/** Whether `commit` exists in the repository around `repoDir` (its ref may have been deleted and collected). */
export async function hasCommit(repoDir: string, commit: string): Promise<boolean> {
  checkRev(commit);
  const r = await runGit(['cat-file', '-e', `${commit}^{commit}`], { cwd: repoDir, okCodes: [1, 128] }).catch((e: unknown) => {
    if (e instanceof GitCommandError) return { code: 1 };
    throw e;
  });
  return r.code === 0;
}
