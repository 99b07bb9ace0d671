// Clears the assume-unchanged and skip-worktree bits in a capture's temporary index: git status
// trusts an entry carrying either bit without looking at the file, so an edited file would be
// snapshotted with HEAD's content and the run recorded clean (reproduce would run other code).
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { runGit } from './exec';
import { type GitContext } from './repo';
import { INDEX_CONFIG } from './snapshot';

/** Paths whose index entry told git not to look at the working tree, by bit. */
export interface FlaggedPaths {
  readonly assumeUnchanged: string[];
  /** Only those present in the working tree: an absent one is a sparse checkout's, HEAD's content is right. */
  readonly skipWorktree: string[];
}

/**
 * Parses `git ls-files -v -z`: a lower-case tag marks assume-unchanged, `S`/`s` skip-worktree
 * (`s` both). Entries without either bit are left out.
 */
export function parseFlaggedEntries(out: string): { assumeUnchanged: string[]; skipWorktree: string[] } {
  const assumeUnchanged: string[] = [];
  const skipWorktree: string[] = [];
  for (const record of out.split('\0')) {
    if (record.length < 3 || record[1] !== ' ') continue;
    const tag = record[0] ?? '';
    const path = record.slice(2);
    if (tag === 'S' || tag === 's') skipWorktree.push(path);
    if (tag !== tag.toUpperCase()) assumeUnchanged.push(path);
  }
  return { assumeUnchanged, skipWorktree };
}

/**
 * Clears both bits in `tempIndex` (never the user's index) for the paths that carry them, so the
 * status that follows compares those files with the working tree like any other. Returns the
 * paths it cleared.
 */
export async function clearIndexFlags(toplevel: string, tempIndex: string, ctx: GitContext): Promise<FlaggedPaths> {
  const opts = { cwd: toplevel, env: ctx.env, signal: ctx.signal, extraEnv: { GIT_INDEX_FILE: tempIndex } };
  const listed = await runGit(['ls-files', '-v', '-z'], opts);
  const flagged = parseFlaggedEntries(listed.stdout.toString('utf8'));
  const present = await Promise.all(flagged.skipWorktree.map((p) => fsp.lstat(join(toplevel, p)).then(() => true, () => false)));
  const skipWorktree = flagged.skipWorktree.filter((_, i) => present[i]);
  // update-index applies one of these options per call: a path given both is only unmarked once.
  if (flagged.assumeUnchanged.length > 0) {
    await runGit([...INDEX_CONFIG, 'update-index', '--no-assume-unchanged', '-z', '--stdin'], { ...opts, input: nulList(flagged.assumeUnchanged) });
  }
  if (skipWorktree.length > 0) {
    await runGit([...INDEX_CONFIG, 'update-index', '--no-skip-worktree', '-z', '--stdin'], { ...opts, input: nulList(skipWorktree) });
  }
  return { assumeUnchanged: flagged.assumeUnchanged, skipWorktree };
}

function nulList(paths: readonly string[]): string {
  return paths.map((p) => `${p}\0`).join('');
}
