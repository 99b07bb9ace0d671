// The marker fast path must be invisible: on any stream split into any chunks it yields exactly
// the records and bad-line counts of the full stdout parser.
import * as assert from 'node:assert/strict';
import { createStdoutParser } from '../../../src/core/metrics/stdout';
import { markerLinesOnly } from '../../../src/core/runner/markerFilter';

/** A small deterministic PRNG so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [
  '@runlens {"step":1,"metrics":{"loss":0.5}}', '@runlens {"metrics":{"acc":NaN}}', '@runlens {bad json',
  '@runlens', '@runlens\t{"metrics":{"x":1}}', '@runlensX {"metrics":{"x":1}}', 'noise @runlens {"metrics":{"y":2}}',
  'plain output line', '', 'epoch 3 loss=0.21', '@run', 'lens {"metrics":{"z":3}}', '\x1b[32mgreen\x1b[0m',
];
const ENDS = ['\n', '\r\n', '\r', ''];

function randomStream(rand: () => number, lines: number): Buffer {
  let s = '';
  for (let i = 0; i < lines; i++) {
    s += PIECES[Math.floor(rand() * PIECES.length)] ?? '';
    s += ENDS[Math.floor(rand() * ENDS.length)] ?? '';
  }
  return Buffer.from(s);
}

function chunks(buf: Buffer, rand: () => number): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const n = 1 + Math.floor(rand() * (rand() < 0.5 ? 12 : 200));
    out.push(buf.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}

describe('markerLinesOnly', () => {
  it('matches the full parser on 500 random streams and chunkings', () => {
    const rand = rng(42);
    const now = (): number => 1000;
    for (let round = 0; round < 500; round++) {
      const stream = randomStream(rand, 1 + Math.floor(rand() * 40));
      const full = createStdoutParser([], now, { maxLineBytes: 64 });
      const fast = markerLinesOnly(createStdoutParser([], now, { maxLineBytes: 64 }));
      const expected = [...full.push(stream), ...full.flush()];
      const got = chunks(stream, rand).flatMap((c) => fast.push(c));
      got.push(...fast.flush());
      assert.deepEqual(got, expected, `round ${round}: ${JSON.stringify(stream.toString())}`);
      assert.equal(fast.badLines, full.badLines, `round ${round} bad lines`);
    }
  });

  it('finds a marker split across chunks right after a line end', () => {
    const fast = markerLinesOnly(createStdoutParser([], () => 5));
    const parts = ['out\n@ru', 'nlens {"step":2,"metr', 'ics":{"a":1}}\nmore\n'];
    const records = parts.flatMap((p) => fast.push(Buffer.from(p)));
    assert.deepEqual(records.map((r) => ({ ...r, values: { ...r.values } })), [{ time: 5, step: 2, values: { a: 1 } }]);
  });

  it('ignores a marker in the middle of a line', () => {
    const fast = markerLinesOnly(createStdoutParser([]));
    assert.deepEqual(fast.push(Buffer.from('x @runlens {"metrics":{"a":1}}\n')), []);
    assert.equal(fast.badLines, 0);
  });
});
