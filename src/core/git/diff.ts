// Differences between code states: the binary-safe patch from HEAD to a run's snapshot (saved with
// the run for people and other tools) and the files changed between two runs' snapshots.
import { runGit } from './exec';
import { type GitContext } from './repo';

/** One file that differs between two snapshots. */
export interface SnapshotChange {
  readonly path: string;
  /** Added, modified (content, mode or type), deleted, or renamed from `oldPath`. */
  readonly status: 'A' | 'M' | 'D' | 'R';
  readonly oldPath?: string;
}

/** The code side of a run as far as diffing needs it (a {@link CodeLink} fits). */
export interface CodeState {
  readonly commit: string | null;
  readonly snapshot: { readonly tree: string } | null;
}

/**
 * The same diff options whatever the user's config says (diff.noprefix, external diff drivers,
 * textconv, colour), so the patch always applies with a plain `git apply`.
 */
const STABLE_DIFF = ['--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/'];

/**
 * Writes `git diff --binary <base> <snapshot>` to `patchPath` (streamed: a patch can be large).
 * `snapshot` may be the snapshot's commit or its tree; the patch is the same. Resolves to true.
 */
export async function writePatch(toplevel: string, base: string, snapshot: string, patchPath: string, ctx: GitContext): Promise<true> {
  await runGit(['diff', '--binary', ...STABLE_DIFF, base, snapshot, '--'], { cwd: toplevel, env: ctx.env, signal: ctx.signal, stdoutFile: patchPath });
  return true;
}

/**
 * Files changed from run `a`'s code to run `b`'s: their snapshot trees, or their HEAD commits when a
 * run has no snapshot. Renames are detected. Rejects with a clear message when a run has no code
 * link or its objects are gone (e.g. its ref was deleted and git collected the commit).
 */
export async function diffSnapshots(repoDir: string, a: CodeState, b: CodeState, options: { signal?: AbortSignal } = {}): Promise<SnapshotChange[]> {
  const from = a.snapshot?.tree ?? a.commit;
  const to = b.snapshot?.tree ?? b.commit;
  if (from === null || to === null) throw new Error(`run ${from === null ? 'A' : 'B'} has no code snapshot or commit to compare`);
  let out: string;
  try {
    const res = await runGit(['diff-tree', '-r', '-z', '--name-status', '-M', '--no-ext-diff', from, to, '--'], { cwd: repoDir, signal: options.signal });
    out = res.stdout.toString('utf8');
  } catch (e) {
    throw new Error(`cannot compare the code of the two runs (was a snapshot ref deleted?): ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseNameStatus(out);
}

/** Parses `--name-status -z` output: "M\0path\0", "R087\0old\0new\0". */
export function parseNameStatus(out: string): SnapshotChange[] {
  const f = out.split('\0');
  const changes: SnapshotChange[] = [];
  for (let i = 0; i < f.length; i++) {
    const code = f[i] ?? '';
    if (code === '') continue;
    const letter = code[0];
    if (letter === 'R' || letter === 'C') {
      const oldPath = f[++i] ?? '';
      const path = f[++i] ?? '';
      // A copy leaves its source in place: for "what changed" it is an added file.
      changes.push(letter === 'R' ? { path, status: 'R', oldPath } : { path, status: 'A' });
    } else {
      const path = f[++i] ?? '';
      changes.push({ path, status: letter === 'A' || letter === 'D' ? letter : 'M' });
    }
  }
  return changes;
}
