// `runlens sweep` and `runlens run --queued/--python` through the real built CLI: queued runs are
// in the store before any starts, keep their id and name when they run, a run removed while
// queued is skipped, and --python replaces a bare python.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore } from '../../../src/core/store/store';
import { cleanup, cliEnv, listRuns, runCli, startCli, collect, tempWorkspace, waitFor } from '../cli/harness';

const SCRIPT = 'import json, os, sys, time\ntime.sleep(float(sys.argv[2]))\nprint("lr", sys.argv[1])\n';
const CONFIG = [
  'experiments:',
  '  train:',
  '    command: python3 slow.py ${lr} ${delay}',
  '    params: {lr: 0.1, delay: 0}',
  '    sweep:',
  '      lr: [0.1, 0.2, 0.3]',
  '',
].join('\n');

describe('runlens sweep', function () {
  this.timeout(60_000);
  let ws: string;

  beforeEach(() => {
    ws = tempWorkspace({ 'runlens.yaml': CONFIG, 'slow.py': SCRIPT });
  });
  afterEach(() => cleanup(ws));

  it('queues the experiment\'s sweep and runs every point, reusing the queued records', async () => {
    const r = await runCli(['sweep', 'train'], ws);
    assert.equal(r.code, 0, r.stderr);
    const runs = await listRuns(ws);
    assert.equal(runs.length, 3, 'one record per point, none created by the runs themselves');
    assert.deepEqual(runs.map((m) => m.params.lr).sort(), [0.1, 0.2, 0.3]);
    assert.ok(runs.every((m) => m.status === 'finished' && m.experiment === 'train'));
    for (const m of runs) assert.match(r.stderr, new RegExp(`queued ${m.name} \\(lr=${m.params.lr}\\)[\\s\\S]*run ${m.name} \\(${m.id}\\) started`));
    assert.match(r.stderr, /sweep of train: 3 runs, 0 skipped/);
  });

  it('run -p with several values of a number param queues a sweep, as the editor does', async () => {
    const r = await runCli(['run', 'train', '-p', 'lr=1e-4,1e-3', '-p', 'delay=0'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /queuing a sweep, as "runlens sweep train --grid lr=1e-4,1e-3" does/);
    const runs = await listRuns(ws);
    assert.deepEqual(runs.map((m) => m.params.lr).sort(), [1e-4, 1e-3]);
    assert.ok(runs.every((m) => m.status === 'finished' && m.params.delay === 0));
    assert.match(r.stderr, /sweep of train: 2 runs, 0 skipped/);
    // A sweep has no single name: refused with the equivalent command.
    const named = await runCli(['run', 'train', '-p', 'lr=1,2', '--name', 'x'], ws);
    assert.equal(named.code, 2);
    assert.match(named.stderr, /runlens sweep train --grid lr=1,2/);
    assert.equal((await listRuns(ws)).length, 2, 'nothing recorded for the refused one');
  });

  it('shows queued runs at once and skips one removed while it waits', async () => {
    const proc = startCli(['sweep', 'train', '--grid', 'lr=1,2,3', '-p', 'delay=1'], ws);
    const done = collect(proc);
    const queued = await waitFor('three runs, two of them queued', async () => {
      const runs = await listRuns(ws).catch(() => []);
      return runs.length === 3 && runs.filter((m) => m.status === 'queued').length === 2 ? runs : undefined;
    });
    const last = queued.find((m) => m.params.lr === 3);
    assert.ok(last && last.status === 'queued');
    const rm = await runCli(['rm', last.id], ws);
    assert.equal(rm.code, 0, rm.stderr);
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`skipped ${last.name}: cancelled while queued`));
    assert.match(r.stderr, /2 runs, 1 skipped/);
    const runs = await listRuns(ws);
    assert.deepEqual(runs.map((m) => [m.params.lr, m.status]).sort(), [[1, 'finished'], [2, 'finished']]);
  });

  it('refuses what it cannot sweep, with the usual exit codes', async () => {
    writeFileSync(join(ws, 'runlens.yaml'), 'experiments:\n  a:\n    command: python3 slow.py ${lr} 0\n    params: {lr: 1}\n');
    assert.equal((await runCli(['sweep', 'a'], ws)).code, 2, 'no sweep: and no --grid');
    assert.equal((await runCli(['sweep', 'nope'], ws)).code, 3);
    const bad = await runCli(['sweep', 'a', '--grid', 'epochs=1,2'], ws);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown param "epochs"/);
    assert.equal((await listRuns(ws)).length, 0, 'nothing queued on errors');
  });

  it('run --queued starts only a queued run, and --python replaces a bare python', async () => {
    const store = RunStore.open(ws);
    const w = await store.createRun({ experiment: 'train', command: ['python', 'slow.py', '7', '0'], shell: false, cwd: ws, params: { lr: 7, delay: 0 }, env: {}, status: 'queued' });
    const r = await runCli(['run', '--queued', w.id, '--python', 'python3'], ws);
    assert.equal(r.code, 0, r.stderr);
    const m = await store.getRun(w.id);
    assert.equal(m?.status, 'finished');
    assert.equal(m?.name, w.manifest().name);
    assert.deepEqual(m?.command, ['python', 'slow.py', '7', '0'], 'the record keeps the queued command');
    const again = await runCli(['run', '--queued', w.id], ws);
    assert.equal(again.code, 5, 'a finished run cannot be started again');
    assert.match(again.stderr, /is finished, not queued/);

    const raw = await runCli(['run', '--python', 'python3', '--', 'python', '-c', 'import sys; print(sys.argv)'], ws);
    assert.equal(raw.code, 0, raw.stderr);
    const adhoc = (await listRuns(ws)).find((x) => x.experiment === null);
    assert.equal(adhoc?.command[0], 'python3');
  });

  it('keeps the editor\'s hold request to itself: the run never sees it, and without a terminal nothing waits', async () => {
    const r = await runCli(['run', '--', 'python3', '-c', 'import os, sys; print(os.environ.get("RUNLENS_HOLD_TERMINAL")); sys.exit(3)'], ws,
      cliEnv({ RUNLENS_HOLD_TERMINAL: '1' }));
    assert.equal(r.code, 3, 'stdin is not a terminal: no hold, the run\'s own exit code');
    assert.equal(r.out.trim(), 'None');
  });
});
