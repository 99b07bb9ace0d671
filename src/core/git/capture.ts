// Links a run to its exact code at start: commit, branch, remote, dirty state, and a pinned snapshot
// commit of the working tree with a patch against HEAD. Never throws: every failure becomes a
// recorded status so the run itself still starts.
import { existsSync, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitMissingError, runGit } from './exec';
import { type GitContext, listGitlinks, locateRepo, NotARepoError, readRemote } from './repo';
import { commitSnapshot, INDEX_CONFIG, type Snapshot, writeSnapshotTree } from './snapshot';
import { type ParsedStatus, parseStatusV2 } from './status';
import { clearIndexFlags } from './indexFlags';
import { writePatch } from './diff';

/** Outcome of a capture; `ok` and `no-commits` both come with a snapshot unless a step failed. */
export type CodeLinkStatus = 'ok' | 'not-a-repo' | 'no-commits' | 'git-missing' | 'error';

/** A submodule (or embedded repository) and the commit checked out in it at capture time. */
export interface SubmoduleLink {
  readonly path: string;
  readonly commit: string;
  /** Files inside the submodule differ from its commit; they are not part of the snapshot. */
  readonly dirty: boolean;
}

/** Everything recorded about a run's code; plain JSON for the run manifest's `code` field. */
export interface CodeLink {
  status: CodeLinkStatus;
  /** Why the status is not `ok`, in words a user can act on. */
  message?: string;
  /** Full SHA of HEAD; null outside a repository or before the first commit. */
  commit: string | null;
  /** Current branch (also for an unborn branch); null when detached or unknown. */
  branch: string | null;
  detached: boolean;
  /** URL of `origin` (else the first remote) with credentials stripped. */
  remote: string | null;
  /** True when any tracked file differs from HEAD or an untracked, not ignored file exists. */
  dirty: boolean;
  /** Tracked paths (repository-relative) that differ from HEAD, staged or not. */
  changed: string[];
  /** Untracked, not ignored paths. */
  untracked: string[];
  shallow: boolean;
  /** The run's directory is a linked worktree (`git worktree add`). */
  worktree: boolean;
  submodules: SubmoduleLink[];
  snapshot: Snapshot | null;
  /** The binary-safe `git diff --binary HEAD <snapshot>`, when a patch path was given and HEAD exists. */
  patchFile?: string;
  /** Things that did not stop the capture but that a reader should know. */
  warnings: string[];
  durationMs: number;
}

