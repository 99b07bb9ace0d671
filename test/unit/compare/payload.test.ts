// The Compare snapshot built from a real store: point budget per chart, min/max bands, goals and
// summaries, default baseline, notes for unreadable series; the protocol guards; and the local
// socket `runlens compare --open` talks to.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenOpenCompare, sendOpenCompare, type OpenCompareRequest } from '../../../src/core/compare/openRequest';
import { buildComparePayload, colorAt, compareRunOf, MAX_POINTS_PER_SERIES, pointsPerSeries } from '../../../src/views/compare/payload';
import { decodeFloat32 } from '../../../src/views/compare/wireSeries';
import { type RunManifest } from '../../../src/core/model';
import { readRunMetrics } from '../../../src/views/compare/runSeries';
import { readRunSeries } from '../../../src/core/series/read';
import { RunStore } from '../../../src/core/store/store';
import { isCompareFromWebview, isCompareToWebview } from '../../../src/protocol/compare';

describe('compare payload', function () {
  this.timeout(30_000);
  let dir: string;
  let store: RunStore;
  let runs: RunManifest[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runlens-compare-'));
    store = RunStore.open(dir);
    runs = [];
    for (const [i, lr] of [0.1, 0.3, 1].entries()) {
      const w = await store.createRun({ name: `run-${i}`, experiment: 'train', command: ['python', 'train.py'], shell: false, cwd: dir, params: { lr, epochs: 30, label: '<b>x</b>' }, env: {} });
      const records = Array.from({ length: 3000 }, (_, s) => ({ time: 1.7e12 + s * 1000, step: s, values: { val_loss: 1 / (s + 1) / lr, acc: s / 3000 } }));
      if (i === 2) records.push({ time: 1.7e12 + 4e6, step: 3000, values: { val_loss: NaN, acc: 1 } });
      await w.appendMetrics(records);
      runs.push(await w.finish({ status: 'finished', exitCode: 0, signal: null }));
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const read = (run: RunManifest, wanted: readonly { metric: string; maxPoints: number }[]) => readRunMetrics(store.runDir(run.id), run, wanted);

  it('gives each chart a point budget: 1,000 per series for few runs, fewer for many', () => {
    assert.equal(pointsPerSeries(2), MAX_POINTS_PER_SERIES);
    assert.equal(pointsPerSeries(50), 200);
    assert.equal(pointsPerSeries(200), 50);
    assert.equal(pointsPerSeries(100_000), 40);
  });

  it('builds the snapshot: params, goals, summaries, curves with bands, baseline', async () => {
    const s = await buildComparePayload({ folder: dir, runs, baseline: null, declared: { primary: 'val_loss', goal: 'min' }, readRun: read });
    assert.ok(isCompareToWebview(s), 'the snapshot passes the page\'s guard');
    assert.deepEqual(s.metrics, [{ name: 'val_loss', goal: 'min', primary: true }, { name: 'acc', goal: 'max', primary: false }]);
    assert.deepEqual(s.params, ['epochs', 'label', 'lr']);
    assert.deepEqual(s.differing, ['lr']);
    assert.equal(s.baseline, runs[0]?.id);
    assert.equal(s.sweep, true, 'three runs of one experiment varying lr');
    assert.deepEqual(s.runs.map((r) => r.color), [colorAt(0), colorAt(1), colorAt(2)]);
    const third = s.runs[2];
    const stats = third?.stats.find((x) => x.metric === 'val_loss');
    assert.equal(stats?.last, 'NaN', 'a NaN last value travels as a string');
    assert.equal(stats?.best, stats?.min);
    assert.equal(s.series.length, 6);
    const curve = s.series.find((x) => x.runId === runs[0]?.id && x.metric === 'val_loss');
    assert.ok(curve && curve.min && curve.max);
    assert.equal(curve.total, 3000);
    const values = decodeFloat32(curve.value);
    assert.equal(values.length, MAX_POINTS_PER_SERIES);
    assert.equal(decodeFloat32(curve.min)[0], Math.fround(1 / 3 / 0.1), 'the first bucket keeps its smallest value');
    assert.equal(decodeFloat32(curve.max)[0], Math.fround(10), 'and its largest');
    assert.equal(curve.t0, 1.7e12 + 2000, 't0: the time of the first bucket (its last point)');
    assert.deepEqual([...decodeFloat32(curve.time).slice(0, 3)], [0, 3, 6], 'times in seconds after t0, 3 points per bucket');
  });

  it('carries each run\'s code (the snapshot of a dirty tree) and its dataset and output hashes', () => {
    const run = runs[0];
    assert.ok(run);
    const dirty = {
      ...run,
      code: { status: 'ok', commit: 'a'.repeat(40), branch: 'main', detached: false, remote: null, dirty: true, changed: ['train.py'], untracked: [],
        shallow: false, worktree: false, submodules: [], warnings: [], durationMs: 1, snapshot: { ref: 'refs/runlens/x', commit: 'b'.repeat(40), tree: 'c'.repeat(40), files: 1, skipped: [] } },
      data: { hashing: true, warnings: [], datasets: [{ spec: 'data/', hash: 'd'.repeat(64), files: 2, bytes: 10, errors: 0, skipped: 0, missing: false }],
        outputs: [{ spec: 'model.pt', hash: 'e'.repeat(64), files: 1, bytes: 5, errors: 0, skipped: 0, missing: false }] },
    } as RunManifest;
    const wire = compareRunOf(dirty, 0, []);
    assert.deepEqual(wire.code, { commit: 'a'.repeat(40), branch: 'main', dirty: true, snapshot: 'b'.repeat(40) });
    assert.deepEqual(wire.data, [{ kind: 'dataset', spec: 'data/', hash: 'd'.repeat(64) }, { kind: 'output', spec: 'model.pt', hash: 'e'.repeat(64) }]);
    const plain = compareRunOf({ ...run, code: null, data: null }, 1, []);
    assert.equal(plain.code, null);
    assert.deepEqual(plain.data, []);
    const snapshot = { type: 'snapshot', folder: '/w', runs: [wire], baseline: null, metrics: [], params: [], differing: [], series: [], maxPoints: 1, sweep: false, notes: [] };
    assert.ok(isCompareToWebview(snapshot), 'the page accepts it');
    assert.ok(!isCompareToWebview({ ...snapshot, runs: [{ ...wire, data: [{ kind: 'model', spec: 'x', hash: 'y' }] }] }), 'and checks it');
  });

  it('keeps the chosen baseline, and turns an unreadable series into a note', async () => {
    const s = await buildComparePayload({
      folder: dir, runs, baseline: runs[1]?.id ?? null, declared: undefined, notes: ['gone'],
      readRun: (run, wanted) => (run === runs[2] ? Promise.reject(new Error('disk on fire')) : read(run, wanted)),
    });
    assert.equal(s.baseline, runs[1]?.id);
    assert.equal(s.series.length, 4);
    assert.deepEqual(s.notes, ['gone', 'The curves of run-2 could not be read: disk on fire']);
    assert.equal(s.metrics.find((m) => m.name === 'val_loss')?.primary, false, 'no declared primary metric');
  });

  it('reads a finished run\'s metrics from its series files, and a live run\'s through the general reader', async () => {
    const run = runs[1];
    assert.ok(run);
    const wanted = [{ metric: 'acc', maxPoints: 100 }, { metric: 'nope', maxPoints: 100 }, { metric: 'val_loss', maxPoints: 3000 }];
    const fast = await readRunMetrics(store.runDir(run.id), run, wanted);
    const general = await Promise.all(wanted.map((w) => readRunSeries(store.runDir(run.id), w.metric, { maxPoints: w.maxPoints, terminal: true })));
    assert.deepEqual(fast, general);
    assert.deepEqual(fast.map((x) => [x.metric, x.total, x.values.length]), [['acc', 3000, 100], ['nope', 0, 0], ['val_loss', 3000, 3000]]);
    const live = await readRunMetrics(store.runDir(run.id), { ...run, status: 'running' }, wanted);
    assert.deepEqual(live, general);
  });

  it('rejects malformed messages from the page', () => {
    assert.ok(isCompareFromWebview({ type: 'ready' }));
    assert.ok(isCompareFromWebview({ type: 'setRuns', ids: ['a'] }));
    assert.ok(!isCompareFromWebview({ type: 'setRuns', ids: [1] }));
    assert.ok(!isCompareFromWebview({ type: 'exportPng', metric: 'x', dataUrl: 'javascript:alert(1)' }));
    assert.ok(!isCompareFromWebview({ type: 'exportCsv', table: 'secrets', csv: '' }));
    assert.ok(!isCompareFromWebview({ type: 'viewState', state: { folder: '/', ids: [], baseline: null, xAxis: 'step', smoothing: 1, logScale: false, onlyDiff: true, scatterParam: null, scatterMetric: null } }), 'smoothing must be < 1');
    const state = { folder: '/', ids: [], baseline: null, xAxis: 'step', smoothing: 0, logScale: false, onlyDiff: true, scatterParam: null, scatterMetric: null };
    assert.ok(isCompareFromWebview({ type: 'viewState', state }), 'a state saved before summary columns existed');
    assert.ok(isCompareFromWebview({ type: 'viewState', state: { ...state, summaryColumns: ['last', 'best'] } }));
    assert.ok(!isCompareFromWebview({ type: 'viewState', state: { ...state, summaryColumns: ['median'] } }), 'only the four summaries');
    assert.ok(!isCompareFromWebview({ type: 'nope' }));
    assert.ok(!isCompareFromWebview(null));
  });

  it('carries an open request over the local socket and answers it', async () => {
    const sock = join(dir, 'c.sock');
    const seen: OpenCompareRequest[] = [];
    const server = await listenOpenCompare(sock, (r) => {
      seen.push(r);
      return Promise.resolve(r.ids.includes('missing') ? { ok: false, error: 'no run missing' } : { ok: true });
    });
    try {
      assert.deepEqual(await sendOpenCompare(sock, { folder: dir, ids: ['a', 'b'], baseline: 'a' }), { ok: true });
      assert.deepEqual(await sendOpenCompare(sock, { folder: dir, ids: ['missing'] }), { ok: false, error: 'no run missing' });
      assert.deepEqual(seen.map((r) => r.ids), [['a', 'b'], ['missing']]);
      await assert.rejects(sendOpenCompare(join(dir, 'nobody.sock'), { folder: dir, ids: ['a'] }));
    } finally {
      server.close();
    }
  });
});
