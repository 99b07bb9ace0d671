// What sharing promises when several people and failures meet: concurrent pushes lose no run, a run
// pushed with other content is a conflict (never an overwrite), an interrupted push is completed by
// the next one, trashed runs stay home, --prune is explicit, and an unconfigured remote is refused.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, rmSync, watch, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cleanupTemp, git } from '../git/helpers/repo';
import { CLI, cliEnv } from '../cli/harness';
import { type RunSummary } from '../../../src/core/store/summary';
import { makeTeam, rl, startDaemon, type Daemon } from './team';

const runsOf = async (ws: string): Promise<RunSummary[]> => JSON.parse((await rl(ws, ['ls', '--json'])).out) as RunSummary[];
const remoteRecords = (bare: string): string[] =>
  git(bare, 'for-each-ref', '--format=%(refname)', 'refs/runlens/records/').split('\n').filter((l) => l !== '');

/** Resolves once `file` exists (watching its folder: no polling, no sleep). */
function whenExists(file: string): Promise<void> {
  return new Promise((resolve) => {
    const w = watch(dirname(file), () => {
      if (existsSync(file)) {
        w.close();
        resolve();
      }
    });
    if (existsSync(file)) {
      w.close();
      resolve();
    }
  });
}

describe('sharing runs: concurrency, conflicts and failures (CLI, real git)', function () {
  this.timeout(240_000);
  const daemons: Daemon[] = [];
  after(async () => {
    for (const d of daemons) await d.stop();
    cleanupTemp();
  });

  it('A and B each push 20 runs at the same moment through git daemon: none is lost', async () => {
    const team = makeTeam();
    const daemon = await startDaemon(dirname(team.bare));
    daemons.push(daemon);
    const a = team.clone('Alice', 'alice@example.com');
    const b = team.clone('Bob', 'bob@example.com');
    for (const c of [a, b]) git(c, 'remote', 'set-url', 'origin', daemon.url(basename(team.bare)));
    const grid = Array.from({ length: 20 }, (_, i) => String(i + 1)).join(',');
    await Promise.all([a, b].map((c) => rl(c, ['sweep', 'train', '--grid', `lr=${grid}`, '-j', '4'])));
    const [pa, pb] = await Promise.all([rl(a, ['push']), rl(b, ['push'])]);
    assert.match(pa.out, /pushed 20 runs/);
    assert.match(pb.out, /pushed 20 runs/);
    assert.equal(remoteRecords(team.bare).length, 40);
    assert.equal(git(team.bare, 'rev-list', '--count', 'refs/runlens/catalog'), '2', 'each push moved the catalog: neither announcement was lost');
    const c = team.clone('Carol', 'carol@example.com');
    git(c, 'remote', 'set-url', 'origin', daemon.url(basename(team.bare)));
    assert.match((await rl(c, ['pull'])).out, /pulled 40 new/);
    const runs = await runsOf(c);
    assert.equal(runs.length, 40);
    assert.equal(runs.filter((r) => r.origin?.author === 'Alice').length, 20);
    assert.equal(runs.filter((r) => r.origin?.author === 'Bob').length, 20);
  });

  it('the same run pushed from two clones with different content is a conflict; nothing is overwritten', async () => {
    const team = makeTeam();
    const a = team.clone('Alice', 'alice@example.com');
    await rl(a, ['run', 'train', '-p', 'lr=0.5']);
    await rl(a, ['push']);
    const [run] = await runsOf(a);
    assert.ok(run);
    // A second clone with a copy of A's store (a laptop and a workstation sharing a folder, say).
    const a2 = team.clone('Alice', 'alice@example.com');
    cpSync(join(a, '.runlens'), join(a2, '.runlens'), { recursive: true });
    await rl(a, ['note', run.id, 'from the workstation']);
    assert.match((await rl(a, ['push'])).out, /pushed 1 run /, 'an update of a pushed run travels');
    const before = remoteRecords(team.bare).map((r) => git(team.bare, 'rev-parse', r));
    await rl(a2, ['note', run.id, 'from the laptop']);
    const clash = await rl(a2, ['push'], 5);
    assert.match(clash.stderr, new RegExp(`conflict: run ${run.name} \\(${run.id}\\) is on origin with other content`));
    assert.deepEqual(remoteRecords(team.bare).map((r) => git(team.bare, 'rev-parse', r)), before, 'the remote keeps the first push');
    // Pulling into the clone that lost says so too, and keeps its own version.
    const pulled = await rl(a2, ['pull'], 5);
    assert.match(pulled.stderr, /exists here and on origin with other content/);
    assert.equal((await runsOf(a2))[0]?.note, 'from the laptop');
    const b = team.clone('Bob', 'bob@example.com');
    await rl(b, ['pull']);
    assert.equal((await runsOf(b))[0]?.note, 'from the workstation');
    // Pushing the same content again is no conflict: nothing new.
    assert.match((await rl(a, ['push'])).out, /pushed 0 runs .*1 already there/);
  });

  it('a push the remote fails is completed by the next attempt; both sides stay consistent', async () => {
    const team = makeTeam();
    const a = team.clone('Alice', 'alice@example.com');
    await rl(a, ['sweep', 'train', '--grid', 'lr=1,2,3']);
    const hook = join(team.bare, 'hooks', 'pre-receive');
    const broken = join(team.bare, 'broken');
    writeFileSync(hook, `#!/bin/sh\nif [ -e "${broken}" ]; then echo "disk full on the server" >&2; exit 1; fi\nexit 0\n`);
    chmodSync(hook, 0o755);
    writeFileSync(broken, '');
    const failed = await rl(a, ['push'], 1);
    assert.match(failed.stderr, /refused the push|git push failed/);
    assert.deepEqual(remoteRecords(team.bare), []);
    rmSync(broken);
    assert.match((await rl(a, ['push'])).out, /pushed 3 runs/);
    assert.equal(remoteRecords(team.bare).length, 3);
  });

  it('a push killed mid-way (git and all) is completed by the next attempt', async () => {
    const team = makeTeam();
    const a = team.clone('Alice', 'alice@example.com');
    await rl(a, ['sweep', 'train', '--grid', 'lr=1,2,3,4']);
    const hook = join(team.bare, 'hooks', 'pre-receive');
    const block = join(team.bare, 'block');
    const started = join(team.bare, 'hook-started');
    // While `block` exists the remote stalls inside the push, after the objects were sent.
    writeFileSync(hook, `#!/bin/sh\nif [ -e "${block}" ]; then touch "${started}"; exec sleep 600; fi\nexit 0\n`);
    chmodSync(hook, 0o755);
    writeFileSync(block, '');
    const proc = spawn(process.execPath, [CLI, 'push'], { cwd: a, env: cliEnv(), stdio: 'ignore', detached: true });
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    await whenExists(started);
    process.kill(-(proc.pid ?? 0), 'SIGKILL');
    await exited;
    assert.deepEqual(remoteRecords(team.bare), [], 'an atomic push killed before it finished updated nothing');
    rmSync(block);
    assert.match((await rl(a, ['push'])).out, /pushed 4 runs/);
    assert.equal(remoteRecords(team.bare).length, 4);
    assert.match((await rl(a, ['push'])).out, /pushed 0 runs/);
  });

  it('trashed runs are not pushed; --prune removes what was pushed and since deleted, and only that', async () => {
    const team = makeTeam();
    const a = team.clone('Alice', 'alice@example.com');
    await rl(a, ['sweep', 'train', '--grid', 'lr=1,2,3']);
    const [r1, r2, r3] = await runsOf(a);
    assert.ok(r1 && r2 && r3);
    await rl(a, ['rm', r1.id]);
    assert.match((await rl(a, ['push'])).out, /pushed 2 runs/);
    assert.deepEqual(remoteRecords(team.bare).sort(), [r2.id, r3.id].map((id) => `refs/runlens/records/${id}`).sort());
    await rl(a, ['rm', r2.id]);
    assert.match((await rl(a, ['push'])).out, /pushed 0 runs/);
    assert.equal(remoteRecords(team.bare).length, 2, 'without --prune nothing is deleted');
    const dry = await rl(a, ['push', '--prune', '--dry-run']);
    assert.match(dry.out, /would prune 1 deleted run/);
    assert.equal(remoteRecords(team.bare).length, 2);
    assert.match((await rl(a, ['push', '--prune'])).out, /pruned 1 deleted run/);
    assert.deepEqual(remoteRecords(team.bare), [`refs/runlens/records/${r3.id}`]);
  });

  it('a remote that is not configured is refused unless named explicitly', async () => {
    const team = makeTeam();
    const a = team.clone('Alice', 'alice@example.com');
    await rl(a, ['run', 'train']);
    git(a, 'remote', 'remove', 'origin');
    const none = await rl(a, ['push'], 1);
    assert.match(none.stderr, /no git remote to share runs through/);
    const unknown = await rl(a, ['pull', 'upstream'], 1);
    assert.match(unknown.stderr, /no git remote called "upstream"/);
    assert.match((await rl(a, ['push', team.bare])).out, /pushed 1 run to /);
    assert.equal(remoteRecords(team.bare).length, 1);
  });
});
