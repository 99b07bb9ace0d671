// Ctrl+C and kill -9 around a run's start, through the built CLI in a real git repository: an
// interrupt that lands after the run was recorded but before its process started records `stopped`
// (it used to kill the supervisor, leaving `crashed`), an interrupted reproduce removes its
// worktree, and the worktree of a reproduce killed with -9 (with its scratch hash cache, never left
// in the temp folder) is swept by the next reproduce.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { cliEnv, collect, listRuns, runCli, startCli, waitForFile } from '../cli/harness';
import { cleanupTemp, git, makeRepo, tempDir } from '../git/helpers/repo';
import { sweepLeftoverWorktrees } from '../../../src/core/reproduce/leftovers';
import { ownerReason } from '../../../src/core/reproduce/worktree';

/** Ends at once when $FLAGS/go exists; otherwise says `ready` and waits for it. */
const WAIT = `
const fs = require('fs');
const flags = process.env.FLAGS;
if (!fs.existsSync(flags + '/go')) {
  fs.writeFileSync(flags + '/ready', String(process.pid));
  setInterval(() => { if (fs.existsSync(flags + '/go')) process.exit(0); }, 20);
}
`;
const CONFIG = 'version: 1\nexperiments:\n  wait:\n    command: node wait.js\n';

function worktreesLeft(repo: string): string[] {
  const dir = join(repo, '.runlens', 'worktrees');
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** Resolves with the id of the first run directory whose run.json appears (inotify: no polling delay). */
function onNewRun(repo: string, except: readonly string[], act: (id: string) => void): () => void {
  const watcher = watch(repo, { recursive: true }, (_event, name) => {
    const m = /^\.runlens\/runs\/([^/]+)\/run\.json$/.exec(String(name));
    if (m?.[1] && !except.includes(m[1])) {
      watcher.close();
      act(m[1]);
    }
  });
  return () => watcher.close();
}

describe('faults: interrupts around a run\'s start (real CLI, real git)', function () {
  this.timeout(60_000);
  let repo: string;
  let flags: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    repo = makeRepo({ 'runlens.yaml': CONFIG, 'wait.js': WAIT, '.gitignore': 'out/\n' });
    flags = tempDir('runlens-flags-');
    env = cliEnv({ FLAGS: flags });
  });
  after(cleanupTemp);

  it('Ctrl+C right after the run is recorded, before its process starts: stopped, exit 130, not crashed', async () => {
    const cli = startCli(['run', 'wait'], repo, env);
    const done = collect(cli);
    const stopWatching = onNewRun(repo, [], () => cli.kill('SIGINT'));
    const r = await done;
    stopWatching();
    const [m] = await listRuns(repo);
    assert.ok(m, r.stderr);
    assert.equal(m.status, 'stopped', `${m.status}: ${m.error ?? ''} / ${r.stderr}`);
    assert.equal(r.code, 130, r.stderr);
    // Either the child never started (the interrupt came first), or it got the interrupt itself.
    if (m.process?.childPid === null) assert.match(m.error ?? '', /stopped by SIGINT before its command started/);
    assert.ok(!existsSync(join(flags, 'ready')) || m.signal === 'SIGINT');
  });

  it('an interrupted reproduce removes its worktree and records its run stopped', async () => {
    writeFileSync(join(flags, 'go'), '');
    assert.equal((await runCli(['run', 'wait'], repo, env)).code, 0);
    const [original] = await listRuns(repo);
    assert.ok(original);
    rmSync(join(flags, 'go'));
    const cli = startCli(['reproduce', original.id], repo, env);
    const done = collect(cli);
    const stopWatching = onNewRun(repo, [original.id], () => cli.kill('SIGINT'));
    const r = await done;
    stopWatching();
    assert.equal(r.code, 130, r.stderr);
    assert.deepEqual(worktreesLeft(repo), [], 'the worktree was removed');
    assert.equal(git(repo, 'worktree', 'list', '--porcelain').split('\n\n').filter(Boolean).length, 1, 'git knows no extra worktree');
    const repro = (await listRuns(repo)).find((m) => m.reproducedFrom === original.id);
    assert.equal(repro?.status, 'stopped', r.stderr);
  });

  it('the worktree of a reproduce killed with -9 is removed by the next reproduce', async () => {
    writeFileSync(join(flags, 'go'), '');
    assert.equal((await runCli(['run', 'wait'], repo, env)).code, 0);
    const [original] = await listRuns(repo);
    assert.ok(original);
    rmSync(join(flags, 'go'));
    // Its own TMPDIR: whatever the killed reproduce leaves there would never be removed.
    const tmp = tempDir('runlens-tmp-');
    const killed = startCli(['reproduce', original.id], repo, { ...env, TMPDIR: tmp });
    const killedDone = collect(killed);
    await waitForFile(join(flags, 'ready'));
    killed.kill('SIGKILL');
    await killedDone;
    assert.equal(worktreesLeft(repo).length, 1, 'the killed reproduce left its worktree');
    assert.deepEqual(readdirSync(tmp), [], 'nothing of the killed reproduce in the temp folder');
    assert.equal(readdirSync(join(repo, '.git', 'worktrees')).length, 1);
    // Its run's process is stopped with it (the supervisor's watchdog), so it no longer holds the worktree.
    writeFileSync(join(flags, 'go'), '');
    const next = await runCli(['reproduce', original.id], repo, env);
    assert.equal(next.code, 0, next.stderr);
    assert.match(next.stderr, /removed the worktree \S+ left by an interrupted reproduce/);
    assert.deepEqual(worktreesLeft(repo), []);
    assert.deepEqual(existsSync(join(repo, '.git', 'worktrees')) ? readdirSync(join(repo, '.git', 'worktrees')) : [], [], 'its scratch cache went with git\'s record of it');
    assert.equal(git(repo, 'worktree', 'list', '--porcelain').split('\n\n').filter(Boolean).length, 1);
  });

  it('the sweep leaves worktrees alone that are kept, or owned by a live process or another host', async () => {
    const root = join(repo, '.runlens', 'worktrees');
    const head = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'worktree', 'add', '--detach', '--quiet', join(root, 'kept'), head);
    git(repo, 'worktree', 'add', '--lock', '--reason', ownerReason(), '--detach', '--quiet', join(root, 'live'), head);
    git(repo, 'worktree', 'add', '--lock', '--reason', ownerReason(1, 'elsewhere.invalid'), '--detach', '--quiet', join(root, 'other'), head);
    // A pid that is certainly gone: a process that already exited.
    const exitedCli = startCli(['--version'], repo, env);
    await collect(exitedCli);
    const deadPid = exitedCli.pid ?? 0;
    git(repo, 'worktree', 'add', '--lock', '--reason', ownerReason(deadPid, hostname()), '--detach', '--quiet', join(root, 'dead'), head);
    const removed = await sweepLeftoverWorktrees(repo);
    assert.deepEqual(removed.map((d) => d.split('/').pop()), ['dead']);
    assert.deepEqual(worktreesLeft(repo).sort(), ['kept', 'live', 'other']);
  });
});
