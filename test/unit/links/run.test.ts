// `runlens run` links each run to its code and data: the example project in real temp git
// repositories run by the built CLI, checked against git itself and an independent hashing pass.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashDatasets } from '../../../src/core/data/hash';
import { type DatasetManifest } from '../../../src/core/data/types';
import { type RunManifest } from '../../../src/core/model';
import { listRuns, onlyRun } from '../cli/harness';
import { cleanupTemp, fingerprint, git } from '../git/helpers/repo';
import { exampleProject, FAST, rl, runFile } from './project';

/** Everything of the user's repository a run must not change (the working tree changes: outputs). */
function gitState(dir: string): Record<string, string> {
  const { worktree: _worktree, ...rest } = fingerprint(dir);
  return rest;
}

async function hashOf(ws: string, spec: string): Promise<DatasetManifest> {
  const r = await hashDatasets(ws, [spec], { workers: 0 });
  return r.manifests[0] as DatasetManifest;
}

describe('runlens run: code and data links', function () {
  this.timeout(30_000);
  after(cleanupTemp);

  it('records the code (dirty tree snapshotted, user index/HEAD untouched) and the data (datasets before, outputs after)', async () => {
    const ws = exampleProject({ git: true, gitignore: ['outputs/'] });
    writeFileSync(join(ws, 'train.py'), `${readFileSync(join(ws, 'train.py'), 'utf8')}# an uncommitted edit\n`);
    writeFileSync(join(ws, 'notes.txt'), 'untracked\n');
    const before = gitState(ws);
    const head = git(ws, 'rev-parse', 'HEAD');
    const r = await rl(['run', 'train', ...FAST], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(gitState(ws), before, 'the run changed the user\'s index, HEAD, refs or stash');

    const m = await onlyRun(ws);
    const code = m.code ?? assert.fail('no code link');
    assert.equal(code.status, 'ok');
    assert.equal(code.commit, head);
    assert.equal(code.branch, 'main');
    assert.equal(code.dirty, true);
    assert.deepEqual(code.changed, ['train.py']);
    assert.deepEqual(code.untracked, ['notes.txt']);
    const snap = code.snapshot ?? assert.fail('no snapshot');
    assert.equal(git(ws, 'rev-parse', `refs/runlens/runs/${m.id}`), snap.commit);
    assert.equal(git(ws, 'rev-parse', `${snap.commit}^`), head);
    assert.equal(git(ws, 'show', `${snap.commit}:train.py`) + '\n', readFileSync(join(ws, 'train.py'), 'utf8'));
    assert.equal(git(ws, 'show', `${snap.commit}:notes.txt`), 'untracked');

    const dir = join(ws, '.runlens', 'runs', m.id);
    for (const f of ['datasets.json', 'outputs.json', 'code.json', 'code.patch']) assert.ok(existsSync(join(dir, f)), `${f} missing`);
    assert.match(readFileSync(join(dir, 'code.patch'), 'utf8'), /^\+# an uncommitted edit$/m);
    assert.deepEqual(runFile(ws, m.id, 'code.json'), { ...code, durationMs: (runFile(ws, m.id, 'code.json') as { durationMs: number }).durationMs });

    const data = m.data ?? assert.fail('no data link');
    assert.equal(data.hashing, true);
    assert.deepEqual(data.warnings, []);
    const expected = await hashOf(ws, 'data/points.csv');
    assert.deepEqual(data.datasets, [{ spec: 'data/points.csv', hash: expected.hash, files: 1, bytes: expected.bytes, errors: 0, skipped: 0, missing: false }]);
    assert.deepEqual(runFile(ws, m.id, 'datasets.json'), [{ ...expected, cached: false }], 'the dataset is not cache: true, and says so');
    const model = await hashOf(ws, 'outputs/model.json');
    assert.equal(data.outputs[0]?.hash, model.hash, 'output hashed when the run ended');
    assert.deepEqual(runFile(ws, m.id, 'outputs.json'), [model]);
  });

  it('a missing dataset stops the run before it starts (exit 6); --missing-data warn runs it with a warning', async () => {
    const ws = exampleProject({ git: true });
    const r = await rl(['run', 'needs-missing'], ws);
    assert.equal(r.code, 6);
    assert.match(r.stderr, /runlens: error: Dataset "data\/missing\.csv" does not exist/);
    assert.match(r.stderr, /--missing-data warn/);
    assert.equal(r.out, '', 'the command did not run');
    assert.deepEqual(await listRuns(ws), []);

    const w = await rl(['run', 'needs-missing', '--missing-data', 'warn'], ws);
    assert.equal(w.code, 0, w.stderr);
    assert.equal(w.out, 'ran\n');
    const m = await onlyRun(ws);
    assert.equal(m.status, 'finished');
    assert.equal(m.data?.datasets[0]?.missing, true);
    assert.match(m.data?.warnings.join('\n') ?? '', /dataset "data\/missing\.csv" does not exist; the run went ahead without it/);
    assert.equal((await rl(['run', 'needs-missing', '--missing-data', 'maybe'], ws)).code, 2);
  });

  it('a dataset modified while the run runs is a warning on the run', async () => {
    const ws = exampleProject({ git: true });
    const before = await hashOf(ws, 'data/points.csv');
    const r = await rl(['run', 'append'], ws);
    assert.equal(r.code, 0, r.stderr);
    const m = await onlyRun(ws);
    assert.equal(m.data?.datasets[0]?.hash, before.hash, 'the hash is the content the run started with');
    assert.deepEqual(m.data?.warnings, ['dataset changed while the run was running: 1 file(s), e.g. data/points.csv (modified)']);
    assert.match(r.stderr, /runlens: warning: dataset changed while the run was running/);
  });

  it('an output file that cannot be hashed is a warning on the run, not only a count', async () => {
    const ws = exampleProject({ git: false });
    const r = await rl(['run', 'broken-output'], ws);
    assert.equal(r.code, 0, r.stderr);
    const m = await onlyRun(ws);
    assert.equal(m.data?.outputs[0]?.errors, 1);
    assert.deepEqual(m.data?.warnings, ['output "outputs/broken": 1 file(s) could not be hashed, e.g. outputs/broken/model.pt: dangling symlink to nowhere']);
    assert.match(r.stderr, /runlens: warning: output "outputs\/broken": 1 file\(s\) could not be hashed/);
  });

  it('--no-hash and RUNLENS_NO_HASH=1 record hashing: false and no data manifests (the code is still linked)', async () => {
    const ws = exampleProject({ git: true, gitignore: ['outputs/'] });
    assert.equal((await rl(['run', 'train', ...FAST, '--no-hash', '--name', 'flag'], ws)).code, 0);
    assert.equal((await rl(['run', 'train', ...FAST, '--name', 'env'], ws, { RUNLENS_NO_HASH: '1' })).code, 0);
    const runs = await listRuns(ws);
    assert.deepEqual(runs.map((m) => m.name).sort(), ['env', 'flag']);
    for (const m of runs) {
      assert.deepEqual(m.data, { hashing: false, datasets: [], outputs: [], warnings: [] }, m.name);
      const dir = join(ws, '.runlens', 'runs', m.id);
      assert.ok(!existsSync(join(dir, 'datasets.json')) && !existsSync(join(dir, 'outputs.json')), m.name);
      assert.equal(m.code?.status, 'ok', m.name);
      assert.ok(existsSync(join(dir, 'code.json')));
    }
  });

  it('outside a git repository the code status is not-a-repo and the run still runs', async () => {
    const ws = exampleProject({ git: false });
    const r = await rl(['run', 'train', ...FAST], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /code not snapshotted: Not inside a git working tree/);
    const m: RunManifest = await onlyRun(ws);
    assert.equal(m.status, 'finished');
    assert.equal(m.code?.status, 'not-a-repo');
    assert.equal(m.code?.snapshot, null);
    assert.equal(m.code?.commit, null);
    assert.equal(m.data?.datasets[0]?.hash, (await hashOf(ws, 'data/points.csv')).hash);
    assert.ok(!existsSync(join(ws, '.runlens', 'runs', m.id, 'code.patch')));
  });

  it('applies runlens.yaml\'s snapshot limits to experiments and raw commands alike', async () => {
    const ws = exampleProject({ git: true, gitignore: ['outputs/'] });
    const config = readFileSync(join(ws, 'runlens.yaml'), 'utf8').replace('experiments:', 'snapshot:\n  maxFileSize: 4K\nexperiments:');
    writeFileSync(join(ws, 'runlens.yaml'), config);
    writeFileSync(join(ws, 'weights.bin'), Buffer.alloc(8192, 7));
    writeFileSync(join(ws, 'small.txt'), 'kept\n');
    const experiment = await rl(['run', 'train', ...FAST], ws);
    assert.equal(experiment.code, 0, experiment.stderr);
    const raw = await rl(['run', '--', 'python3', '-c', 'print(1)'], ws);
    assert.equal(raw.code, 0, raw.stderr);
    const runs = await listRuns(ws);
    assert.equal(runs.length, 2);
    for (const m of runs) {
      const snap = m.code?.snapshot ?? assert.fail(`no snapshot for ${m.name}`);
      assert.deepEqual(snap.skipped.map((f) => [f.path, f.size, f.reason]), [['weights.bin', 8192, 'too-large']], m.name);
      assert.equal(git(ws, 'show', `${snap.commit}:small.txt`), 'kept');
    }
  });
});
