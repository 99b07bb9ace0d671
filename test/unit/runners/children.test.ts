// Test runners' children (test/runners/children.ts): a code-server or browser whose runner was
// killed with -9 is killed by the next runner's sweep; one whose runner is alive is left alone.
// Real processes: a runner (node) that starts a detached child the way code-server is started.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killOrphanedChildren, startTime } from '../../runners/children';

const CHILDREN = join(__dirname, '..', '..', 'runners', 'children.js');

/** A runner: starts a detached sleeper in its own group, records it, prints its pid, and waits. */
const RUNNER = `
const { spawn } = require('node:child_process');
const { recordChild } = require(${JSON.stringify(CHILDREN)});
const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
c.unref();
recordChild(c.pid, 'sleeper');
console.log(c.pid);
setInterval(() => {}, 1000);
`;

/** Starts a runner and resolves with it and its sleeper's pid once the sleeper is recorded. */
function startRunner(env: NodeJS.ProcessEnv): Promise<{ runner: ChildProcess; sleeper: number }> {
  return new Promise((resolve, reject) => {
    const runner = spawn(process.execPath, ['-e', RUNNER], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    runner.once('error', reject);
    runner.stdout?.once('data', (chunk: Buffer) => resolve({ runner, sleeper: Number(chunk.toString('utf8').trim()) }));
  });
}

/** Whether `pid` is gone or only a zombie waiting for its new parent to reap it. */
function ended(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true; // no such process
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), what);
}

describe('test runners: children left by a killed runner', () => {
  let cache: string;
  const saved = process.env.RUNLENS_TEST_CACHE;
  const sleepers: number[] = [];
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'runlens-children-'));
    process.env.RUNLENS_TEST_CACHE = cache;
  });
  afterEach(() => {
    for (const pid of sleepers.splice(0)) {
      try { process.kill(-pid, 'SIGKILL'); } catch { /* ended already */ }
    }
    if (saved === undefined) delete process.env.RUNLENS_TEST_CACHE;
    else process.env.RUNLENS_TEST_CACHE = saved;
    rmSync(cache, { recursive: true, force: true });
  });

  it('kills the recorded child of a runner killed with -9, and leaves a live runner\'s child alone', async () => {
    const env = { ...process.env, RUNLENS_TEST_CACHE: cache };
    const dead = await startRunner(env);
    const live = await startRunner(env);
    sleepers.push(dead.sleeper, live.sleeper);
    const deadExit = new Promise((r) => dead.runner.once('exit', r));
    dead.runner.kill('SIGKILL');
    await deadExit;
    assert.ok(startTime(dead.sleeper) !== undefined && !ended(dead.sleeper), 'the killed runner left its child running');

    assert.deepEqual(killOrphanedChildren(), [`sleeper (pid ${dead.sleeper})`]);
    await until(() => ended(dead.sleeper), 'the orphan was killed');
    assert.equal(ended(live.sleeper), false, 'a live runner\'s child is its own business');
    assert.deepEqual(readdirSync(join(cache, 'children')), [`${live.runner.pid}-${live.sleeper}.json`]);

    live.runner.kill('SIGKILL');
    await new Promise((r) => live.runner.once('exit', r));
  });
});
