// The code half of `runlens diff`: whether the two runs started from the same commit, and which
// files differ between their snapshots (git diff-tree in the workspace repository). A run without
// a snapshot falls back to its commit, with a note; a run without either gets a clear message.
import { type CodeLink, type CodeLinkStatus } from '../git/capture';
import { diffSnapshots, type SnapshotChange } from '../git/diff';

/** One run's code as far as the diff reports it. */
export interface CodeSide {
  readonly status: CodeLinkStatus;
  readonly commit: string | null;
  readonly branch: string | null;
  readonly dirty: boolean;
  /** The snapshot commit (pinned under refs/runlens/runs/<id>), or null. */
  readonly snapshot: string | null;
}

/** The code of A and B. */
export interface CodeDiff {
  /** Null for a run recorded without a code link. */
  readonly a: CodeSide | null;
  readonly b: CodeSide | null;
  /** Both runs recorded the same HEAD commit (false when either has none). */
  readonly sameCommit: boolean;
  /** What `files` compares: both snapshots, or a commit on at least one side; null when nothing could be compared. */
  readonly compared: 'snapshots' | 'commits' | null;
  /** Files from A's code to B's (A, M, D or R with oldPath), sorted by path; null when they could not be compared. */
  readonly files: SnapshotChange[] | null;
  /** Why the comparison is partial or impossible, one sentence each. */
  readonly notes: string[];
}

function codeSide(c: CodeLink): CodeSide {
  return { status: c.status, commit: c.commit, branch: c.branch, dirty: c.dirty, snapshot: c.snapshot?.commit ?? null };
}

/**
 * Compares the code links of A and B; git runs in `repoDir` (the workspace's repository, which
 * holds both runs' snapshot refs). Never throws: failures become `files: null` and a note.
 */
export async function diffCode(repoDir: string, a: CodeLink | null, b: CodeLink | null, options: { signal?: AbortSignal } = {}): Promise<CodeDiff> {
  const notes: string[] = [];
  const sameCommit = a !== null && a.commit !== null && a.commit === b?.commit;
  const base = { a: a ? codeSide(a) : null, b: b ? codeSide(b) : null, sameCommit };
  const labelled: [string, CodeLink | null][] = [['A', a], ['B', b]];
  for (const [label, c] of labelled) {
    if (!c) notes.push(`run ${label} has no code record (recorded before code linking existed, or not by \`runlens run\`)`);
    else if (!c.snapshot && !c.commit) notes.push(`run ${label} has no code snapshot: ${c.message ?? `code status ${c.status}`}`);
    else if (!c.snapshot) notes.push(`run ${label} has no code snapshot, so its commit ${c.commit?.slice(0, 12)} is compared (its uncommitted changes are not seen)`);
  }
  if (!a || !b || (!a.snapshot && !a.commit) || (!b.snapshot && !b.commit)) return { ...base, compared: null, files: null, notes };
  const compared = a.snapshot && b.snapshot ? 'snapshots' : 'commits';
  // Equal trees need no git at all (and still answer when the repository is not at hand).
  if (a.snapshot && b.snapshot && a.snapshot.tree === b.snapshot.tree) return { ...base, compared, files: [], notes };
  try {
    const files = await diffSnapshots(repoDir, a, b, options);
    return { ...base, compared, files: files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0)), notes };
  } catch (e) {
    notes.push(`${(e as Error).message} (compared in ${repoDir})`);
    return { ...base, compared, files: null, notes };
  }
}

/** True when both runs have the same commit and no file differs between their code. */
export function isSameCode(d: CodeDiff): boolean {
  return d.sameCommit && d.files !== null && d.files.length === 0;
}
