// The file-protocol record: parsing of values, non-finite numbers in both spellings, names that
// are also Object.prototype keys, and round trips through formatMetricRecord.
import * as assert from 'node:assert/strict';
import { formatMetricRecord, isBadLine, parseMetricRecord, type MetricRecord } from '../../../src/core/metrics/record';

function parse(line: string): MetricRecord {
  const r = parseMetricRecord(line, 5000);
  assert.ok(!isBadLine(r), isBadLine(r) ? r.error : '');
  return r;
}

describe('metric record', () => {
  it('reads time in seconds, step and values; falls back to the given time', () => {
    const r = parse('{"t": 1.5, "step": 3, "metrics": {"loss": 0.25, "ok": true}}');
    assert.equal(r.time, 1500);
    assert.equal(r.step, 3);
    assert.deepEqual({ ...r.values }, { loss: 0.25, ok: 1 });
    assert.equal(parse('{"metrics": {"x": 1}}').time, 5000);
  });

  it('keeps NaN and ±Infinity, quoted or bare as Python writes them', () => {
    const quoted = parse('{"metrics": {"a": "NaN", "b": "Infinity", "c": "-Infinity"}}');
    const bare = parse('{"metrics": {"a": NaN, "b": Infinity, "c": -Infinity}}');
    for (const r of [quoted, bare]) {
      assert.ok(Number.isNaN(r.values.a));
      assert.equal(r.values.b, Infinity);
      assert.equal(r.values.c, -Infinity);
    }
  });

  it('does not mistake NaN inside a string key for a token', () => {
    const r = parse('{"metrics": {"NaN-rate": NaN}}');
    assert.ok(Number.isNaN(r.values['NaN-rate']));
  });

  it('keeps metrics named like Object.prototype members', () => {
    const r = parse('{"metrics": {"__proto__": 1, "constructor": 2, "toString": 3}}');
    assert.deepEqual(Object.keys(r.values).sort(), ['__proto__', 'constructor', 'toString']);
    assert.equal(r.values['__proto__'], 1);
    const again = parse(formatMetricRecord(r).trimEnd());
    assert.equal(again.values['__proto__'], 1);
    assert.equal(again.values.constructor, 2);
  });

  it('round-trips through formatMetricRecord, non-finite values included', () => {
    const r: MetricRecord = { time: 1234.5, step: null, values: { loss: NaN, up: Infinity, v: -0.5 } };
    const line = formatMetricRecord(r);
    assert.ok(line.endsWith('\n'));
    const back = parse(line);
    assert.equal(back.time, 1234.5);
    assert.equal(back.step, null);
    assert.ok(Number.isNaN(back.values.loss));
    assert.equal(back.values.up, Infinity);
    assert.equal(back.values.v, -0.5);
  });

  it('rejects malformed lines with a reason', () => {
    for (const line of ['', 'nope', '[1]', '{"metrics": 3}', '{"metrics": {}}', '{"metrics": {"a": "x"}}', '{"step": "1", "metrics": {"a": 1}}', '{"t": "now", "metrics": {"a": 1}}']) {
      const r = parseMetricRecord(line, 0);
      assert.ok(isBadLine(r), `rejected: ${line}`);
      assert.ok(r.error.length > 0);
    }
  });
});
