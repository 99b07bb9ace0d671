// Git snapshot benchmark: captureCode (status, temporary index, tree, commit, ref and patch) on a
// repository of 10,000 tracked files with 100 modified and 20 untracked, beside `git stash create`
// on the same repository, which builds a comparable commit of the working tree.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { captureCode } from '../src/core/git/capture';
import { median, report } from './report';

const FILES = 10_000;
const MODIFIED = 100;
const UNTRACKED = 20;
const RUNS = 9;

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'b@example.com',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
}

/** 100 folders of 100 small source-like files, committed; then a stat-fresh index and the edits. */
function generate(repo: string): void {
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  for (let d = 0; d < FILES / 100; d++) {
    mkdirSync(join(repo, `pkg${d}`));
    for (let f = 0; f < 100; f++) writeFileSync(join(repo, `pkg${d}`, `mod${f}.py`), `# module ${d}/${f}\n${'x = 1\n'.repeat(30)}`);
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'bench');
  // Wait out git's racy-timestamp window and refresh, so the index is as fresh as a real one is.
  execFileSync('sleep', ['1.2']);
  git(repo, 'update-index', '-q', '--refresh');
  for (let i = 0; i < MODIFIED; i++) writeFileSync(join(repo, `pkg${i}`, 'mod7.py'), `# edited ${i}\n`);
  for (let i = 0; i < UNTRACKED; i++) writeFileSync(join(repo, `pkg${i}`, `new${i}.py`), `new = ${i}\n`);
}

/** Measures both on one freshly generated repository, removed afterwards. */
export async function bench(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'runlens-bench-git-'));
  try {
    const repo = join(root, 'repo');
    const started = Date.now();
    generate(repo);
    console.log(`  generated a repository of ${FILES} files (${MODIFIED} modified, ${UNTRACKED} untracked) in ${Date.now() - started} ms`);
    const run = promisify(execFile);
    let n = 0;
    let last = await captureCode(repo, 'bench-check', { patchPath: join(root, 'check.patch') });
    if (last.status !== 'ok' || last.changed.length !== MODIFIED || last.untracked.length !== UNTRACKED || last.snapshot?.files !== FILES + UNTRACKED) {
      throw new Error(`unexpected capture: ${JSON.stringify({ ...last, changed: last.changed.length, untracked: last.untracked.length })}`);
    }
    // Interleaved, so a burst of load from other processes on the machine hits both alike.
    const times = { stash: [] as number[], capture: [] as number[], noPatch: [] as number[] };
    const time = async (into: number[], fn: () => Promise<unknown>): Promise<void> => {
      const t0 = performance.now();
      await fn();
      into.push(performance.now() - t0);
    };
    for (let i = 0; i <= RUNS; i++) {
      await time(times.stash, () => run('git', ['stash', 'create'], { cwd: repo, env }));
      await time(times.capture, async () => {
        last = await captureCode(repo, `bench-${n++}`, { patchPath: join(root, `run-${n}.patch`) });
      });
      await time(times.noPatch, () => captureCode(repo, `bench-${n++}`));
    }
    // The first round is a warm-up (page cache, git's lazy loads) and is dropped.
    const [stash, capture, noPatch] = [times.stash, times.capture, times.noPatch].map((t) => median(t.slice(1)));
    console.log(`  capture without the patch file: ${(noPatch ?? NaN).toFixed(1)} ms; best capture ${Math.min(...times.capture.slice(1)).toFixed(1)} ms, best stash create ${Math.min(...times.stash.slice(1)).toFixed(1)} ms`);
    report({
      name: `git snapshot (captureCode + patch), ${FILES} files, ${MODIFIED} modified`, value: capture ?? NaN, unit: 'ms',
      baseline: { name: 'git stash create', value: stash ?? NaN }, target: '<= 500 ms', pass: (capture ?? Infinity) <= 500,
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
