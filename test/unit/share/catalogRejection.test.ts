// A catalog push that another push beat is retried: the classifier reads git's real rejection
// output, whose last lines are `hint:`s naming no reason (reading only those made a concurrent
// push fail instead of retrying, seen as a flaky two-pusher test under load).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { catalogRejection } from '../../../src/core/share/catalog';
import { cleanupTemp, git, tempDir } from '../git/helpers/repo';

/** Commits an empty tree on its own (no parent) in `repo` and returns its id. */
function rootCommit(repo: string, message: string): string {
  const tree = git(repo, 'mktree');
  return git(repo, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit-tree', tree, '-m', message);
}

describe('sharing runs: a rejected catalog push (real git)', function () {
  this.timeout(60_000);
  after(() => cleanupTemp());

  it('retries a push that lost the race (not a fast-forward), with the rejection, not a hint, as its reason', () => {
    const root = tempDir('runlens-catalog-race-');
    const bare = join(root, 'remote.git');
    git(root, 'init', '-q', '--bare', bare);
    const repo = join(root, 'local');
    git(root, 'init', '-q', repo);
    git(repo, 'push', '-q', bare, `${rootCommit(repo, 'theirs')}:refs/runlens/catalog`);
    // Ours does not descend from theirs: what a pusher sees when another moved the catalog meanwhile.
    const res = spawnSync('git', ['push', '--porcelain', '--no-verify', bare, `${rootCommit(repo, 'ours')}:refs/runlens/catalog`], { cwd: repo, encoding: 'utf8' });
    assert.equal(res.status, 1, 'git rejected the push');
    const verdict = catalogRejection(`${res.stdout}\n${res.stderr}`);
    assert.equal(verdict.retry, true, `retried: ${res.stdout}${res.stderr}`);
    assert.doesNotMatch(verdict.reason, /hint:/);
    assert.match(verdict.reason, /rejected/);
  });

  it('gives up on another failure, reporting it', () => {
    const verdict = catalogRejection("fatal: '/nowhere/remote.git' does not appear to be a git repository\nfatal: Could not read from remote repository.\n");
    assert.equal(verdict.retry, false);
    assert.match(verdict.reason, /does not appear to be a git repository/);
  });
});
