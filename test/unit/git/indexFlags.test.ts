// Files the user marked assume-unchanged or skip-worktree: git status trusts those index bits, so
// without care an edited file is snapshotted with HEAD's content and the run recorded clean.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureCode } from '../../../src/core/git/capture';
import { parseFlaggedEntries } from '../../../src/core/git/indexFlags';
import { captureChecked } from './helpers/check';
import { CAPTURE_ENV, cleanupTemp, git, makeRepo } from './helpers/repo';

describe('git capture: assume-unchanged and skip-worktree files', function () {
  this.timeout(20_000);
  afterEach(cleanupTemp);

  it('snapshots the working content of edited flagged files and records the run dirty', async () => {
    const top = makeRepo({ 'a.py': 'a = 1\n', 'b.py': 'b = 1\n', 'c.py': 'c = 1\n', 'd e.py': 'd = 1\n' });
    git(top, 'update-index', '--assume-unchanged', 'a.py', 'c.py');
    git(top, 'update-index', '--skip-worktree', 'b.py', 'd e.py');
    git(top, 'update-index', '--assume-unchanged', 'd e.py');
    writeFileSync(join(top, 'a.py'), 'a = 2  # edited\n');
    writeFileSync(join(top, 'b.py'), 'b = 2  # edited\n');
    writeFileSync(join(top, 'd e.py'), 'd = 2  # edited\n');
    assert.equal(git(top, 'status', '--porcelain'), '', 'git itself sees nothing to report');
    // captureChecked: the snapshot holds exactly the working tree, and the user's index (flags
    // included) is byte-identical afterwards.
    const link = await captureChecked(top, 'run-flags');
    assert.equal(link.dirty, true);
    assert.deepEqual([...link.changed].sort(), ['a.py', 'b.py', 'd e.py']);
    assert.ok(link.warnings.some((w) => /a\.py, d e\.py are marked assume-unchanged/.test(w)), link.warnings.join('\n'));
    assert.ok(link.warnings.some((w) => /b\.py, d e\.py are marked skip-worktree/.test(w)), link.warnings.join('\n'));
    assert.equal(git(top, 'ls-files', '-v', 'a.py', 'b.py', 'c.py'), 'h a.py\nS b.py\nh c.py', 'the user\'s flags are kept');
  });

  it('a skip-worktree file absent from the working tree (sparse checkout) keeps HEAD\'s content', async () => {
    const top = makeRepo({ 'train.py': 'x = 1\n', 'big/data.txt': 'rows\n' });
    git(top, 'update-index', '--skip-worktree', 'big/data.txt');
    rmSync(join(top, 'big'), { recursive: true });
    const link = await captureCode(top, 'run-sparse', { env: CAPTURE_ENV });
    assert.equal(link.status, 'ok', link.message);
    assert.equal(link.dirty, false);
    assert.equal(git(top, 'show', `${link.snapshot?.commit ?? ''}:big/data.txt`), 'rows');
  });

  it('parses ls-files -v tags', () => {
    const out = ['H plain', 'h assumed', 'S skipped', 's both', 'M unmerged', 'h with space and\nnewline', ''].join('\0');
    assert.deepEqual(parseFlaggedEntries(out), {
      assumeUnchanged: ['assumed', 'both', 'with space and\nnewline'],
      skipWorktree: ['skipped', 'both'],
    });
  });
});
