// The code a submission's tasks run: the snapshot taken once at submission, checked out as a git
// worktree under the store (which the compute nodes share), so later edits of the working tree
// never reach a task. Declared datasets the snapshot does not hold are linked in from the workspace.
// The checkout is removed once every task of its submission has ended (the snapshot ref stays).
import { promises as fsp } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { captureCode, type CodeLink } from '../git/capture';
import { gitText, runGit } from '../git/exec';
import { type SnapshotLimits } from '../config/types';
import { slurmDir } from './record';

/** The workspace cannot be snapshotted, so nothing can be sent to Slurm. */
export class CodeExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodeExportError';
  }
}

/** A submission's code: the link every run records and where the checkout is. */
export interface CodeExport {
  readonly code: CodeLink;
  readonly repoTop: string;
  readonly codeDir: string;
}

/** Where a path of the user's repository is inside the export. */
export function inExport(exp: { repoTop: string; codeDir: string }, path: string): string {
  const rel = relative(exp.repoTop, path);
  if (rel.startsWith('..')) throw new CodeExportError(`${path} is outside the repository ${exp.repoTop}, so it has no place in the code sent to Slurm`);
  return join(exp.codeDir, rel);
}

/** The leading folder or file of a dataset spec, before any glob character. */
function leadingPart(spec: string): string | undefined {
  const first = spec.replace(/^\.\//, '').split(/[\\/]/)[0] ?? '';
  return first === '' || /[*?[{]/.test(first) || first === '..' ? undefined : first;
}

/**
 * Snapshots the workspace (`refs/runlens/runs/slurm-<submission>`) and checks it out under
 * `<store>/slurm/code/<submission>`, locked so `git worktree prune` keeps it.
 */
export async function exportCode(workspace: string, storeRoot: string, submission: string, limits: SnapshotLimits = {}): Promise<CodeExport> {
  const code = await captureCode(workspace, `slurm-${submission}`, limits);
  const commit = code.snapshot?.commit ?? code.commit;
  if (code.status !== 'ok' || commit === null) {
    throw new CodeExportError(`running on Slurm needs the workspace in a git repository with at least one commit, since tasks run a snapshot of the code (${code.message ?? code.status})`);
  }
  const repoTop = await fsp.realpath(await gitText(['rev-parse', '--show-toplevel'], { cwd: workspace }));
  const codeDir = join(slurmDir(storeRoot), 'code', submission);
  await fsp.mkdir(join(slurmDir(storeRoot), 'code'), { recursive: true });
  await runGit(['worktree', 'add', '--lock', '--reason', `runlens slurm submission ${submission}`, '--detach', '--quiet', codeDir, commit], { cwd: repoTop });
  return { code, repoTop, codeDir: await fsp.realpath(codeDir) };
}

/**
 * Links each dataset's leading folder (or file) into the export when the snapshot lacks it (data
 * is rarely in git): tasks read the workspace's data, whose hashes they check against the submission's.
 */
export async function linkDatasets(exp: CodeExport, root: string, datasets: readonly string[]): Promise<void> {
  const rootInExport = inExport(exp, await fsp.realpath(root));
  for (const spec of datasets) {
    const lead = leadingPart(spec);
    if (lead === undefined) continue;
    const target = resolve(root, lead);
    const link = join(rootInExport, lead);
    if (!target.startsWith(resolve(root) + sep)) continue;
    const there = await fsp.lstat(link).then(() => true, () => false);
    const source = await fsp.stat(target).then(() => true, () => false);
    if (!there && source) await fsp.symlink(target, link);
  }
}

/**
 * Removes a submission's checkout once its tasks have all ended: the worktree (locked, hence the
 * double force) from the user's repository, or the bare folder when that repository is gone. The
 * snapshot itself stays under refs/runlens/runs, so the code links and reproduce keep working.
 */
export async function removeExport(exp: { repoTop: string; codeDir: string }): Promise<void> {
  const removed = await runGit(['worktree', 'remove', '--force', '--force', exp.codeDir], { cwd: exp.repoTop }).then(() => true, () => false);
  if (!removed) {
    await fsp.rm(exp.codeDir, { recursive: true, force: true });
    await runGit(['worktree', 'prune'], { cwd: exp.repoTop }).catch(() => undefined); // the repository may be gone too: nothing to prune then
  }
}

/**
 * Checks a submission's snapshot out again when its checkout was removed (every task had ended and
 * some are now requeued): the same commit at the same path, datasets linked as at submission.
 */
export async function restoreExport(s: { repoTop: string; codeDir: string; code: CodeLink; workspace: string; root?: string; data: Readonly<Record<string, string>>; id: string }): Promise<void> {
  if (await fsp.stat(s.codeDir).then(() => true, () => false)) return;
  const commit = s.code.snapshot?.commit ?? s.code.commit;
  if (commit === null) throw new CodeExportError(`submission ${s.id} recorded no commit to check out again`);
  await runGit(['worktree', 'prune'], { cwd: s.repoTop });
  await runGit(['worktree', 'add', '--lock', '--reason', `runlens slurm submission ${s.id}`, '--detach', '--quiet', s.codeDir, commit], { cwd: s.repoTop });
  await linkDatasets({ code: s.code, repoTop: s.repoTop, codeDir: s.codeDir }, s.root ?? s.workspace, Object.keys(s.data));
}
