// Curves of the Compare view: the wire encoding, live points appended without repeats, halving
// into min/max buckets, x values by step, time and relative time, alignment across runs, smoothing.
import * as assert from 'node:assert/strict';
import { encodeFloat32, toWireSeries } from '../../../src/views/compare/wireSeries';
import { downsample } from '../../../src/core/series/downsample';
import { alignAt, appendPoints, decodeFloat32, ema, fromWire, halve, nearestIndex, type RunSeries, xValues } from '../../../webview/compare/series';

function series(runId: string, steps: number[], times: number[], values: number[]): RunSeries {
  return { runId, metric: 'loss', total: steps.length, step: [...steps], time: [...times], value: [...values], min: null, max: null };
}

describe('compare series', () => {
  it('round-trips Float32 columns, NaN and infinities included', () => {
    assert.deepEqual(decodeFloat32(encodeFloat32([1.5, NaN, Infinity, -Infinity, -2])), [1.5, NaN, Infinity, -Infinity, -2]);
  });

  it('decodes a downsampled series with its min/max bands and absolute times', () => {
    const points: number[] = [];
    for (let i = 0; i < 10; i++) points.push(i, 1_700_000_000_000 + i * 1500, i % 2 ? 10 - i : i);
    const s = fromWire(toWireSeries('r1', downsample('loss', Float64Array.from(points), 5)));
    assert.equal(s.total, 10);
    assert.deepEqual(s.step, [1, 3, 5, 7, 9]);
    assert.deepEqual(s.value, [9, 7, 5, 3, 1]);
    // Points (value): 0 9 | 2 7 | 4 5 | 6 3 | 8 1
    assert.deepEqual(s.min, [0, 2, 4, 3, 1]);
    assert.deepEqual(s.max, [9, 7, 5, 6, 8]);
    assert.deepEqual(s.time, [1, 3, 5, 7, 9].map((i) => 1_700_000_000_000 + i * 1500));
    const plain = fromWire(toWireSeries('r1', downsample('loss', Float64Array.from(points))));
    assert.equal(plain.min, null, 'no band columns when every point is its own bucket');
  });

  it('appends live points, dropping those the snapshot already had', () => {
    const s = series('r', [0, 1], [1000, 2000], [1, 0.9]);
    const added = appendPoints(s, { metric: 'loss', step: [1, 2, 3], time: [2000, 3000, 4000], value: [0.9, 'NaN', 0.7] }, 100);
    assert.equal(added, 2);
    assert.deepEqual(s.step, [0, 1, 2, 3]);
    assert.ok(Number.isNaN(s.value[2]));
    assert.equal(s.total, 4);
    assert.equal(appendPoints(s, { metric: 'loss', step: [null], time: [500], value: [5] }, 100), 0, 'an older point is a repeat');
  });

  it('halves a series past twice its budget, keeping every extreme in the bands', () => {
    const s = series('r', [], [], []);
    const values = [5, 1, 4, 9, 2, 2, 7, 3, 0, 6];
    appendPoints(s, { metric: 'loss', step: values.map((_, i) => i), time: values.map((_, i) => 1000 + i), value: values }, 4);
    assert.equal(s.value.length, 5, '10 points > 2 × 4: halved');
    assert.deepEqual(s.value, [1, 9, 2, 3, 6]);
    assert.deepEqual(s.min, [1, 4, 2, 3, 0]);
    assert.deepEqual(s.max, [5, 9, 2, 7, 6]);
    assert.deepEqual(s.step, [1, 3, 5, 7, 9]);
    halve(s);
    assert.deepEqual(s.min, [1, 2]);
    assert.deepEqual(s.max, [9, 7]);
  });

  it('places points by step (index when none), wall time, or seconds since the run started', () => {
    const s = series('r', [NaN, NaN, 10], [5000, 6000, 9000], [1, 2, 3]);
    assert.deepEqual(xValues(s, 'step', null), [0, 1, 10]);
    assert.deepEqual(xValues(s, 'time', null), [5000, 6000, 9000]);
    assert.deepEqual(xValues(s, 'relative', 4000), [1, 2, 5]);
    assert.deepEqual(xValues(s, 'relative', null), [0, 1, 4], 'from the first point without a start time');
  });

  it('aligns runs by step: each run\'s value at the nearest step', () => {
    const a = series('a', [0, 10, 20, 30], [0, 1, 2, 3], [1, 0.8, 0.6, 0.4]);
    const b = series('b', [0, 5, 10, 15], [0, 1, 2, 3], [2, 1.5, 1.2, 1.1]);
    const at = alignAt([a, b], 'step', 11, () => null);
    assert.deepEqual(at.map((v) => [v.runId, v.x, v.value]), [['a', 10, 0.8], ['b', 10, 1.2]]);
    assert.deepEqual(alignAt([a, b], 'step', 30, () => null, 5).map((v) => v.runId), ['a'], 'b ended at step 15');
  });

  it('aligns runs by time: absolute clock, or relative to each run\'s own start', () => {
    const a = series('a', [0, 1, 2], [100_000, 160_000, 220_000], [1, 2, 3]);
    const b = series('b', [0, 1, 2], [400_000, 430_000, 460_000], [7, 8, 9]);
    const starts: Record<string, number> = { a: 100_000, b: 400_000 };
    assert.deepEqual(alignAt([a, b], 'relative', 60, (id) => starts[id] ?? null).map((v) => [v.runId, v.value]), [['a', 2], ['b', 9]]);
    assert.deepEqual(alignAt([a, b], 'time', 430_000, () => null, 10_000).map((v) => [v.runId, v.value]), [['b', 8]]);
  });

  it('finds the nearest index by binary search', () => {
    assert.equal(nearestIndex([], 3), -1);
    assert.equal(nearestIndex([0, 10, 20], -5), 0);
    assert.equal(nearestIndex([0, 10, 20], 14), 1);
    assert.equal(nearestIndex([0, 10, 20], 16), 2);
    assert.equal(nearestIndex([0, 10, 20], 99), 2);
  });

  it('smooths like TensorBoard: debiased EMA, non-finite values passed through', () => {
    assert.deepEqual(ema([1, 2, 3], 0), [1, 2, 3]);
    const s = ema([1, 1, 1], 0.9);
    for (const v of s) assert.ok(Math.abs(v - 1) < 1e-12, 'a constant stays constant (debiased)');
    const t = ema([0, 10, NaN, 10], 0.5);
    assert.ok(Math.abs((t[1] as number) - 10 * 0.5 / 0.75) < 1e-12);
    assert.ok(Number.isNaN(t[2]));
    assert.ok((t[3] as number) > (t[1] as number) && (t[3] as number) < 10);
  });
});
