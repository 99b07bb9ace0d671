// Builds a run's snapshot commit through a temporary index: only the paths `git status` reported are
// re-read, the tree is written from that index, then committed on HEAD and pinned under refs/runlens/runs.
// The user's index, working tree, HEAD, branches and stash are never written.
import { promises as fsp, constants as fsc } from 'node:fs';
import { join } from 'node:path';
import { runGit, gitText } from './exec';
import { type GitContext } from './repo';
import { type ParsedStatus } from './status';

/** A file left out of the snapshot, with why. */
export interface SkippedFile {
  readonly path: string;
  readonly size: number;
  /**
   * too-large: over the per-file cap; over-total: would take the snapshot's new content past its
   * total cap; unreadable: no permission; special: FIFO, socket or device.
   */
  readonly reason: 'too-large' | 'over-total' | 'unreadable' | 'special';
}

/** The pinned snapshot commit of a run's working tree. */
export interface Snapshot {
  /** `refs/runlens/runs/<run-id>`, which keeps the commit from garbage collection. */
  readonly ref: string;
  readonly commit: string;
  readonly tree: string;
  /** Entries in the snapshot's tree (files, symlinks and submodule gitlinks). */
  readonly files: number;
  readonly skipped: SkippedFile[];
}

/** What {@link writeSnapshotTree} needs; `tempIndex` already holds a copy of the user's index. */
export interface SnapshotInput {
  readonly toplevel: string;
  readonly tempIndex: string;
  readonly runId: string;
  readonly status: ParsedStatus;
  readonly maxFileBytes: number;
  /** Cap on the content the snapshot adds (changed and untracked files together). */
  readonly maxTotalBytes: number;
  readonly ctx: GitContext;
}

/** Fixed identity so a snapshot works without user.name/user.email and is recognisable in `git log`. */
const IDENTITY = {
  GIT_AUTHOR_NAME: 'Runlens',
  GIT_AUTHOR_EMAIL: 'runlens@localhost',
  GIT_COMMITTER_NAME: 'Runlens',
  GIT_COMMITTER_EMAIL: 'runlens@localhost',
};

/** Git options for every command that writes the temporary index: never create shared index files in .git. */
export const INDEX_CONFIG = ['-c', 'core.splitIndex=false'];

/** The ref a run's snapshot is pinned under. Throws for an id git would refuse as a ref name. */
export function snapshotRef(runId: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(runId) || runId.includes('..') || runId.endsWith('.lock') || runId.endsWith('.')) {
    throw new Error(`run id ${JSON.stringify(runId)} cannot be used in a git ref name`);
  }
  return `refs/runlens/runs/${runId}`;
}

/** The snapshot's tree, before it is committed. */
export interface SnapshotTree {
  readonly tree: string;
  readonly files: number;
  readonly skipped: SkippedFile[];
}

/**
 * Writes the snapshot's tree. Paths that changed in the working tree and untracked files are re-read
 * into the temporary index (one `update-index --stdin` call); unchanged tracked files keep the
 * index's entries, so nothing else is hashed. Files over the per-file cap, or past the total cap, are
 * left out (and removed from the tree when tracked, so the tree never claims content it does not hold).
 */
export async function writeSnapshotTree(input: SnapshotInput): Promise<SnapshotTree> {
  const { toplevel, tempIndex, status, ctx } = input;
  const tracked = new Set(status.entries.map((e) => e.path));
  const candidates = [
    ...status.entries.filter((e) => e.y !== '.' || e.unmerged).map((e) => e.path),
    ...status.untracked.map((p) => p.replace(/\/$/, '')),
  ];
  const { update, skipped } = await classify(toplevel, candidates, input.maxFileBytes, input.maxTotalBytes);
  const opts = { cwd: toplevel, env: ctx.env, signal: ctx.signal, extraEnv: { GIT_INDEX_FILE: tempIndex } };
  // --no-split-index makes git write a whole index, so its header holds the true entry count.
  await runGit([...INDEX_CONFIG, 'update-index', '--add', '--remove', '--no-split-index', '-z', '--stdin'], { ...opts, input: nulList(update) });
  const dropTracked = skipped.filter((s) => tracked.has(s.path)).map((s) => s.path);
  if (dropTracked.length > 0) {
    await runGit([...INDEX_CONFIG, 'update-index', '--force-remove', '-z', '--stdin'], { ...opts, input: nulList(dropTracked) });
  }
  const tree = await gitText([...INDEX_CONFIG, 'write-tree'], opts);
  return { tree, files: await indexEntryCount(tempIndex), skipped };
}

