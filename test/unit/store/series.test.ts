// Series: downsampling keeps extremes and non-finite values, reads catch up with metrics.jsonl
// when the supervisor died before ingesting, torn lines lose only themselves, tail offsets resume.
import * as assert from 'node:assert/strict';
import { appendFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { downsample } from '../../../src/core/series/downsample';
import { ingestRun } from '../../../src/core/series/ingest';
import { RunStore } from '../../../src/core/store/store';
import { tempWorkspace } from './helpers/util';

const base = { experiment: null, command: ['x'], shell: false, cwd: '/w', params: {}, env: {} };
const line = (step: number, v: number | string): string => `{"t": ${1000 + step}, "step": ${step}, "metrics": {"m": ${typeof v === 'string' ? v : v}}}\n`;

describe('series downsampling', () => {
  it('keeps every extreme of 1,000,000 points in 1,000 min/max buckets, and NaN/Inf visible', () => {
    const n = 1_000_000;
    const pts = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) pts.set([i, i, Math.sin(i / 1000)], i * 3);
    pts[123_456 * 3 + 2] = 50; // a spike
    pts[654_321 * 3 + 2] = -50;
    pts[700_001 * 3 + 2] = NaN;
    pts[800_002 * 3 + 2] = Infinity;
    const s = downsample('m', pts, 1000);
    assert.equal(s.total, n);
    assert.equal(s.values.length, 1000);
    assert.ok(s.downsampled);
    assert.equal(Math.max(...s.maxs.filter((v) => v !== Infinity)), 50);
    assert.equal(Math.min(...s.mins), -50);
    assert.equal(s.maxs[800], Infinity);
    assert.equal(s.nanCounts[700], 1);
    assert.equal(s.nanCounts.reduce((a, b) => a + b, 0), 1);
    assert.equal(s.steps[999], n - 1, 'the last point is the last bucket\'s');
    for (let b = 0; b < 1000; b++) assert.ok(s.mins[b]! <= s.values[b]! || Number.isNaN(s.values[b]!));
  });

  it('returns all points untouched when they fit, and rejects maxPoints < 1', () => {
    const s = downsample('m', Float64Array.from([0, 1, NaN, 1, 2, 3]), 10);
    assert.equal(s.downsampled, false);
    assert.deepEqual([...s.values], [NaN, 3]);
    assert.deepEqual([...s.nanCounts], [1, 0]);
    assert.throws(() => downsample('m', new Float64Array(3), 0), RangeError);
  });
});

describe('series reading', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let store: RunStore;
  beforeEach(() => { ws = tempWorkspace(); store = RunStore.open(ws.dir); });
  afterEach(() => ws.cleanup());

  it('reads points appended after the last ingest, and persists the catch-up once the run ended', async () => {
    const w = await store.createRun(base);
    await w.appendMetrics([{ time: 1, step: 0, values: { m: 0 } }]);
    await w.ingest();
    appendFileSync(w.metricsFile, line(1, 1) + line(2, 2));
    const live = await store.readSeries(w.id, 'm');
    assert.deepEqual([...live.values], [0, 1, 2]);
    const state = () => JSON.parse(readFileSync(join(w.dir, 'series', 'state.json'), 'utf8')) as { offset: number };
    const before = state().offset;
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
    appendFileSync(w.metricsFile, line(3, 3) + '{"t": 9, "metrics": {"m": 4}}'); // no trailing newline
    assert.deepEqual([...(await store.readSeries(w.id, 'm')).values], [0, 1, 2, 3, 4]);
    assert.ok(state().offset > before);
    assert.equal(state().offset, statSync(w.metricsFile).size);
  });

  it('loses only a torn line, even when the next append landed on the same line', async () => {
    const w = await store.createRun(base);
    appendFileSync(w.metricsFile, line(0, 0) + '{"t": 1001, "step": 1, "metr' + line(2, 2) + line(3, 'NaN') + '\n' + line(4, 4) + '{"t": 1');
    const m = await w.finish({ status: 'failed', exitCode: 1, signal: null });
    assert.deepEqual([...(await store.readSeries(w.id, 'm')).steps], [0, 2, 3, 4]);
    assert.equal(m.badMetricLines, 2, 'the torn line and the unterminated last line');
    assert.equal(m.metrics.m?.nonFinite, 1);
  });

  it('never duplicates points after an ingest interrupted between append and state save', async () => {
    const w = await store.createRun(base);
    appendFileSync(w.metricsFile, line(0, 0) + line(1, 1));
    await w.ingest();
    const file = join(w.dir, 'series', '0.f64');
    appendFileSync(file, readFileSync(file)); // as if an ingest appended, then died before saving state
    await w.ingest();
    appendFileSync(w.metricsFile, line(2, 2));
    await w.ingest();
    assert.deepEqual([...(await store.readSeries(w.id, 'm')).steps], [0, 1, 2]);
    writeFileSync(join(w.dir, 'series', 'state.json'), 'garbage'); // lost state: rebuilt from metrics.jsonl
    assert.equal((await ingestRun(w.dir))?.state.metrics[0]?.count, 3);
  });

  it('stores any metric name (slashes, dots, unicode, 200 chars) in ordinal files inside series/', async () => {
    const w = await store.createRun(base);
    const names = ['train/loss', '../../escape', 'точность 🎯', 'constructor', 'a'.repeat(200)];
    await w.appendMetrics([{ time: 1, step: 1, values: Object.fromEntries(names.map((n, i) => [n, i])) }]);
    const m = await w.finish({ status: 'finished', exitCode: 0, signal: null });
    assert.deepEqual(readdirSync(join(w.dir, 'series')).sort(), ['0.f64', '1.f64', '2.f64', '3.f64', '4.f64', 'state.json']);
    for (const [i, n] of names.entries()) {
      assert.deepEqual([...(await store.readSeries(w.id, n)).values], [i], n);
      assert.equal((Object.getOwnPropertyDescriptor(m.metrics, n)?.value as { last: number } | undefined)?.last, i);
    }
    assert.equal((await store.readSeries(w.id, 'unknown')).total, 0);
  });

  it('tails complete records from an offset, resuming where the last call stopped', async () => {
    const w = await store.createRun(base);
    appendFileSync(w.metricsFile, line(0, 0) + 'not json\n' + line(1, 1) + '{"t": 1002, "st');
    const first = await store.tailMetrics(w.id, 0);
    assert.deepEqual(first.records.map((r) => r.step), [0, 1]);
    assert.equal(first.bad, 1);
    appendFileSync(w.metricsFile, 'ep": 2, "metrics": {"m": 2}}\n');
    const second = await store.tailMetrics(w.id, first.offset);
    assert.deepEqual(second.records.map((r) => [r.step, r.time, r.values.m]), [[2, 1_002_000, 2]]);
    assert.equal(second.offset, statSync(w.metricsFile).size);
    assert.deepEqual((await store.tailMetrics(w.id, second.offset)).records, []);
  });
});
