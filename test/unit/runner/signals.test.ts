// Signals through the built CLI: Ctrl+C (SIGINT to the supervisor) reaches the child once and
// records `stopped`; a child ignoring it is killed after the grace period, or at once on a second
// Ctrl+C; kill -9 of the child is `failed` with SIGKILL; kill -9 of the supervisor reads as `crashed`.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alive, cleanup, cliEnv, collect, listRuns, onlyRun, startCli, tempWorkspace, waitFor, waitForChild, waitForFile } from '../cli/harness';

/** The child: `trap` exits 5 on SIGINT, `ignore` ignores SIGINT/SIGTERM, `plain` has no handler. */
const CHILD = `
const fs = require('fs');
const { spawn } = require('child_process');
const mode = process.argv[2];
if (mode === 'trap') process.on('SIGINT', () => { fs.writeFileSync('got-sigint', ''); process.exit(5); });
if (mode === 'ignore') {
  process.on('SIGINT', () => fs.appendFileSync('ignored', 'x'));
  process.on('SIGTERM', () => fs.appendFileSync('ignored', 'x'));
}
if (mode === 'family') fs.writeFileSync('grandchild.pid', String(spawn('sleep', ['30'], { stdio: 'ignore' }).pid));
fs.writeFileSync('ready', String(process.pid));
setInterval(() => {}, 1000);
`;


describe('runlens run: signals', function () {
  this.timeout(20_000);
  let ws: string;
  beforeEach(() => {
    ws = tempWorkspace({ 'child.js': CHILD });
  });
  afterEach(() => cleanup(ws));

  async function start(mode: string, grace = '2'): Promise<ReturnType<typeof startCli>> {
    const cli = startCli(['run', '--', 'node', 'child.js', mode], ws, cliEnv({ RUNLENS_STOP_GRACE: grace }));
    await waitForFile(join(ws, 'ready'));
    await waitForChild(ws);
    return cli;
  }

  it('Ctrl+C reaches the child, which may clean up; the run is stopped and runlens exits with its code', async () => {
    const cli = await start('trap');
    const done = collect(cli);
    cli.kill('SIGINT');
    const r = await done;
    assert.equal(r.code, 5);
    assert.ok(existsSync(join(ws, 'got-sigint')));
    const m = await onlyRun(ws);
    assert.equal(m.status, 'stopped');
    assert.equal(m.exitCode, 5);
    assert.equal(m.error, null);
  });

  it('a child without a handler dies of SIGINT: stopped, signal recorded, exit 130', async () => {
    const cli = await start('plain');
    const done = collect(cli);
    cli.kill('SIGINT');
    const r = await done;
    assert.equal(r.code, 130);
    const m = await onlyRun(ws);
    assert.equal(m.status, 'stopped');
    assert.equal(m.signal, 'SIGINT');
  });

  it('signals the whole process group: a grandchild stops too', async () => {
    const cli = await start('family');
    const grandchild = Number(readFileSync(join(ws, 'grandchild.pid'), 'utf8'));
    assert.ok(alive(grandchild));
    const done = collect(cli);
    cli.kill('SIGTERM');
    await done;
    await waitFor('the grandchild to exit', () => (alive(grandchild) ? undefined : true), 3000);
    assert.equal((await onlyRun(ws)).status, 'stopped');
  });

  it('escalates to SIGKILL after the grace period when the child ignores the signal', async () => {
    const cli = await start('ignore', '0.5');
    const done = collect(cli);
    const t0 = Date.now();
    cli.kill('SIGINT');
    const r = await done;
    const took = Date.now() - t0;
    assert.ok(took >= 450, `ended after ${took} ms, before the grace period`);
    assert.ok(existsSync(join(ws, 'ignored')), 'the child got the polite signal first');
    assert.equal(r.code, 137);
    const m = await onlyRun(ws);
    assert.equal(m.status, 'stopped');
    assert.equal(m.signal, 'SIGKILL');
  });

  it('a second Ctrl+C kills at once', async () => {
    const cli = await start('ignore', '30');
    const done = collect(cli);
    cli.kill('SIGINT');
    await waitForFile(join(ws, 'ignored'));
    const t0 = Date.now();
    cli.kill('SIGINT');
    const r = await done;
    assert.ok(Date.now() - t0 < 3000);
    assert.equal(r.code, 137);
    assert.equal((await onlyRun(ws)).signal, 'SIGKILL');
  });

  it('kill -9 of the child: failed, with SIGKILL recorded', async () => {
    const cli = await start('plain');
    const m0 = await onlyRun(ws);
    const done = collect(cli);
    process.kill(m0.process?.childPid ?? 0, 'SIGKILL');
    const r = await done;
    assert.equal(r.code, 137);
    const m = await onlyRun(ws);
    assert.equal(m.status, 'failed');
    assert.equal(m.signal, 'SIGKILL');
    assert.match(m.error ?? '', /killed by SIGKILL/);
  });

  it('kill -9 of the supervisor: a later reader reports the run crashed', async () => {
    const cli = await start('plain');
    const m0 = await onlyRun(ws);
    const childPid = m0.process?.childPid ?? 0;
    try {
      const done = collect(cli);
      cli.kill('SIGKILL');
      await done;
      const runs = await listRuns(ws);
      assert.equal(runs[0]?.status, 'crashed');
      assert.match(runs[0]?.error ?? '', /supervisor/);
    } finally {
      // The supervisor's watchdog stops the orphaned child; this only guards a failed test.
      try { process.kill(-childPid, 'SIGKILL'); } catch { /* already gone */ }
    }
  });
});
