// `runlens reproduce` end to end with a real git repository and the real CLI: the original code on
// the original data after the user moved on (new commit, uncommitted edits, a changed cached
// dataset, another branch), the user's tree untouched, a diverging script, and the data choice.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnv, listRuns, runCli } from '../cli/harness';
import { git, cleanupTemp } from '../git/helpers/repo';
import { type RunManifest } from '../../../src/core/model';
import { RunStore } from '../../../src/core/store/store';
import { loadVerdict } from '../../../src/core/reproduce/verdict';
import { makeProject, trainScript, userState } from './project';

const env = cliEnv();

async function runOf(repo: string, pred: (m: RunManifest) => boolean): Promise<RunManifest> {
  const m = (await listRuns(repo)).find(pred);
  assert.ok(m, 'run not found');
  return m;
}

function worktreesLeft(repo: string): string[] {
  const dir = join(repo, '.runlens', 'worktrees');
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('runlens reproduce (real git, real CLI)', function () {
  this.timeout(60_000);
  after(cleanupTemp);

  it('runs the original code on the original data and leaves the user\'s tree byte-identical', async () => {
    const repo = makeProject();
    const first = await runCli(['run', 'train'], repo, env);
    assert.equal(first.code, 0, first.stderr);
    const original = await runOf(repo, (m) => m.experiment === 'train');
    assert.ok(existsSync(join(repo, '.runlens', 'cache', 'data', 'objects')), 'the cached dataset was copied into the data cache');

    // The user moves on: a new branch with new code committed, more edits uncommitted, a changed cached dataset.
    git(repo, 'checkout', '-q', '-b', 'feature');
    writeFileSync(join(repo, 'train.js'), trainScript(2));
    git(repo, 'commit', '-q', '-am', 'faster schedule');
    writeFileSync(join(repo, 'train.js'), trainScript(3));
    writeFileSync(join(repo, 'data', 'cached.csv'), '10\n20\n30\n40\n');
    const before = userState(repo);

    const r = await runCli(['reproduce', original.id], repo, env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /verdict: reproduced/);
    assert.deepEqual(userState(repo), before, 'files, index, HEAD, refs and worktrees are as they were');
    assert.deepEqual(worktreesLeft(repo), [], 'the worktree was removed');
    const statCache = join(repo, '.runlens', 'cache', 'hashes.bin');
    assert.ok(!existsSync(statCache) || !readFileSync(statCache).includes('worktrees'), 'no stat-cache entries for the gone worktree');

    const repro = await runOf(repo, (m) => m.reproducedFrom === original.id);
    assert.equal(repro.status, 'finished');
    assert.deepEqual(repro.metrics, original.metrics, 'identical metrics');
    assert.equal(repro.data?.datasets.map((d) => d.hash).join(), original.data?.datasets.map((d) => d.hash).join(), 'the original data versions');
    assert.equal(repro.data?.outputs[0]?.hash, original.data?.outputs[0]?.hash, 'identical output');
    assert.equal(repro.deviations, undefined);
    const verdict = await loadVerdict(RunStore.open(repo).runDir(repro.id));
    assert.equal(verdict?.verdict, 'reproduced');
    assert.equal(verdict?.original, original.id);
    assert.ok(verdict?.metrics.every((m) => m.same));

    const shown = await runCli(['show', repro.id], repo, env);
    assert.match(shown.out, /reproduces:\s+\S*/);
    assert.match(shown.out, /verdict: reproduced/);

    // The current code on the current data does give other numbers: the check above can fail.
    const now = await runCli(['run', 'train'], repo, env);
    assert.equal(now.code, 0, now.stderr);
    const latest = (await listRuns(repo))[0] as RunManifest;
    assert.notDeepEqual(latest.metrics.w, original.metrics.w);
  });

  it('says "diverged" and exits non-zero for a non-deterministic script', async () => {
    const repo = makeProject();
    assert.equal((await runCli(['run', 'noisy'], repo, env)).code, 0);
    const original = await runOf(repo, (m) => m.experiment === 'noisy');
    const r = await runCli(['reproduce', original.id], repo, env);
    assert.equal(r.code, 7, r.stderr);
    assert.match(r.stderr, /verdict: diverged: 1 of 1 metric\(s\) differ, 1 of 1 output\(s\) differ/);
    assert.match(r.stderr, /why: metric noise: final \S+ vs \S+/);
    const repro = await runOf(repo, (m) => m.reproducedFrom === original.id);
    assert.equal((await loadVerdict(RunStore.open(repo).runDir(repro.id)))?.verdict, 'diverged');
    assert.deepEqual(worktreesLeft(repo), []);
  });

  it('stops on a changed, uncached dataset unless --data current, which records a deviation', async () => {
    const repo = makeProject();
    assert.equal((await runCli(['run', 'train'], repo, env)).code, 0);
    const original = await runOf(repo, (m) => m.experiment === 'train');
    writeFileSync(join(repo, 'data', 'plain.csv'), '7\n');

    const stopped = await runCli(['reproduce', original.id], repo, env);
    assert.equal(stopped.code, 6, stopped.stderr);
    assert.match(stopped.stderr, /dataset "data\/plain\.csv": recorded version \w+ is not in the data cache/);
    assert.match(stopped.stderr, /--data current/);
    assert.equal((await listRuns(repo)).length, 1, 'nothing was run');
    assert.deepEqual(worktreesLeft(repo), []);

    const current = await runCli(['reproduce', original.id, '--data', 'current', '--keep'], repo, env);
    assert.equal(current.code, 7, current.stderr);
    const repro = await runOf(repo, (m) => m.reproducedFrom === original.id);
    assert.equal(repro.deviations?.length, 1);
    assert.equal(repro.deviations?.[0]?.kind, 'data');
    assert.equal(repro.deviations?.[0]?.subject, 'data/plain.csv');
    assert.equal(repro.deviations?.[0]?.expected, original.data?.datasets[1]?.hash);
    assert.match(current.stderr, /deviation: dataset "data\/plain\.csv"/);
    // --keep: the worktree is still there, checked out at the snapshot, and listed by git.
    const kept = worktreesLeft(repo);
    assert.equal(kept.length, 1);
    assert.match(git(repo, 'worktree', 'list'), new RegExp(kept[0] ?? 'none'));
    git(repo, 'worktree', 'remove', '--force', join(repo, '.runlens', 'worktrees', kept[0] ?? ''));
  });

  it('--data current runs the old code on today\'s data even when the recorded version is still in the cache', async () => {
    const repo = makeProject();
    assert.equal((await runCli(['run', 'train'], repo, env)).code, 0);
    const original = await runOf(repo, (m) => m.experiment === 'train');
    // data/cached.csv changes; its recorded version stays restorable from the data cache.
    writeFileSync(join(repo, 'data', 'cached.csv'), '10\n20\n30\n40\n');
    const current = await runCli(['reproduce', original.id, '--data', 'current'], repo, env);
    assert.equal(current.code, 7, current.stderr);
    const repro = await runOf(repo, (m) => m.reproducedFrom === original.id);
    const hashOf = (m: RunManifest, spec: string): string | undefined => m.data?.datasets.find((d) => d.spec === spec)?.hash;
    assert.notEqual(hashOf(repro, 'data/cached.csv'), hashOf(original, 'data/cached.csv'), 'ran on the changed data, not the cached version');
    assert.equal(hashOf(repro, 'data/plain.csv'), hashOf(original, 'data/plain.csv'), 'an unchanged dataset is the same either way');
    assert.deepEqual(repro.deviations?.map((d) => [d.kind, d.subject, d.expected, d.actual]),
      [['data', 'data/cached.csv', hashOf(original, 'data/cached.csv'), hashOf(repro, 'data/cached.csv')]], 'only the changed dataset deviates');
    assert.deepEqual(worktreesLeft(repo), []);
  });

  it('cache status and gc: gc keeps the only copy a run needs unless --force; an emptied cache can no longer restore a changed cached dataset', async () => {
    const repo = makeProject();
    assert.equal((await runCli(['run', 'train'], repo, env)).code, 0);
    const original = await runOf(repo, (m) => m.experiment === 'train');
    const status = await runCli(['cache', 'status', '--json'], repo, env);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual((JSON.parse(status.out) as { objects: number }).objects, 1, 'data/cached.csv is cached; data/plain.csv (not declared cache: true) is not');
    // The only copy of a version a local run read, and no data remote holds it: kept unless forced.
    const kept = await runCli(['cache', 'gc', '--max-size', '0', '--json'], repo, env);
    assert.equal(kept.code, 0, kept.stderr);
    assert.deepEqual(JSON.parse(kept.out), { ...(JSON.parse(kept.out) as object), removed: 0, kept: 1, objects: 1 });
    const gc = await runCli(['cache', 'gc', '--max-size', '0', '--force', '--json'], repo, env);
    assert.equal(gc.code, 0, gc.stderr);
    const collected = JSON.parse(gc.out) as { removed: number; objects: number };
    assert.deepEqual([collected.removed, collected.objects], [1, 0]);
    writeFileSync(join(repo, 'data', 'cached.csv'), '9\n');
    const r = await runCli(['reproduce', original.id], repo, env);
    assert.equal(r.code, 6, r.stderr);
    assert.match(r.stderr, /dataset "data\/cached\.csv": recorded version/);
    assert.equal((await runCli(['cache', 'gc'], repo, env)).code, 2, 'gc without --max-size is a usage error');
  });

  it('refuses a run without a code snapshot with a clear message', async () => {
    const repo = makeProject();
    assert.equal((await runCli(['run', '--', 'node', '-e', '1'], join(repo, '..'), { ...env })).code, 0);
    const outside = (await listRuns(join(repo, '..')))[0] as RunManifest;
    const r = await runCli(['reproduce', outside.id], join(repo, '..'), env);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /no code snapshot|not inside a git repository/);
  });
});
