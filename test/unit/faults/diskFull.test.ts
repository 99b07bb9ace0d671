// A full disk, on a small tmpfs this test mounts (as root; skipped with the reason otherwise): the
// supervisor keeps passing output through, waits for space to record the run's end with the reason
// `disk full`, and exits with the child's code; read commands never fail for want of writing; no
// lock stays behind; starting a run on a full disk says so in words and leaves nothing half made.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv, collect, listRuns, runCli, startCli, waitFor, waitForChild, waitForFile } from '../cli/harness';

/** Says `ready`, waits for `go`, prints 200 lines (metrics among them), says `printed`, exits 3. */
const CHILD = `
const fs = require('fs');
const flags = process.env.FLAGS;
console.log('@runlens ' + JSON.stringify({ step: 0, metrics: { loss: 1 } }));
fs.writeFileSync(flags + '/ready', '');
const timer = setInterval(() => {
  if (!fs.existsSync(flags + '/go')) return;
  clearInterval(timer);
  for (let i = 1; i <= 200; i++) console.log(i % 10 === 0 ? '@runlens ' + JSON.stringify({ step: i, metrics: { loss: 1 / i } }) : 'line ' + i + ' ' + 'x'.repeat(200));
  fs.writeFileSync(flags + '/printed', '');
  process.exitCode = 3;
}, 20);
`;

/** Fills the filesystem holding `dir` to the last byte; returns the filler's path. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 20, 1 << 16, 4096, 1]) {
      const buf = Buffer.alloc(size, 1);
      try {
        for (;;) writeSync(fd, buf);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Every lock file below `dir`. */
function locks(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.lock'));
}

describe('faults: a full disk (tmpfs)', function () {
  this.timeout(60_000);
  let mnt = '';
  let ws = '';
  let flags = '';
  let env: NodeJS.ProcessEnv;

  before(function () {
    if (process.getuid?.() !== 0) {
      console.log('    (skipped: mounting a small tmpfs needs root; these tests run as root in CI)');
      this.skip();
    }
    mnt = mkdtempSync(join(tmpdir(), 'runlens-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt], { stdio: 'pipe' });
    } catch (e) {
      rmSync(mnt, { recursive: true, force: true });
      mnt = '';
      console.log(`    (skipped: cannot mount a tmpfs here: ${(e as Error).message.split('\n')[0] ?? ''})`);
      this.skip();
    }
  });
  after(() => {
    if (!mnt) return;
    // A process still leaving (a run's child being stopped) may hold it for a moment: detach it lazily.
    execFileSync('umount', ['-l', mnt]);
    rmSync(mnt, { recursive: true, force: true });
  });
  beforeEach(() => {
    if (!mnt) return;
    ws = join(mnt, `ws-${Date.now()}`);
    mkdirSync(ws);
    writeFileSync(join(ws, 'child.js'), CHILD);
    flags = mkdtempSync(join(tmpdir(), 'runlens-flags-'));
    env = cliEnv({ FLAGS: flags });
  });
  afterEach(() => {
    rmSync(join(ws, 'filler'), { force: true });
    rmSync(ws, { recursive: true, force: true });
    rmSync(flags, { recursive: true, force: true });
  });

  it('passes output through, waits for space, records `disk full` and exits with the child\'s code', async () => {
    const cli = startCli(['run', '--name', 'full', '--', 'node', 'child.js'], ws, env);
    let stderr = '';
    cli.stderr?.on('data', (b: Buffer) => { stderr += b.toString(); });
    const done = collect(cli);
    await waitForFile(join(flags, 'ready'));
    await waitForChild(ws);
    const filler = fill(ws);
    writeFileSync(join(flags, 'go'), '');
    await waitFor('the wait for space to be announced', () => (/waiting for space to record how the run ended/.test(stderr) ? true : undefined), 20_000);
    assert.match(stderr, /the disk is full: output still passes through but is no longer saved/);

    // Reads work on the full disk, and the run is still running (its supervisor is alive).
    const ls = await runCli(['ls'], ws, env);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.out, /full/);
    const show = await runCli(['show', 'full'], ws, env);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.out, /running/);

    rmSync(filler);
    const r = await done;
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.out.split('\n').filter((l) => l.startsWith('line ')).length, 180, 'every line reached the terminal');
    const [m] = await listRuns(ws);
    assert.equal(m?.status, 'failed');
    assert.equal(m?.exitCode, 3);
    assert.match(m?.error ?? '', /^disk full: output\.log stops where the disk filled .*; exited with code 3$/);
    assert.equal(m?.metrics.loss?.count, 21, 'the metrics of the lines printed on the full disk were kept and recorded');
    assert.match(r.stderr, /run full failed: disk full/);
    assert.deepEqual(locks(join(ws, '.runlens')), [], 'no lock left behind');
  });

  it('read commands work on a full disk: a crashed run is reported, and persisted once there is space', async () => {
    const cli = startCli(['run', '--name', 'dead', '--', 'node', 'child.js'], ws, env);
    const done = collect(cli);
    await waitForFile(join(flags, 'ready'));
    const m0 = await waitForChild(ws);
    const filler = fill(ws);
    cli.kill('SIGKILL');
    await done;
    try {
      const ls = await runCli(['ls'], ws, env);
      assert.equal(ls.code, 0, ls.stderr);
      assert.match(ls.out, /dead\s.*crashed/);
      const show = await runCli(['show', 'dead'], ws, env);
      assert.equal(show.code, 0, show.stderr);
      assert.match(show.out, /crashed/);
      const metrics = await runCli(['metrics', 'dead'], ws, env);
      assert.equal(metrics.code, 0, metrics.stderr);
      // The killed supervisor may have died holding its run's locks (run.lock, or series.lock mid-ingest),
      // which no reader can break on a full disk (breaking needs a guard file): only readers' locks count.
      const supervisor = m0.process?.supervisorPid;
      const heldByReader = (f: string): boolean => {
        const text = (() => { try { return readFileSync(join(ws, '.runlens', f), 'utf8'); } catch { return ''; } })(); // gone meanwhile: released
        return text !== '' && Number(/"pid":\s*(\d+)/.exec(text)?.[1]) !== supervisor;
      };
      assert.deepEqual(locks(join(ws, '.runlens')).filter((f) => !(f.includes(m0.id) && f.endsWith('run.lock')) && heldByReader(f)), [], 'no lock of a reader left behind');
    } finally {
      rmSync(filler);
      try { process.kill(-(m0.process?.childPid ?? 0), 'SIGKILL'); } catch { /* stopped by the watchdog */ }
    }
    const [m] = await listRuns(ws);
    assert.equal(m?.status, 'crashed');
    assert.deepEqual(locks(join(ws, '.runlens')), []);
  });

  it('starting a run on a full disk says so in words and leaves no half-made run', async () => {
    assert.equal((await runCli(['run', '--', 'node', '-e', ''], ws, env)).code, 0, 'the store exists');
    const filler = fill(ws);
    try {
      const r = await runCli(['run', '--', 'node', '-e', ''], ws, env);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /runlens: error: the disk is full: no space left on the device/);
      assert.match(r.stderr, /free some space, then try again/);
      assert.equal((await listRuns(ws)).length, 1, 'no second run');
      assert.equal(readdirSync(join(ws, '.runlens', 'runs')).length, 1, 'no half-made run folder');
    } finally {
      rmSync(filler);
    }
    assert.ok(existsSync(join(ws, '.runlens')));
  });
});
