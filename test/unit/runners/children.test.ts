// Test runners' children (test/runners/children.ts): a code-server or browser whose runner was
// killed with -9 is killed by the next runner's sweep and its profile folder removed; one whose
// runner is alive is left alone. Real processes: a runner (node) that starts a detached child the
// way code-server is started, with a profile folder of its own.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killOrphanedChildren, startTime } from '../../runners/children';

const CHILDREN = join(__dirname, '..', '..', 'runners', 'children.js');

/** A runner: makes a profile folder, starts a detached sleeper in its own group, records both, prints the pid and folder, and waits. */
const RUNNER = `
const { spawn } = require('node:child_process');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { recordChild } = require(${JSON.stringify(CHILDREN)});
const profile = mkdtempSync(join(process.env.RUNLENS_TEST_CACHE, 'rlcs-'));
writeFileSync(join(profile, 'state'), 'x');
const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
c.unref();
recordChild(c.pid, 'sleeper', [profile]);
console.log(JSON.stringify({ pid: c.pid, profile }));
setInterval(() => {}, 1000);
`;

/** Starts a runner and resolves with it, its sleeper's pid and profile folder once the sleeper is recorded. */
function startRunner(env: NodeJS.ProcessEnv): Promise<{ runner: ChildProcess; sleeper: number; profile: string }> {
  return new Promise((resolve, reject) => {
    const runner = spawn(process.execPath, ['-e', RUNNER], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    runner.once('error', reject);
    runner.stdout?.once('data', (chunk: Buffer) => {
      const { pid, profile } = JSON.parse(chunk.toString('utf8')) as { pid: number; profile: string };
      resolve({ runner, sleeper: pid, profile });
    });
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

  it('kills the recorded child of a runner killed with -9 and removes its folder, and leaves a live runner\'s child alone', async () => {
    const env = { ...process.env, RUNLENS_TEST_CACHE: cache };
    const dead = await startRunner(env);
    const live = await startRunner(env);
    sleepers.push(dead.sleeper, live.sleeper);
    const deadExit = new Promise((r) => dead.runner.once('exit', r));
    dead.runner.kill('SIGKILL');
    await deadExit;
    assert.ok(startTime(dead.sleeper) !== undefined && !ended(dead.sleeper), 'the killed runner left its child running');

    assert.ok(existsSync(dead.profile), 'the killed runner left its profile folder');

    assert.deepEqual(killOrphanedChildren(), { killed: [`sleeper (pid ${dead.sleeper})`], removed: [dead.profile] });
    await until(() => ended(dead.sleeper), 'the orphan was killed');
    assert.equal(existsSync(dead.profile), false, 'the orphan\'s profile folder is gone');
    assert.equal(ended(live.sleeper), false, 'a live runner\'s child is its own business');
    assert.ok(existsSync(join(live.profile, 'state')), 'and so is its folder');
    assert.deepEqual(readdirSync(join(cache, 'children')), [`${live.runner.pid}-${live.sleeper}.json`]);

    live.runner.kill('SIGKILL');
    await new Promise((r) => live.runner.once('exit', r));
  });

  it('removes the folders of an orphan that already ended, and only absolute ones two levels deep', () => {
    const records = join(cache, 'children');
    const profile = mkdtempSync(join(cache, 'rlbr-'));
    // pid 1's start time is never "0": both the runner and the child are gone by their records.
    const record = (name: string, dirs: unknown[]): void => writeFileSync(join(records, name),
      JSON.stringify({ runner: 1, runnerStart: '0', pid: 1, start: '0', group: false, what: 'chromium', dirs }));
    mkdirSync(records, { recursive: true });
    record('1-1.json', [profile, '/tmp', 'relative/dir', 7]);
    assert.deepEqual(killOrphanedChildren(), { killed: [], removed: [profile] }, 'nothing killed, only the absolute folder two levels deep removed');
    assert.equal(existsSync(profile), false);
    assert.ok(existsSync('/tmp'));
    assert.deepEqual(readdirSync(records), []);
  });
});
