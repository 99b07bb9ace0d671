// How a push keeps its bookkeeping out of the user's refs: records are staged in a temporary
// repository and kept reachable from one ref (no ref per run here), an update still fast-forwards
// after `git gc`, and a store pushed by an earlier version (a ref per run) pushes and pulls on.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, git } from '../git/helpers/repo';
import { type RunSummary } from '../../../src/core/store/summary';
import { makeTeam, rl } from './team';

const runsOf = async (ws: string): Promise<RunSummary[]> => JSON.parse((await rl(ws, ['ls', '--json'])).out) as RunSummary[];
const refsUnder = (repo: string, prefix: string): string[] =>
  git(repo, 'for-each-ref', '--format=%(refname)', prefix).split('\n').filter((l) => l !== '');
const record = (bare: string, id: string): string => git(bare, 'rev-parse', `refs/runlens/records/${id}`);
/** Whether commit `a` is an ancestor of `b` in `repo` (`merge-base --is-ancestor` exits 0). */
const isAncestor = (repo: string, a: string, b: string): boolean =>
  spawnSync('git', ['merge-base', '--is-ancestor', a, b], { cwd: repo, stdio: 'ignore' }).status === 0;

describe('sharing runs: staging a push without a ref per run (CLI, real git)', function () {
  this.timeout(180_000);
  after(() => cleanupTemp());

  it('writes no ref per run here, keeps the records reachable from one ref, and an update after gc fast-forwards', async () => {
    const team = makeTeam();
    const a = team.clone('Alice', 'alice@example.com');
    // A remote by a path relative to the clone: git resolves it from the repository's top level.
    git(a, 'remote', 'add', 'rel', '../team.git');
    await rl(a, ['sweep', 'train', '--grid', 'lr=1,2,3']);
    assert.match((await rl(a, ['push', 'rel'])).out, /pushed 3 runs/);
    const runs = await runsOf(a);
    assert.equal(runs.length, 3);
    assert.deepEqual(refsUnder(a, 'refs/runlens/remotes/'), [], 'no tracking ref per run');
    assert.deepEqual(refsUnder(a, 'refs/runlens/outgoing/'), [], 'no staged ref per run');
    assert.deepEqual(refsUnder(a, 'refs/runlens/staging/'), [], 'the scratch ref is gone');
    assert.deepEqual(refsUnder(a, 'refs/runlens/pushed/'), ['refs/runlens/pushed/rel']);
    for (const r of runs) assert.ok(isAncestor(a, record(team.bare, r.id), 'refs/runlens/pushed/rel'), `record of ${r.name} kept reachable`);
    const staging = join(a, '.git', 'runlens-staging');
    assert.deepEqual(existsSync(staging) ? readdirSync(staging) : [], [], 'the staging repository was removed');

    // gc drops whatever no ref reaches: the record pushed before must survive, or the update below
    // would not be a fast-forward of it and the remote would refuse it as a conflict.
    git(a, 'gc', '-q', '--prune=now');
    const [first] = runs;
    assert.ok(first);
    const before = record(team.bare, first.id);
    await rl(a, ['note', first.id, 'second thoughts']);
    assert.match((await rl(a, ['push', 'rel'])).out, /pushed 1 run /);
    const after = record(team.bare, first.id);
    assert.notEqual(after, before);
    assert.equal(git(team.bare, 'rev-parse', `${after}^`), before, 'the update is a child of the record pushed before');
    assert.ok(isAncestor(a, after, 'refs/runlens/pushed/rel') && isAncestor(a, before, 'refs/runlens/pushed/rel'));

    const b = team.clone('Bob', 'bob@example.com');
    assert.match((await rl(b, ['pull'])).out, /pulled 3 new/);
    assert.equal((await runsOf(b)).find((r) => r.id === first.id)?.note, 'second thoughts');
  });

  it('a store pushed by an earlier version (a tracking and a staged ref per run) pushes its updates, and they pull', async () => {
    const team = makeTeam();
    const a = team.clone('Alice', 'alice@example.com');
    await rl(a, ['sweep', 'train', '--grid', 'lr=1,2']);
    await rl(a, ['push']);
    const [r1, r2] = await runsOf(a);
    assert.ok(r1 && r2);
    // What an earlier version left: no keeper ref, the remote's records under one tracking ref each,
    // and the staged ref of a push interrupted after the remote accepted it.
    git(a, 'update-ref', '-d', 'refs/runlens/pushed/origin');
    for (const r of [r1, r2]) git(a, 'update-ref', `refs/runlens/remotes/origin/${r.id}`, record(team.bare, r.id));
    git(a, 'update-ref', `refs/runlens/outgoing/origin/${r2.id}`, record(team.bare, r2.id));
    git(a, 'gc', '-q', '--prune=now');
    const before = record(team.bare, r1.id);

    await rl(a, ['note', r1.id, 'updated after the upgrade']);
    await rl(a, ['run', 'train', '-p', 'lr=3']);
    assert.match((await rl(a, ['push'])).out, /pushed 2 runs/, 'the update and the new run, no conflict');
    assert.equal(git(team.bare, 'rev-parse', `${record(team.bare, r1.id)}^`), before, 'a fast-forward of the earlier version\'s record');
    assert.deepEqual(refsUnder(a, 'refs/runlens/outgoing/'), [], 'the interrupted push\'s staged ref is cleaned up');

    const b = team.clone('Bob', 'bob@example.com');
    assert.match((await rl(b, ['pull'])).out, /pulled 3 new .*\(3 on the remote\)/);
    assert.equal((await runsOf(b)).find((r) => r.id === r1.id)?.note, 'updated after the upgrade');
    // A's own pull sees its runs as its own: nothing pulled, no conflict.
    assert.match((await rl(a, ['pull'])).out, /pulled 0 new/);
  });
});