/** Options of {@link captureCode}. */
export interface CaptureOptions {
  /** Files larger than this are left out of the snapshot and listed as skipped. Default 5 MB. */
  readonly maxFileBytes?: number;
  /**
   * The content a snapshot adds (changed and untracked files) stops at this many bytes, smallest
   * files first; the rest are listed as skipped. Default 100 MB.
   */
  readonly maxTotalBytes?: number;
  /** Where to write the patch against HEAD (its directory must exist). */
  readonly patchPath?: string;
  readonly signal?: AbortSignal;
  /** Environment for the git processes (defaults to process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Default size cap for files in a snapshot. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Default cap on the new content of one snapshot. */
export const DEFAULT_MAX_TOTAL_BYTES = 100 * 1024 * 1024;

/**
 * Records the code of the repository containing `cwd` and pins a snapshot of its working tree under
 * `refs/runlens/runs/<runId>`. Resolves in every case; failures are in `status` and `message`.
 */
export async function captureCode(cwd: string, runId: string, options: CaptureOptions = {}): Promise<CodeLink> {
  const started = performance.now();
  const ctx: GitContext = { env: options.env, signal: options.signal };
  const link: CodeLink = {
    status: 'ok', commit: null, branch: null, detached: false, remote: null, dirty: false, changed: [], untracked: [],
    shallow: false, worktree: false, submodules: [], snapshot: null, warnings: [], durationMs: 0,
  };
  let tmp: string | undefined;
  try {
    // Checked first: spawning git in a missing directory fails with ENOENT, which would read as "git missing".
    if (!(await fsp.stat(cwd).catch(() => null))?.isDirectory()) throw new Error(`working directory ${cwd} does not exist or is not a directory`);
    const repo = await locateRepo(cwd, ctx);
    link.shallow = repo.shallow;
    link.worktree = repo.worktree;
    tmp = await fsp.mkdtemp(join(tmpdir(), 'runlens-index-'));
    const tempIndex = join(tmp, 'index');
    await seedIndex(repo.indexFile, tempIndex, repo.toplevel, ctx);
    const flagged = await clearIndexFlags(repo.toplevel, tempIndex, ctx);
    const [status, remote] = await Promise.all([readStatus(repo.toplevel, tempIndex, ctx), readRemote(repo.toplevel, ctx)]);
    link.remote = remote;
    link.commit = status.oid;
    link.branch = status.branch;
    link.detached = status.detached;
    link.changed = status.entries.map((e) => e.path);
    link.untracked = status.untracked.map((p) => p.replace(/\/$/, ''));
    link.dirty = link.changed.length > 0 || link.untracked.length > 0;
    const changed = new Set(link.changed);
    for (const [paths, bit] of [[flagged.assumeUnchanged, 'assume-unchanged'], [flagged.skipWorktree, 'skip-worktree']] as const) {
      const edited = paths.filter((p) => changed.has(p));
      if (edited.length > 0) link.warnings.push(`${describePaths(edited)} marked ${bit} in your index but changed: the snapshot holds the working-tree content.`);
    }
    if (status.oid === null) {
      link.status = 'no-commits';
      link.message = 'The repository has no commits yet: the snapshot has no parent and no patch is written.';
    }
    const tree = await writeSnapshotTree({
      toplevel: repo.toplevel, tempIndex, runId, status, ctx, maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
      maxTotalBytes: options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES,
    });
    const embedded = status.untracked.filter((p) => p.endsWith('/')).map((p) => p.slice(0, -1));
    const hasGitlinks = embedded.length > 0 || existsSync(join(repo.toplevel, '.gitmodules'));
    // The patch (HEAD to the tree), the commit and ref, and the gitlink listing are independent.
    const [snapshot, patch, submodules] = await Promise.allSettled([
      commitSnapshot(repo.toplevel, runId, tree, status, ctx),
      options.patchPath !== undefined && status.oid !== null ? writePatch(repo.toplevel, status.oid, tree.tree, options.patchPath, ctx) : Promise.resolve(false),
      hasGitlinks ? submoduleLinks(repo.toplevel, tempIndex, status, ctx) : Promise.resolve([]),
    ]);
    if (snapshot.status === 'rejected') {
      if (options.patchPath !== undefined && patch.status === 'fulfilled') await fsp.rm(options.patchPath, { force: true });
      throw snapshot.reason;
    }
    link.snapshot = snapshot.value;
    if (submodules.status === 'rejected') throw submodules.reason;
    link.submodules = submodules.value;
    for (const p of embedded) link.warnings.push(`${p} is a git repository inside this one (not a submodule): only its commit is recorded.`);
    if (patch.status === 'rejected') {
      if (options.signal?.aborted) throw patch.reason;
      link.warnings.push(`The patch against HEAD could not be written: ${describe(patch.reason)}`);
    } else if (patch.value !== false) {
      link.patchFile = options.patchPath;
    }
  } catch (e) {
    classifyFailure(link, e, options.signal);
  } finally {
    if (tmp !== undefined) await fsp.rm(tmp, { recursive: true, force: true }).catch(() => undefined); // a temp index left behind in the OS temp folder costs nothing the run records
    link.durationMs = Math.round((performance.now() - started) * 10) / 10;
  }
  return link;
}

/**
 * Starts the temporary index as a byte copy of the user's, so git reuses its stat data. The copy
 * keeps the index's mtime: git's racy-timestamp check ("a file modified in the same second the
 * index was written must be re-read") compares entries with the index file's mtime, and a fresh
 * mtime would make such a same-size edit look unchanged. The stat comes before the copy, so a
 * concurrent rewrite can only make the recorded time older, which re-reads more, never less.
 */
async function seedIndex(userIndex: string, tempIndex: string, toplevel: string, ctx: GitContext): Promise<void> {
  try {
    const st = await fsp.stat(userIndex, { bigint: true });
    await fsp.copyFile(userIndex, tempIndex);
    // Truncated to microseconds (never rounded up past the original second).
    const seconds = (ns: bigint): number => Number(ns / 1000n) / 1e6;
    await fsp.utimes(tempIndex, seconds(st.atimeNs), seconds(st.mtimeNs));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    // No index (fresh `git init`, `clone --no-checkout`): start from HEAD's tree. On an unborn
    // branch read-tree fails with 128 and the empty index is the right start.
    await runGit(['read-tree', 'HEAD'], { cwd: toplevel, env: ctx.env, signal: ctx.signal, extraEnv: { GIT_INDEX_FILE: tempIndex }, okCodes: [128] });
  }
}

/** The single status call of a capture, against the temporary index (so no lock on the user's). */
async function readStatus(toplevel: string, tempIndex: string, ctx: GitContext): Promise<ParsedStatus> {
  const res = await runGit(
    [...INDEX_CONFIG, '--no-optional-locks', 'status', '--porcelain=v2', '-z', '--branch', '--no-ahead-behind', '--no-renames',
      '--untracked-files=all', '--ignore-submodules=none'],
    { cwd: toplevel, env: ctx.env, signal: ctx.signal, extraEnv: { GIT_INDEX_FILE: tempIndex } },
  );
  return parseStatusV2(res.stdout.toString('utf8'));
}

async function submoduleLinks(toplevel: string, tempIndex: string, status: ParsedStatus, ctx: GitContext): Promise<SubmoduleLink[]> {
  const dirty = new Set(status.entries.filter((e) => e.submodule.startsWith('S') && /[MU]/.test(e.submodule.slice(2))).map((e) => e.path));
  return (await listGitlinks(toplevel, tempIndex, ctx)).map((g) => ({ ...g, dirty: dirty.has(g.path) }));
}

function classifyFailure(link: CodeLink, e: unknown, signal: AbortSignal | undefined): void {
  if (e instanceof GitMissingError) {
    link.status = 'git-missing';
    link.message = 'git is not installed or not on PATH: the run is not linked to its code. Install git to record code snapshots.';
  } else if (e instanceof NotARepoError) {
    link.status = 'not-a-repo';
    link.message = `Not inside a git working tree (${e.reason}): the run is not linked to its code. Run \`git init\` and commit to track code.`;
  } else if (signal?.aborted) {
    link.status = 'error';
    link.message = 'The code capture was cancelled.';
  } else {
    link.status = 'error';
    link.message = `The code snapshot failed: ${describe(e)}`;
  }
}

function describePaths(paths: readonly string[]): string {
  const shown = paths.slice(0, 3).join(', ');
  return paths.length === 1 ? `${shown} is` : `${shown}${paths.length > 3 ? ` and ${paths.length - 3} more` : ''} are`;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
