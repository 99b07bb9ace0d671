// Text sparklines and the formatting of metric values, durations and relative times.
import * as assert from 'node:assert/strict';
import { formatAgo, formatDuration, formatMetric, runDuration } from '../../../src/core/present/format';
import { sparkline } from '../../../src/views/present/sparkline';

describe('sparkline', () => {
  it('scales between the finite min and max', () => {
    assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
    assert.equal(sparkline([10, 5, 0]), '█▅▁');
  });

  it('marks non-finite values and keeps a flat series readable', () => {
    assert.equal(sparkline([1, NaN, Infinity, 3]), '▁××█');
    assert.equal(sparkline([2, 2, 2]), '▄▄▄');
    assert.equal(sparkline([]), '');
  });

  it('reduces long series to the width, keeping the last value of each bucket', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const s = sparkline(values, 10);
    assert.equal([...s].length, 10);
    assert.equal(s.at(-1), '█');
    assert.equal(s[0], '▁');
  });
});

describe('formatting', () => {
  it('formats metric values with four significant digits', () => {
    assert.equal(formatMetric(0.123456), '0.1235');
    assert.equal(formatMetric(42), '42');
    assert.equal(formatMetric(1234.5678), '1235');
    assert.equal(formatMetric(0.00001234), '1.234e-5');
    assert.equal(formatMetric(NaN), 'NaN');
    assert.equal(formatMetric(-Infinity), '-Inf');
  });

  it('formats durations and relative times', () => {
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(185_000), '3 m 05 s');
    assert.equal(formatDuration(7_800_000), '2 h 10 m');
    const now = Date.parse('2026-01-10T12:00:00Z');
    assert.equal(formatAgo('2026-01-10T11:59:50Z', now), 'just now');
    assert.equal(formatAgo('2026-01-10T11:55:00Z', now), '5 m ago');
    assert.equal(formatAgo('2026-01-08T12:00:00Z', now), '2 d ago');
    assert.equal(formatAgo('2025-01-08T12:00:00Z', now), '2025-01-08');
    assert.equal(formatAgo(null, now), '');
    assert.equal(runDuration({ startedAt: '2026-01-10T11:00:00Z', endedAt: '2026-01-10T11:30:00Z' }), 1_800_000);
  });
});