/**
 * Commits `tree` on `parent` (none for a repository without commits) with the Runlens identity and
 * pins it under the run's ref. The empty old value makes git refuse to overwrite a ref that another
 * capture already pinned.
 */
export async function commitSnapshot(toplevel: string, runId: string, tree: SnapshotTree, status: ParsedStatus, ctx: GitContext): Promise<Snapshot> {
  const ref = snapshotRef(runId);
  const opts = { cwd: toplevel, env: ctx.env, signal: ctx.signal };
  const parent = status.oid === null ? [] : ['-p', status.oid];
  const message = `runlens snapshot of run ${runId}\n\nWorking tree of ${status.branch ?? 'a detached HEAD'} at ${status.oid ?? '(no commits)'}` +
    (tree.skipped.length > 0 ? `; ${tree.skipped.length} file(s) left out (see the run's code link)` : '') + '\n';
  const commit = await gitText(['commit-tree', '--no-gpg-sign', tree.tree, ...parent, '-m', message], { ...opts, extraEnv: IDENTITY });
  await runGit(['update-ref', '-m', 'runlens snapshot', ref, commit, ''], opts);
  return { ref, commit, ...tree };
}

/**
 * Sorts candidate paths into those git should re-read (present, absent or gitlink) and those left
 * out. Within the total cap, smaller files go first: source files are small, and a folder of large
 * untracked files should cost the snapshot those files, not the code beside them.
 */
async function classify(toplevel: string, paths: readonly string[], maxFileBytes: number, maxTotalBytes: number): Promise<{ update: string[]; skipped: SkippedFile[] }> {
  const update: string[] = [];
  const skipped: SkippedFile[] = [];
  const sized: { path: string; size: number }[] = [];
  const verdicts = await Promise.all(paths.map(async (p): Promise<SkippedFile | number | null> => {
    const full = join(toplevel, p);
    let st;
    try {
      st = await fsp.lstat(full);
    } catch {
      return null; // gone: update-index --remove drops it from the tree
    }
    if (st.isSymbolicLink() || st.isDirectory()) return null; // a link is stored as its target path; a directory here is an embedded repository
    if (!st.isFile()) return { path: p, size: st.size, reason: 'special' };
    if (st.size > maxFileBytes) return { path: p, size: st.size, reason: 'too-large' };
    try {
      await fsp.access(full, fsc.R_OK);
    } catch {
      // Unreadable files are listed in the snapshot's skipped entries, as the return says.
      return { path: p, size: st.size, reason: 'unreadable' };
    }
    return st.size;
  }));
  paths.forEach((p, i) => {
    const v = verdicts[i];
    if (typeof v === 'number') sized.push({ path: p, size: v });
    else if (v) skipped.push(v);
    else update.push(p);
  });
  sized.sort((a, b) => a.size - b.size || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let total = 0;
  for (const f of sized) {
    if (total + f.size > maxTotalBytes) {
      skipped.push({ path: f.path, size: f.size, reason: 'over-total' });
      continue;
    }
    total += f.size;
    update.push(f.path);
  }
  return { update, skipped };
}

function nulList(paths: readonly string[]): string {
  return paths.map((p) => `${p}\0`).join('');
}

/** Number of entries in an index file, from its header ("DIRC", version, count; all big-endian). */
async function indexEntryCount(indexFile: string): Promise<number> {
  const fh = await fsp.open(indexFile, 'r');
  try {
    const header = Buffer.alloc(12);
    const { bytesRead } = await fh.read(header, 0, 12, 0);
    return bytesRead === 12 && header.toString('latin1', 0, 4) === 'DIRC' ? header.readUInt32BE(8) : 0;
  } finally {
    await fh.close();
  }
}
