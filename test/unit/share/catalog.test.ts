// The remote's catalog ref: a pull whose catalog is what the last complete pull saw fetches no
// record ref at all, every push moves it (concurrent pushers each add theirs), and a push that
// could not move it moves it next time, even with nothing new to send.
import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, git } from '../git/helpers/repo';
import { makeTeam, rl } from './team';

/** Ref files under `dir` (refs git keeps loose, one file each, rather than in packed-refs). */
const looseRefs = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : []);
const catalogLength = (bare: string): number => Number(git(bare, 'rev-list', '--count', 'refs/runlens/catalog'));

describe('sharing runs: the catalog ref (CLI, real git)', function () {
  this.timeout(180_000);
  after(() => cleanupTemp());

  it('a pull with nothing new reads the catalog alone; a record the catalog does not announce waits for it', async () => {
    const team = makeTeam();
    const a = team.clone('Alice', 'alice@example.com');
    const b = team.clone('Bob', 'bob@example.com');
    await rl(a, ['run', 'train', '-p', 'lr=1']);
    await rl(a, ['push']);
    assert.equal(catalogLength(team.bare), 1, 'the push moved the catalog');
    assert.match((await rl(b, ['pull'])).out, /pulled 1 new .*\(1 on the remote\)/);
    // The refs a pull writes (one per run) are packed: a later fetch, even of one ref, reads one file.
    assert.deepEqual(looseRefs(join(b, '.git', 'refs', 'runlens')), []);
    assert.deepEqual(looseRefs(join(a, '.git', 'refs', 'runlens')), [], 'and so are those a push writes');
    // A record put on the remote behind the catalog's back (plain git, not runlens push): the
    // catalog is unchanged, so B's pull does not even list the records.
    await rl(a, ['run', 'train', '-p', 'lr=2']);
    const c = team.clone('Carol', 'carol@example.com');
    await rl(c, ['run', 'train', '-p', 'lr=3']);
    git(team.bare, 'update-ref', 'refs/runlens/catalog-before', 'refs/runlens/catalog');
    await rl(c, ['push']);
    git(team.bare, 'update-ref', 'refs/runlens/catalog', 'refs/runlens/catalog-before');
    assert.match((await rl(b, ['pull'])).out, /pulled 0 new .*\(1 on the remote\)/, 'the catalog says nothing changed');
    // The next push moves the catalog: both records arrive.
    await rl(a, ['push']);
    assert.match((await rl(b, ['pull'])).out, /pulled 2 new .*\(3 on the remote\)/);
    assert.match((await rl(b, ['pull'])).out, /pulled 0 new .*\(3 on the remote\)/);
  });

  it('a push that could not move the catalog moves it on the next push, with nothing new to send', async () => {
    const team = makeTeam();
    const a = team.clone('Alice', 'alice@example.com');
    const b = team.clone('Bob', 'bob@example.com');
    await rl(a, ['run', 'train', '-p', 'lr=1']);
    await rl(a, ['push']);
    await rl(b, ['pull']);
    // The server refuses the catalog (and only it) while `broken` exists.
    const hook = join(team.bare, 'hooks', 'update');
    const broken = join(team.bare, 'broken');
    writeFileSync(hook, `#!/bin/sh\nif [ "$1" = refs/runlens/catalog ] && [ -e "${broken}" ]; then echo "catalog refused" >&2; exit 1; fi\nexit 0\n`);
    chmodSync(hook, 0o755);
    writeFileSync(broken, '');
    await rl(a, ['run', 'train', '-p', 'lr=2']);
    const failed = await rl(a, ['push'], 1);
    assert.match(failed.stderr, /the runs were pushed, but the catalog ref could not be moved/);
    assert.equal(catalogLength(team.bare), 1);
    assert.match((await rl(b, ['pull'])).out, /pulled 0 new/, 'not announced yet');
    rmSync(broken);
    assert.match((await rl(a, ['push'])).out, /pushed 0 runs/);
    assert.equal(catalogLength(team.bare), 2, 'the push with nothing new moved the catalog it owed');
    assert.match((await rl(b, ['pull'])).out, /pulled 1 new .*\(2 on the remote\)/);
  });
});
