// Many writers at once: 8 supervisor processes each writing 10,000 points into their own run of
// one store, with the listing read meanwhile; afterwards every point is present, in order.
import * as assert from 'node:assert/strict';
import { RunStore } from '../../../src/core/store/store';
import { runChild, tempWorkspace } from './helpers/util';

describe('store concurrency', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => { ws = tempWorkspace(); });
  afterEach(() => ws.cleanup());

  it('keeps every point of 8 processes writing 10,000 points each', async function () {
    this.timeout(60_000);
    const store = RunStore.open(ws.dir);
    const writers = Promise.all(Array.from({ length: 8 }, () => runChild('write', ws.dir, '10000')));
    // Readers list while writers write: a listing must never fail or show a torn run.
    let listings = 0;
    let done = false;
    const reading = (async () => {
      while (!done) {
        for (const m of await store.listRuns()) assert.ok(['queued', 'running', 'finished'].includes(m.status));
        listings++;
      }
    })();
    const ids = (await writers).map((o) => o.trim());
    done = true;
    await reading;
    assert.ok(listings > 0);
    const runs = await RunStore.open(ws.dir).listRuns();
    assert.equal(runs.length, 8);
    assert.deepEqual(new Set(runs.map((m) => m.id)), new Set(ids));
    for (const m of runs) {
      assert.equal(m.status, 'finished');
      assert.deepEqual(m.metrics.loss, { count: 10000, last: 9999, lastStep: 9999, min: 0, max: 9999, nonFinite: 0 });
      assert.equal(m.metrics['acc/val']?.count, 10000);
      const s = await store.readSeries(m.id, 'loss');
      assert.equal(s.total, 10000);
      assert.ok(s.values.every((v, i) => v === i && s.steps[i] === i), `points of ${m.id} missing or out of order`);
    }
  });

  it('appends from several writers to one metrics.jsonl without interleaving lines', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun({ experiment: null, command: ['x'], shell: false, cwd: ws.dir, params: {}, env: {} });
    const big = (k: number) => Array.from({ length: 200 }, (_, i) => ({ time: 1, step: k * 1000 + i, values: { [`m${k}`]: i, pad: 0.123456789 } }));
    await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((k) => w.appendMetrics(big(k))));
    const r = await w.finish({ status: 'finished', exitCode: 0, signal: null });
    assert.equal(r.badMetricLines, 0);
    assert.equal(r.metrics.pad?.count, 1600);
    for (let k = 0; k < 8; k++) assert.equal(r.metrics[`m${k}`]?.count, 200);
  });
});
