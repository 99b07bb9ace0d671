// Text sparklines and the formatting of metric values, durations and relative times.
import * as assert from 'node:assert/strict';
import { formatAgo, formatBytes, formatDuration, formatEpochDate, formatMetric, parseSize, runDuration } from '../../../src/core/present/format';
import { isRunStatus, RUN_STATUSES } from '../../../src/core/model';
import { NEWEST_FIRST, parseSortKey } from '../../../src/core/query/sort';
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

  it('draws a lighter dotted line in Braille cells, two values per character', () => {
    // Levels 0,1 in the first cell's left and right columns, 2,3 in the second: a rising line.
    assert.equal(sparkline([0, 1, 2, 3], 16, 'dots'), '\u2860\u280a');
    // A flat series sits on the second row; a lone last value fills its whole cell.
    assert.equal(sparkline([2, 2, 2], 16, 'dots'), '\u2824\u2824');
    assert.equal(sparkline([1, NaN, 3, 4], 16, 'dots'), '×\u280a');
    const long = sparkline(Array.from({ length: 1000 }, (_, i) => i), 8, 'dots');
    assert.equal([...long].length, 8);
    assert.ok(/^[\u2800-\u28ff]+$/.test(long), 'only Braille cells, no block characters');
  });
});

describe('formatting', () => {
  it('formats metric values with four significant digits', () => {
    assert.equal(formatMetric(0.123456), '0.1235');
    assert.equal(formatEpochDate(Date.UTC(2024, 4, 1)), '2024-05-01');
    assert.equal(formatEpochDate(Date.UTC(2024, 4, 1, 14, 3, 20)), '2024-05-01T14:03:20Z');
    assert.equal(formatEpochDate(Date.UTC(2024, 4, 1, 14, 3, 20, 5)), '2024-05-01T14:03:20.005Z');
    assert.equal(formatEpochDate(Number.NaN), '');
    assert.equal(formatMetric(42), '42');
    assert.equal(formatMetric(1234.5678), '1235');
    assert.equal(formatMetric(0.00001234), '1.234e-5');
    assert.equal(formatMetric(NaN), 'NaN');
    assert.equal(formatMetric(-Infinity), '-Inf');
  });

  it('drops trailing zeros and rounds across a power of ten as the number itself would print', () => {
    assert.equal(formatMetric(0.5000001), '0.5');
    assert.equal(formatMetric(-0.25000001), '-0.25');
    assert.equal(formatMetric(9.99996), '10');
    assert.equal(formatMetric(12345.67), '12350');
    assert.equal(formatMetric(0.0010000001), '0.001');
    assert.equal(formatMetric(0.1 + 0.2, 6), '0.3');
    assert.equal(formatMetric(2.5e-3, 6), '0.0025');
    // Against the plain definition over the magnitudes written without an exponent.
    for (let i = 0; i < 2000; i++) {
      const v = Math.sin(i * 12.9898) * 10 ** ((i % 9) - 2);
      if (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6) continue;
      for (const digits of [4, 6]) assert.equal(formatMetric(v, digits), Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(digits))), `${v}`);
    }
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
    assert.equal(formatAgo('2026-01-10T11:59:50Z', now, true), 'now');
    assert.equal(formatAgo('2026-01-10T11:55:00Z', now, true), '5m ago');
    assert.equal(formatAgo('2026-01-08T12:00:00Z', now, true), '2d ago');
    assert.equal(runDuration({ startedAt: '2026-01-10T11:00:00Z', endedAt: '2026-01-10T11:30:00Z' }), 1_800_000);
  });
});

describe('one formatter, one status list, one sort syntax', () => {
  it('formats bytes in powers of 1024 with IEC units, the unit parseSize reads', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1024), '1.0 KiB');
    assert.equal(formatBytes(9588), '9.4 KiB');
    assert.equal(formatBytes(1.5 * 1024 ** 3), '1.5 GiB');
    assert.equal(formatBytes(500 * 1024 ** 2), '500 MiB');
    assert.equal(formatBytes(parseSize('2G')), '2.0 GiB');
  });

  it('knows every run status once', () => {
    assert.deepEqual([...RUN_STATUSES], ['queued', 'running', 'finished', 'failed', 'stopped', 'crashed']);
    assert.ok(isRunStatus('crashed'));
    assert.ok(!isRunStatus('done'));
  });

  it('parses sort keys: newest, name, METRIC[:asc|desc]', () => {
    assert.deepEqual(parseSortKey('newest'), NEWEST_FIRST);
    assert.deepEqual(parseSortKey('name'), { by: 'name' });
    assert.deepEqual(parseSortKey('loss'), { by: 'metric', metric: 'loss', direction: 'desc' });
    assert.deepEqual(parseSortKey('loss', 'asc'), { by: 'metric', metric: 'loss', direction: 'asc' });
    assert.deepEqual(parseSortKey('val:acc:ASC'), { by: 'metric', metric: 'val:acc', direction: 'asc' });
    assert.deepEqual(parseSortKey('name:desc'), { by: 'metric', metric: 'name', direction: 'desc' });
    assert.throws(() => parseSortKey(':asc'), /not a sort key/);
  });
});
