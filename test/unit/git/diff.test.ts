// Comparing runs' code (diffSnapshots) and the patch saved with a run: it is binary-safe and
// applies with a plain `git apply` to HEAD in a fresh clone, reproducing the snapshot's tree.
import * as assert from 'node:assert/strict';
import { readFileSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { diffSnapshots } from '../../../src/core/git/diff';
import { captureChecked } from './helpers/check';
import { cleanupTemp, git, makeRepo, tempDir, writeFiles } from './helpers/repo';

describe('git diff: snapshots and patches', function () {
  this.timeout(20_000);
  afterEach(cleanupTemp);

  it('lists files added, modified, deleted and renamed between two runs\' snapshots', async () => {
    const top = makeRepo({ 'model.py': 'layers = 2\n', 'old name.py': 'def f():\n    return 1\n' + 'x = 1\n'.repeat(20), 'gone.txt': 'g\n', 'same.txt': 's\n' });
    const a = await captureChecked(top, 'run-a');
    writeFiles(top, { 'model.py': 'layers = 3\n', 'new file.py': 'n\n' });
    renameSync(join(top, 'old name.py'), join(top, 'new name.py'));
    unlinkSync(join(top, 'gone.txt'));
    const b = await captureChecked(top, 'run-b');
    const changes = await diffSnapshots(top, a, b);
    const byPath = [...changes].sort((x, y) => x.path.localeCompare(y.path));
    assert.deepEqual(byPath, [
      { path: 'gone.txt', status: 'D' },
      { path: 'model.py', status: 'M' },
      { path: 'new file.py', status: 'A' },
      { path: 'new name.py', status: 'R', oldPath: 'old name.py' },
    ]);
    assert.deepEqual(await diffSnapshots(top, a, a), []);
    await assert.rejects(diffSnapshots(top, a, { commit: null, snapshot: null }), /no code snapshot/);
    await assert.rejects(diffSnapshots(top, a, { commit: 'f'.repeat(40), snapshot: null }), /cannot compare/);
  });

  it('writes a binary-safe patch against HEAD that applies in a fresh clone, even with diff.noprefix set', async () => {
    const bin = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const top = makeRepo({ 'weights.bin': bin, 'train.py': 'lr = 0.1\n', 'rm.txt': 'x\n' });
    git(top, 'config', 'diff.noprefix', 'true');
    const changedBin = Buffer.from(bin);
    changedBin[100] = 0;
    changedBin[4000] = 255;
    writeFiles(top, { 'weights.bin': changedBin, 'train.py': 'lr = 0.01\n', 'new.bin': Buffer.from([0, 1, 2, 0, 255]) });
    unlinkSync(join(top, 'rm.txt'));
    const patchPath = join(tempDir(), 'code.patch');
    const link = await captureChecked(top, 'run-patch', { patchPath });
    assert.equal(link.patchFile, patchPath);
    const patch = readFileSync(patchPath, 'utf8');
    assert.match(patch, /GIT binary patch/);
    assert.match(patch, /^diff --git a\/train\.py b\/train\.py$/m);

    const clone = join(tempDir(), 'clone');
    git(tempDir(), 'clone', '-q', top, clone);
    git(clone, 'apply', '--check', patchPath);
    git(clone, 'apply', '--index', patchPath);
    assert.equal(git(clone, 'write-tree'), link.snapshot?.tree, 'HEAD + patch = the snapshot');
    assert.deepEqual(readFileSync(join(clone, 'weights.bin')), changedBin);
  });

  it('writes an empty patch for a clean tree and records a warning (not a failure) when the patch cannot be written', async () => {
    const top = makeRepo({ 'a.txt': '1\n' });
    const patchPath = join(tempDir(), 'clean.patch');
    const clean = await captureChecked(top, 'run-clean', { patchPath });
    assert.equal(readFileSync(patchPath, 'utf8'), '');
    assert.equal(clean.patchFile, patchPath);
    const bad = await captureChecked(top, 'run-badpatch', { patchPath: join(tempDir(), 'no-such-dir', 'x.patch') });
    assert.equal(bad.status, 'ok');
    assert.equal(bad.patchFile, undefined);
    assert.match(bad.warnings.join('\n'), /patch against HEAD could not be written/);
  });
});
