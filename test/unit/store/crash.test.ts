// Crash detection: a supervisor killed with SIGKILL (pid dead on this host) or silent for longer
// than the heartbeat threshold is reported crashed, persisted once, with its metrics caught up.
import * as assert from 'node:assert/strict';
import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore } from '../../../src/core/store/store';
import { exited, startChild, tempWorkspace } from './helpers/util';

const base = { experiment: null, command: ['x'], shell: false, cwd: '/w', params: {}, env: {} };

describe('store crash detection', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => { ws = tempWorkspace(); });
  afterEach(() => ws.cleanup());

  it('marks the run of a supervisor killed with SIGKILL as crashed, metrics caught up', async function () {
    this.timeout(20_000);
    const { child, line: id } = await startChild('hang', ws.dir);
    const store = RunStore.open(ws.dir);
    assert.equal((await store.getRun(id))?.status, 'running', 'alive supervisor: still running');
    const pid = child.pid!;
    child.kill('SIGKILL');
    await exited(child);
    const [m] = await store.listRuns();
    assert.equal(m?.id, id);
    assert.equal(m?.status, 'crashed');
    assert.match(m?.error ?? '', new RegExp(`supervisor \\(pid ${pid}\\) is no longer running`));
    assert.ok(m?.endedAt);
    // The point appended after the last ingest is folded in by the reader's catch-up.
    assert.deepEqual(m?.metrics.loss, { count: 2, last: 0.5, lastStep: 1, min: 0.5, max: 1, nonFinite: 0 });
    // Persisted: the file on disk says crashed, and a fresh store agrees (from the index).
    const disk = JSON.parse(readFileSync(join(ws.dir, '.runlens', 'runs', id, 'run.json'), 'utf8')) as { status: string };
    assert.equal(disk.status, 'crashed');
    assert.equal((await RunStore.open(ws.dir).listRuns({ status: ['crashed'] })).length, 1);
  });

  it('marks a run crashed when its heartbeat is older than 30 s, and not before', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun(base);
    // A supervisor on another host: its pid cannot be checked here, only its heartbeat.
    await w.markStarted({ host: 'elsewhere.invalid', supervisorPid: 1, childPid: null }, {});
    assert.equal((await store.getRun(w.id))?.status, 'running');
    const old = new Date(Date.now() - 45_000);
    utimesSync(join(w.dir, 'heartbeat'), old, old);
    const m = await store.getRun(w.id);
    assert.equal(m?.status, 'crashed');
    assert.match(m?.error ?? '', /No heartbeat from the supervisor \(pid 1 on elsewhere.invalid\) for 45 s/);
  });

  it('lets a live supervisor that was wrongly marked crashed finish normally', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun(base);
    await w.markStarted({ host: 'elsewhere.invalid', supervisorPid: 1, childPid: null }, {});
    const old = new Date(Date.now() - 45_000);
    utimesSync(join(w.dir, 'heartbeat'), old, old);
    assert.equal((await store.listRuns())[0]?.status, 'crashed'); // cached in the index as terminal
    await w.heartbeat();
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
    assert.equal((await store.listRuns())[0]?.status, 'finished');
  });

  it('reports a queued run whose queue owner died (a sweep killed with -9) as never started', async function () {
    this.timeout(20_000);
    const { child, line } = await startChild('queue', ws.dir);
    const [waiting, started] = line.split(' ');
    const store = RunStore.open(ws.dir);
    assert.equal((await store.getRun(waiting ?? ''))?.status, 'queued', 'its owner is alive: still queued');
    const pid = child.pid!;
    child.kill('SIGKILL');
    await exited(child);
    const m = await store.getRun(waiting ?? '');
    assert.equal(m?.status, 'crashed');
    assert.match(m?.error ?? '', new RegExp(`never started: the process that queued it \\(pid ${pid}, a sweep\\)`));
    assert.equal(m?.startedAt, null);
    // The run its owner had started is judged by its own supervisor (here the same dead process).
    assert.equal((await store.getRun(started ?? ''))?.status, 'crashed');
    assert.equal((JSON.parse(readFileSync(join(ws.dir, '.runlens', 'runs', waiting ?? '', 'run.json'), 'utf8')) as { status: string }).status, 'crashed');
  });
});
