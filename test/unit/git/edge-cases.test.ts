// captureCode in the situations issue 4 lists: not a repository, git missing, no commits, shallow
// clone, submodules, linked worktrees. Each gives a clear status, never an exception.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureCode } from '../../../src/core/git/capture';
import { captureChecked } from './helpers/check';
import { CAPTURE_ENV, cleanupTemp, expectedTree, git, makeRepo, tempDir, writeFiles } from './helpers/repo';

describe('git capture: edge cases', function () {
  this.timeout(20_000);
  afterEach(cleanupTemp);

  it('outside a repository: status not-a-repo with a message, nothing written', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'train.py'), 'pass\n');
    const link = await captureCode(dir, 'run-1', { env: { ...CAPTURE_ENV, GIT_CEILING_DIRECTORIES: dir } });
    assert.equal(link.status, 'not-a-repo');
    assert.match(link.message ?? '', /not a git repository/);
    assert.deepEqual([link.commit, link.snapshot, link.dirty], [null, null, false]);
    assert.ok(!existsSync(join(dir, '.git')));
  });

  it('inside .git (no working tree): not-a-repo; a missing directory or a file as cwd: error', async () => {
    const top = makeRepo({ 'a.txt': '1\n' });
    const inGit = await captureCode(join(top, '.git'), 'run-1', { env: CAPTURE_ENV });
    assert.equal(inGit.status, 'not-a-repo');
    const missing = await captureCode(join(top, 'nope'), 'run-1', { env: CAPTURE_ENV });
    assert.equal(missing.status, 'error');
    assert.match(missing.message ?? '', /does not exist/);
    const file = await captureCode(join(top, 'a.txt'), 'run-1', { env: CAPTURE_ENV });
    assert.deepEqual([file.status, file.message], ['error', `The code snapshot failed: working directory ${join(top, 'a.txt')} does not exist or is not a directory`]);
  });

  it('git not installed (PATH without git): status git-missing', async () => {
    const top = makeRepo({ 'a.txt': '1\n' });
    const emptyBin = tempDir();
    const link = await captureCode(top, 'run-1', { env: { ...CAPTURE_ENV, PATH: emptyBin } });
    assert.equal(link.status, 'git-missing');
    assert.match(link.message ?? '', /git is not installed/);
    assert.equal(link.snapshot, null);
  });

  it('a repository without commits: status no-commits, commit null, a parentless snapshot of the files', async () => {
    const top = makeRepo();
    writeFiles(top, { 'train.py': 'print(1)\n', 'data/cfg.json': '{}\n' });
    git(top, 'add', 'train.py');
    const patchPath = join(tempDir(), 'code.patch');
    const link = await captureChecked(top, 'run-unborn', { patchPath });
    assert.deepEqual([link.status, link.commit, link.branch, link.detached, link.dirty], ['no-commits', null, 'main', false, true]);
    assert.match(link.message ?? '', /no commits/);
    assert.deepEqual(link.changed, ['train.py']);
    assert.deepEqual(link.untracked, ['data/cfg.json']);
    assert.equal(git(top, 'rev-list', '--parents', '-n', '1', link.snapshot?.commit ?? ''), link.snapshot?.commit, 'no parent');
    assert.equal(link.patchFile, undefined);
    assert.ok(!existsSync(patchPath));
  });

  it('a fresh repository with no index file at all still snapshots its files', async () => {
    const top = makeRepo();
    writeFiles(top, { 'a.py': 'a\n' });
    const link = await captureChecked(top, 'run-noindex');
    assert.equal(link.status, 'no-commits');
    assert.equal(link.snapshot?.files, 1);
  });

  it('a shallow clone: shallow recorded, snapshot parented on the shallow HEAD', async () => {
    const origin = makeRepo({ 'a.txt': '1\n' });
    writeFiles(origin, { 'a.txt': '2\n' });
    git(origin, 'commit', '-q', '-am', 'two');
    const clone = join(tempDir(), 'shallow');
    git(tempDir(), 'clone', '-q', '--depth', '1', `file://${origin}`, clone);
    writeFiles(clone, { 'a.txt': '3\n' });
    const link = await captureChecked(clone, 'run-shallow');
    assert.deepEqual([link.status, link.shallow, link.commit], ['ok', true, git(origin, 'rev-parse', 'HEAD')]);
    assert.equal(link.remote, `file://${origin}`);
    assert.equal(git(clone, 'rev-parse', `${link.snapshot?.commit ?? ''}^`), link.commit);
  });

  it('submodules: each one\'s checked-out commit recorded as a gitlink, files inside not snapshotted', async () => {
    const lib = makeRepo({ 'lib.py': 'v1\n' });
    const top = makeRepo({ 'main.py': 'm\n' });
    git(top, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib, 'vendor/lib');
    git(top, 'commit', '-q', '-m', 'add submodule');
    const sub = join(top, 'vendor/lib');
    writeFiles(sub, { 'lib.py': 'v2\n' });
    git(sub, 'commit', '-q', '-am', 'v2 inside the submodule');
    writeFiles(sub, { 'scratch.py': 'dirty inside\n' });
    const nested = makeRepo({ 'n.txt': 'n\n' }, join(top, 'embedded'));
    const link = await captureChecked(top, 'run-sub');
    assert.equal(link.status, 'ok');
    assert.deepEqual(link.submodules, [
      { path: 'embedded', commit: git(nested, 'rev-parse', 'HEAD'), dirty: false },
      { path: 'vendor/lib', commit: git(sub, 'rev-parse', 'HEAD'), dirty: true },
    ]);
    assert.ok(link.changed.includes('vendor/lib'));
    assert.match(link.warnings.join('\n'), /embedded is a git repository inside this one/);
    assert.ok(!expectedTree(top).some((r) => r.includes('lib.py') || r.includes('n.txt')));
  });

  it('a linked worktree: its own index and the main checkout untouched, the ref shared with the main repository', async () => {
    const top = makeRepo({ 'a.txt': '1\n', 'b.txt': 'b\n' });
    const wt = join(tempDir(), 'wt');
    git(top, 'worktree', 'add', '-q', '-b', 'feature', wt);
    assert.ok(readFileSync(join(wt, '.git'), 'utf8').startsWith('gitdir:'), '.git is a file in a linked worktree');
    writeFiles(wt, { 'a.txt': 'changed in worktree\n', 'w.txt': 'new\n' });
    writeFiles(top, { 'b.txt': 'changed in main\n' });
    mkdirSync(join(wt, 'sub'));
    const link = await captureChecked(wt, 'run-wt', { also: [top], cwd: join(wt, 'sub') });
    assert.deepEqual([link.status, link.worktree, link.branch], ['ok', true, 'feature']);
    assert.deepEqual([link.changed, link.untracked], [['a.txt'], ['w.txt']]);
    assert.equal(git(top, 'rev-parse', 'refs/runlens/runs/run-wt'), link.snapshot?.commit);
    assert.equal((await captureChecked(top, 'run-main')).worktree, false);
  });
});
