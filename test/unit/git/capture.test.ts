// captureCode on ordinary repositories: what is recorded, the snapshot tree against an independent
// oracle, and that the user's index, files, HEAD, refs and stash are byte-identical afterwards.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureCode } from '../../../src/core/git/capture';
import { captureChecked } from './helpers/check';
import { actualTree, CAPTURE_ENV, cleanupTemp, expectedTree, git, makeRepo, writeFiles } from './helpers/repo';

describe('git capture: ordinary repositories', function () {
  this.timeout(20_000);
  afterEach(cleanupTemp);

  it('records commit, branch and a clean state, and snapshots a clean tree equal to HEAD\'s', async () => {
    const top = makeRepo({ 'a.txt': 'a\n', 'src/b.py': 'print(1)\n' });
    // Stat-only change: the index is stale for this file, so any git call refreshing the user's
    // index would rewrite it (and the fingerprint check would catch it); its content is unchanged.
    utimesSync(join(top, 'a.txt'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const link = await captureChecked(top, 'run-clean');
    assert.equal(link.status, 'ok');
    assert.equal(link.commit, git(top, 'rev-parse', 'HEAD'));
    assert.equal(link.branch, 'main');
    assert.equal(link.detached, false);
    assert.equal(link.dirty, false);
    assert.deepEqual([link.changed, link.untracked, link.submodules], [[], [], []]);
    assert.equal(link.remote, null);
    assert.equal(link.snapshot?.tree, git(top, 'rev-parse', 'HEAD^{tree}'));
    assert.equal(git(top, 'rev-parse', `${link.snapshot?.commit ?? ''}^`), link.commit, 'parented on HEAD');
  });

  it('snapshots modified, staged, deleted, untracked, odd names, symlinks and exec bits; skips ignored and oversize files', async () => {
    const top = makeRepo({ 'keep.txt': 'k\n', 'mod.txt': 'm1\n', 'staged.txt': 's1\n', 'gone.txt': 'g\n', 'run.sh': 'echo\n', '.gitignore': '*.log\nignored/\n', 'big-tracked.bin': 'x' });
    writeFiles(top, { 'keep.txt': 'stashed work\n' });
    git(top, 'stash', '-q'); // an existing stash entry must survive the capture byte for byte
    writeFiles(top, {
      'mod.txt': 'm2\n', 'staged.txt': 's2\n', 'new dir/with space.txt': 'sp\n', 'ünïcödé/файл.txt': 'u\n', 'line\nbreak.txt': 'nl\n',
      'tab\tname.txt': 't\n', 'train.log': 'ignored\n', 'ignored/x.txt': 'ignored\n', 'big-untracked.bin': Buffer.alloc(3000, 1), 'limit.bin': Buffer.alloc(2048, 2),
    });
    git(top, 'add', 'staged.txt');
    writeFileSync(join(top, 'staged.txt'), 's3 (unstaged on top of staged)\n');
    writeFileSync(join(top, 'big-tracked.bin'), Buffer.alloc(5000, 3));
    unlinkSync(join(top, 'gone.txt'));
    chmodSync(join(top, 'run.sh'), 0o755);
    symlinkSync('keep.txt', join(top, 'link-to-keep'));
    symlinkSync('does/not/exist', join(top, 'dangling'));
    mkdirSync(join(top, 'empty-dir'));
    utimesSync(join(top, 'keep.txt'), new Date(2001, 1, 1), new Date(2001, 1, 1));

    const link = await captureChecked(top, 'run-dirty', { maxFileBytes: 2048 });
    assert.equal(link.status, 'ok');
    assert.equal(link.dirty, true);
    assert.deepEqual([...link.changed].sort(), ['big-tracked.bin', 'gone.txt', 'mod.txt', 'run.sh', 'staged.txt']);
    assert.deepEqual([...link.untracked].sort(), ['big-untracked.bin', 'dangling', 'limit.bin', 'line\nbreak.txt', 'link-to-keep', 'new dir/with space.txt', 'tab\tname.txt', 'ünïcödé/файл.txt']);
    assert.deepEqual(link.snapshot?.skipped.map((s) => [s.path, s.size, s.reason]).sort(), [['big-tracked.bin', 5000, 'too-large'], ['big-untracked.bin', 3000, 'too-large']]);
    const tree = actualTree(top, link.snapshot?.tree ?? '');
    assert.ok(tree.some((r) => r.startsWith('100755 ') && r.endsWith(' run.sh')), 'exec bit kept');
    assert.ok(tree.some((r) => r.startsWith('120000 ') && r.endsWith(' link-to-keep')), 'symlink kept as a link');
    assert.ok(tree.some((r) => r.endsWith(' limit.bin')), 'a file exactly at the cap is kept');
    assert.ok(!tree.some((r) => r.endsWith(' big-tracked.bin')), 'an oversize changed tracked file is left out, not stale');
    assert.ok(!tree.some((r) => r.includes('.log') || r.includes('ignored/')), 'ignored files are not snapshotted');
  });

  it('stops adding content at the total cap, smallest files first, and never keeps a changed file stale', async () => {
    const top = makeRepo({ 'code.py': 'v1\n', 'model.bin': Buffer.alloc(100, 1) });
    writeFiles(top, {
      'code.py': 'v2\n', 'a.bin': Buffer.alloc(100, 2), 'b.bin': Buffer.alloc(200, 3), 'c.bin': Buffer.alloc(300, 4), 'model.bin': Buffer.alloc(400, 5),
    });
    const link = await captureChecked(top, 'run-total', { maxTotalBytes: 310 });
    assert.equal(link.status, 'ok');
    // 3 + 100 + 200 bytes fit; c.bin (300) and the changed model.bin (400) do not.
    assert.deepEqual(link.snapshot?.skipped.map((f) => [f.path, f.size, f.reason]).sort(), [['c.bin', 300, 'over-total'], ['model.bin', 400, 'over-total']]);
    const tree = actualTree(top, link.snapshot?.tree ?? '');
    for (const kept of ['code.py', 'a.bin', 'b.bin']) assert.ok(tree.some((r) => r.endsWith(` ${kept}`)), `${kept} in the snapshot`);
    assert.ok(!tree.some((r) => r.endsWith(' c.bin')), 'the file past the total is left out');
    assert.ok(!tree.some((r) => r.endsWith(' model.bin')), 'a changed tracked file past the total is removed, not kept at its old content');
  });

  it('works from a subdirectory, records a stripped remote, and leaves a held index.lock alone', async () => {
    const top = makeRepo({ 'pkg/mod.py': 'x = 1\n', 'README.md': 'r\n' });
    git(top, 'remote', 'add', 'origin', 'https://alice:s3cr3t-token@git.example.com/team/proj.git');
    writeFiles(top, { 'pkg/mod.py': 'x = 2\n', 'pkg/new.py': 'y\n' });
    const gitDir = git(top, 'rev-parse', '--absolute-git-dir');
    writeFileSync(join(gitDir, 'index.lock'), 'held by another git process');
    const link = await captureChecked(top, 'run-sub', { cwd: join(top, 'pkg') });
    assert.equal(link.status, 'ok');
    assert.equal(link.remote, 'https://git.example.com/team/proj.git');
    assert.deepEqual(link.changed, ['pkg/mod.py'], 'paths are repository-relative');
    assert.deepEqual(link.untracked, ['pkg/new.py']);
    assert.throws(() => git(top, 'add', 'README.md'), /index\.lock/, 'the user\'s lock is still held');
  });

  it('sees a same-size edit made in the second the index was written (git\'s racy-timestamp case)', async () => {
    const top = makeRepo();
    writeFiles(top, { 'cfg.py': 'lr = 1\n', 'other.txt': 'o\n' });
    const file = join(top, 'cfg.py');
    const second = Math.floor(Date.now() / 1000) - 100; // whole seconds: exact in every stat field
    utimesSync(file, second, second);
    git(top, 'config', 'core.trustctime', 'false'); // so only the racy check can tell the edit apart
    git(top, 'add', '-A');
    git(top, 'commit', '-q', '-m', 'initial');
    writeFileSync(file, 'lr = 2\n'); // same size, same inode, and below the same mtime
    utimesSync(file, second, second);
    utimesSync(join(top, '.git', 'index'), second, second); // as if the index was written in that second
    const link = await captureChecked(top, 'run-racy');
    assert.deepEqual(link.changed, ['cfg.py']);
    assert.equal(git(top, 'show', `${link.snapshot?.commit ?? ''}:cfg.py`), 'lr = 2');
  });

  it('records a detached HEAD', async () => {
    const top = makeRepo({ 'a.txt': '1\n' });
    writeFiles(top, { 'a.txt': '2\n' });
    git(top, 'commit', '-q', '-am', 'second');
    const first = git(top, 'rev-parse', 'HEAD~1');
    git(top, 'checkout', '-q', '--detach', first);
    writeFiles(top, { 'b.txt': 'new\n' });
    const link = await captureChecked(top, 'run-detached');
    assert.deepEqual([link.status, link.detached, link.branch, link.commit], ['ok', true, null, first]);
    assert.equal(git(top, 'rev-parse', `${link.snapshot?.commit ?? ''}^`), first);
  });

  it('snapshots a conflicted merge as the working tree shows it', async () => {
    const top = makeRepo({ 'c.txt': 'base\n' });
    git(top, 'checkout', '-q', '-b', 'other');
    writeFiles(top, { 'c.txt': 'other\n' });
    git(top, 'commit', '-q', '-am', 'other');
    git(top, 'checkout', '-q', 'main');
    writeFiles(top, { 'c.txt': 'main\n' });
    git(top, 'commit', '-q', '-am', 'main');
    assert.throws(() => git(top, 'merge', '-q', 'other'));
    const link = await captureChecked(top, 'run-conflict');
    assert.equal(link.status, 'ok');
    assert.deepEqual(link.changed, ['c.txt']);
  });

  it('refuses to overwrite an existing run\'s ref and reports it as an error without throwing', async () => {
    const top = makeRepo({ 'a.txt': '1\n' });
    const first = await captureChecked(top, 'run-same');
    writeFiles(top, { 'a.txt': 'changed\n' });
    const again = await captureCode(top, 'run-same', { env: CAPTURE_ENV });
    assert.equal(again.status, 'error');
    assert.match(again.message ?? '', /update-ref/);
    assert.equal(git(top, 'rev-parse', 'refs/runlens/runs/run-same'), first.snapshot?.commit);
    const bad = await captureCode(top, '../escape', { env: CAPTURE_ENV });
    assert.deepEqual([bad.status, bad.commit], ['error', first.commit]);
    assert.match(bad.message ?? '', /ref name/);
  });

  it('runs concurrent captures of one repository (parallel runs) without interference', async () => {
    const top = makeRepo({ 'a.txt': '1\n', 'b/c.txt': 'c\n' });
    writeFiles(top, { 'a.txt': '2\n', 'new.txt': 'n\n' });
    const links = await Promise.all([1, 2, 3, 4].map((i) => captureCode(top, `run-par-${i}`, { env: CAPTURE_ENV })));
    assert.deepEqual(links.map((l) => l.status), ['ok', 'ok', 'ok', 'ok']);
    assert.equal(new Set(links.map((l) => l.snapshot?.tree)).size, 1);
    assert.deepEqual(actualTree(top, links[0]?.snapshot?.tree ?? ''), expectedTree(top));
  });

  it('is cancellable: an aborted signal yields an error status, not an exception', async () => {
    const top = makeRepo({ 'a.txt': '1\n' });
    const ac = new AbortController();
    ac.abort();
    const link = await captureCode(top, 'run-cancel', { env: CAPTURE_ENV, signal: ac.signal });
    assert.deepEqual([link.status, link.message], ['error', 'The code capture was cancelled.']);
    assert.throws(() => git(top, 'rev-parse', '--verify', '-q', 'refs/runlens/runs/run-cancel'));
  });
});
