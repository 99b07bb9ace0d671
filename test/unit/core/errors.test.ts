// The error helpers every layer uses: one message for anything thrown, and best-effort work whose
// failure reaches a sink instead of vanishing.
import * as assert from 'node:assert/strict';
import { bestEffort, bestEffortSync, debugSink, errorMessage, type ErrorSink } from '../../../src/core/errors';

function recorder(): { sink: ErrorSink; seen: string[] } {
  const seen: string[] = [];
  return { sink: (what, message) => seen.push(`${what}: ${message}`), seen };
}

describe('errorMessage', () => {
  it('takes an Error\'s message, a string as is, and anything else as JSON or text', () => {
    assert.equal(errorMessage(new TypeError('bad type')), 'bad type');
    assert.equal(errorMessage('plain'), 'plain');
    assert.equal(errorMessage({ code: 'EACCES' }), '{"code":"EACCES"}');
    assert.equal(errorMessage(42), '42');
    assert.equal(errorMessage(undefined), 'undefined');
    assert.equal(errorMessage(null), 'null');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    assert.equal(errorMessage(circular), '[object Object]');
  });
});

describe('bestEffort', () => {
  it('returns the work\'s result and reports nothing when it succeeds', async () => {
    const { sink, seen } = recorder();
    assert.equal(await bestEffort('count', Promise.resolve(3), sink), 3);
    assert.equal(await bestEffort('count', () => Promise.resolve(4), sink, 0), 4);
    assert.deepEqual(seen, []);
  });

  it('reports a rejected promise, a throwing function and a synchronous throw to the sink, with the fallback', async () => {
    const { sink, seen } = recorder();
    assert.equal(await bestEffort('save the cache', Promise.reject(new Error('disk full')), sink), undefined);
    assert.deepEqual(await bestEffort('list the trash', () => { throw new Error('EACCES'); }, sink, []), []);
    assert.equal(bestEffortSync('parse', () => JSON.parse('{') as unknown, sink, null), null);
    assert.equal(bestEffortSync('parse', () => JSON.parse('1') as unknown, sink, null), 1);
    assert.equal(seen.length, 3);
    assert.deepEqual(seen.slice(0, 2), ['save the cache: disk full', 'list the trash: EACCES']);
    assert.match(seen[2] ?? '', /^parse: .*JSON/);
  });
});

describe('debugSink', () => {
  it('writes one line per failure only under RUNLENS_DEBUG', () => {
    const lines: string[] = [];
    debugSink((l) => lines.push(l), {})('save the cache', 'disk full');
    assert.equal(lines.length, 0);
    debugSink((l) => lines.push(l), { RUNLENS_DEBUG: '1' })('save the cache', 'disk full');
    assert.deepEqual(lines, ['runlens: debug: could not save the cache: disk full']);
  });
});
