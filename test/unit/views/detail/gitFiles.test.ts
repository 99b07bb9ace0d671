// Reading files at a commit for the diff editor: a run's snapshot and HEAD, missing paths, unsafe
// revisions and paths refused before git runs.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { captureCode } from '../../../../src/core/git/capture';
import { hasCommit, isSafeRepoPath, readFileAt, repoToplevel } from '../../../../src/views/detail/gitFiles';
import { CAPTURE_ENV, cleanupTemp, makeRepo, tempDir, writeFiles } from '../../git/helpers/repo';

describe('detail git files', function () {
  this.timeout(20_000);
  afterEach(cleanupTemp);

  it('reads a file as the snapshot had it and as HEAD has it', async () => {
    const top = makeRepo({ 'train.py': 'print(1)\n', 'sub/keep.txt': 'k\n' });
    writeFiles(top, { 'train.py': 'print(2)\n', 'new.py': 'x = 1\n' });
    const link = await captureCode(top, 'run-1', { env: CAPTURE_ENV });
    const snap = link.snapshot?.commit;
    assert.ok(snap);
    assert.equal((await readFileAt(top, snap, 'train.py'))?.toString(), 'print(2)\n');
    assert.equal((await readFileAt(top, 'HEAD', 'train.py'))?.toString(), 'print(1)\n');
    assert.equal((await readFileAt(join(top, 'sub'), snap, 'new.py'))?.toString(), 'x = 1\n', 'paths are from the top level wherever git runs');
    assert.equal(await readFileAt(top, 'HEAD', 'new.py'), undefined, 'a file HEAD does not have reads as undefined');
    assert.equal(await hasCommit(top, snap), true);
    assert.equal(await hasCommit(top, 'd'.repeat(40)), false);
    assert.equal(await repoToplevel(join(top, 'sub')), top);
    assert.equal(await repoToplevel(tempDir()), undefined);
  });

  it('refuses option-like revisions and paths that leave the repository', async () => {
    const top = makeRepo({ 'a.txt': 'a\n' });
    await assert.rejects(readFileAt(top, '--output=/tmp/x', 'a.txt'), /not a commit/);
    await assert.rejects(readFileAt(top, 'HEAD', '../etc/passwd'), /not a repository path/);
    assert.equal(isSafeRepoPath('/etc/passwd'), false);
    assert.equal(isSafeRepoPath('a/../../b'), false);
    assert.equal(isSafeRepoPath('dir/file name.txt'), true);
  });
});
