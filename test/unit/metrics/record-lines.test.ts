// The params and summary lines of the file protocol (written by runlens.log_params / summary):
// parsed as records of their own, never counted as bad lines.
import * as assert from 'node:assert/strict';
import { isBadLine, parseMetricRecord } from '../../../src/core/metrics/record';

describe('metrics.jsonl params and summary lines', () => {
  it('parses a params line into params with no metric values', () => {
    const r = parseMetricRecord('{"t":10,"params":{"lr":0.01,"name":"x","on":true,"none":null,"list":[1,2]}}', 0);
    assert.ok(!isBadLine(r));
    assert.deepEqual({ ...r, values: { ...r.values }, params: { ...r.params } }, { time: 10_000, step: null, values: {}, params: { lr: 0.01, name: 'x', on: true, none: null, list: '[1,2]' } });
    const proto = parseMetricRecord('{"params":{"__proto__":"x"}}', 0);
    assert.ok(!isBadLine(proto));
    assert.deepEqual(Object.entries(proto.params ?? {}), [['__proto__', 'x']]);
  });

  it('parses a summary line into values flagged as a summary', () => {
    const r = parseMetricRecord('{"t":2,"step":null,"summary":{"test_acc":0.93,"x":"NaN"}}', 0);
    assert.ok(!isBadLine(r));
    assert.equal(r.summary, true);
    assert.equal(r.values.test_acc, 0.93);
    assert.ok(Number.isNaN(r.values.x));
  });

  it('still rejects lines that are neither', () => {
    for (const line of ['{"params":[1]}', '{"summary":{}}', '{"params":{"":1}}', '{"t":"x","params":{"a":1}}', '{}']) {
      assert.ok(isBadLine(parseMetricRecord(line, 0)), line);
    }
  });

  it('a metrics line keeps its meaning when it also carries other keys', () => {
    const r = parseMetricRecord('{"metrics":{"a":1},"params":{"b":2}}', 5);
    assert.ok(!isBadLine(r));
    assert.deepEqual({ ...r, values: { ...r.values } }, { time: 5, step: null, values: { a: 1 } });
  });
});
