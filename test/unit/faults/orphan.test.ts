// kill -9 of `runlens run` (built CLI, real processes): the run's process does not outlive its
// supervisor (the watchdog stops its group, even when it writes nothing), and readers fold what
// the files hold into the crashed run's summary: the `@runlens` lines already in output.log, and
// metrics the process appended after the crash verdict was first written.
import * as assert from 'node:assert/strict';
import { appendFileSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { alive, cleanup, cliEnv, collect, listRuns, startCli, tempWorkspace, waitFor, waitForChild, waitForFile } from '../cli/harness';
import { RunStore } from '../../../src/core/store/store';

/** `silent` writes nothing and waits; `emit` prints five metric lines, then waits silently. */
const CHILD = `
const fs = require('fs');
if (process.argv[2] === 'emit') {
  for (let step = 1; step <= 5; step++) console.log('@runlens ' + JSON.stringify({ step, metrics: { loss: 1 / step } }));
}
fs.writeFileSync('ready', String(process.pid));
setInterval(() => {}, 1000);
`;


/** Resolves once `file` contains `count` occurrences of `needle` (inotify, so no polling delay). */
function whenContains(file: string, needle: string, count: number): Promise<void> {
  const enough = (): boolean => readFileSync(file, 'utf8').split(needle).length - 1 >= count;
  return new Promise((resolve) => {
    const watcher = watch(file, () => {
      if (enough()) {
        watcher.close();
        resolve();
      }
    });
    if (enough()) {
      watcher.close();
      resolve();
    }
  });
}

describe('faults: kill -9 of the supervisor', function () {
  this.timeout(30_000);
  let ws: string;
  beforeEach(() => { ws = tempWorkspace({ 'child.js': CHILD }); });
  afterEach(() => cleanup(ws));

  async function start(mode: string): Promise<{ cli: ReturnType<typeof startCli>; childPid: number; runId: string }> {
    const cli = startCli(['run', '--', 'node', 'child.js', mode], ws, cliEnv({ RUNLENS_STOP_GRACE: '2' }));
    await waitForFile(join(ws, 'ready'));
    const m = await waitForChild(ws);
    return { cli, childPid: m.process?.childPid ?? 0, runId: m.id };
  }

  it('stops the run\'s process, even one that writes nothing, and the run reads crashed', async () => {
    const { cli, childPid } = await start('silent');
    try {
      const done = collect(cli);
      cli.kill('SIGKILL');
      await done;
      await waitFor('the orphaned process to be stopped', () => (alive(childPid) ? undefined : true), 15_000);
      const [m] = await listRuns(ws);
      assert.equal(m?.status, 'crashed');
    } finally {
      try { process.kill(-childPid, 'SIGKILL'); } catch { /* stopped, as it should be */ }
    }
  });

  it('keeps the @runlens lines that reached output.log: in the summary and in the series', async () => {
    const { cli, childPid, runId } = await start('emit');
    try {
      const log = join(ws, '.runlens', 'runs', runId, 'output.log');
      await whenContains(log, '@runlens ', 5);
      const done = collect(cli);
      cli.kill('SIGKILL');
      await done;
      const [m] = await listRuns(ws);
      assert.equal(m?.status, 'crashed');
      assert.equal(m?.metrics.loss?.count, 5, JSON.stringify(m?.metrics));
      assert.equal(m?.metrics.loss?.last, 0.2);
      const series = await RunStore.open(ws).readSeries(runId, 'loss');
      assert.equal(series.total, 5);
    } finally {
      try { process.kill(-childPid, 'SIGKILL'); } catch { /* stopped already */ }
    }
  });

  it('folds metrics appended after the crash verdict was written (a process flushing as it is stopped)', async () => {
    const { cli, childPid, runId } = await start('emit');
    try {
      await whenContains(join(ws, '.runlens', 'runs', runId, 'output.log'), '@runlens ', 5);
      const done = collect(cli);
      cli.kill('SIGKILL');
      await done;
      assert.equal((await listRuns(ws))[0]?.status, 'crashed', 'the verdict is written (and indexed)');
      // What the Python client does when it is stopped: flush its buffer into metrics.jsonl.
      appendFileSync(join(ws, '.runlens', 'runs', runId, 'metrics.jsonl'), `${JSON.stringify({ step: 6, metrics: { loss: 0.1 } })}\n`);
      const [listed] = await listRuns(ws);
      assert.equal(listed?.metrics.loss?.count, 6, 'the listing folds it in');
      assert.equal(listed?.metrics.loss?.last, 0.1);
      const shown = await RunStore.open(ws).getRun(runId);
      assert.equal(shown?.metrics.loss?.count, 6);
      assert.equal((await RunStore.open(ws).readSeries(runId, 'loss')).total, 6, 'summary and series agree');
    } finally {
      try { process.kill(-childPid, 'SIGKILL'); } catch { /* stopped already */ }
    }
  });
});
