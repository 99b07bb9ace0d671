// Fuzzes the stdout parser with 10,000 seeded random lines (good records, malformed records,
// pattern lines, binary noise, over-long lines, mixed line endings) cut into random chunks:
// it must never throw, recover every good line exactly, and count exactly the bad ones.
import * as assert from 'node:assert/strict';
import { createStdoutParser } from '../../../src/core/metrics/stdout';
import { type MetricRecord } from '../../../src/core/metrics/record';

/** mulberry32: a tiny seeded PRNG, so a failure reproduces from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOW = 1_700_000_000_000;
const MAX_LINE = 4096;

function fuzz(seed: number, lines: number): void {
  const rnd = prng(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const names = ['loss', 'acc', 'val/loss', 'lr', 'ünï→code', 'x'.repeat(200), 'a b', 'grad_norm'];
  const value = (): number => pick([() => rnd() * 10 - 5, () => int(1000), () => NaN, () => Infinity, () => -Infinity, () => 1e-300, () => -0.5e21])();
  const jsonValue = (v: number): string => (Number.isNaN(v) ? pick(['"NaN"', 'NaN']) : v === Infinity ? pick(['"Infinity"', 'Infinity']) : v === -Infinity ? pick(['"-Infinity"', '-Infinity']) : JSON.stringify(v));
  const noiseByte = (): number => {
    const b = int(256);
    return b === 0x0a || b === 0x0d ? 0x20 : b;
  };

  const expected: MetricRecord[] = [];
  let expectedBad = 0;
  const parts: Buffer[] = [];
  for (let i = 0; i < lines; i++) {
    const kind = rnd();
    let line: Buffer;
    if (kind < 0.35) {
      const values: Record<string, number> = {};
      const fields: string[] = [];
      for (let k = 0, n = 1 + int(4); k < n; k++) {
        const name = pick(names);
        const v = value();
        values[name] = v;
        fields.push(`${JSON.stringify(name)}:${jsonValue(v)}`);
      }
      const step = rnd() < 0.8 ? int(100000) - 50 : null;
      const t = rnd() < 0.5 ? Math.round(rnd() * 2e9 * 1000) / 1000 : null;
      const head = [t === null ? '' : `"t":${t},`, step === null ? '' : `"step":${step},`].join('');
      const pad = pick(['', ' ', '  ']);
      line = Buffer.from(`@runlens${pick([' ', '\t'])}${pad}{${head}"metrics":{${fields.join(',')}}}${pad}`);
      expected.push({ time: t === null ? NOW : t * 1000, step, values });
    } else if (kind < 0.5) {
      const step = int(1000);
      const v = value();
      const text = Number.isNaN(v) ? pick(['nan', 'NaN']) : v === Infinity ? pick(['inf', 'Infinity']) : v === -Infinity ? '-inf' : String(v);
      line = Buffer.from(`${pick(['', '\x1b[2m'])}epoch ${step} loss=${text} done`);
      expected.push({ time: NOW, step, values: { loss: Number(text.replace(/^inf$/, 'Infinity').replace(/^-inf$/, '-Infinity').replace(/^nan$/, 'NaN')) } });
    } else if (kind < 0.65) {
      const good = `{"step":${int(9)},"metrics":{"loss":${int(9)}}}`;
      const broken = pick([
        () => good.slice(0, 1 + int(good.length - 2)),
        () => good.replace(/\d}}$/, '"high"}}'),
        () => good.replace('"metrics"', '"metricz"'),
        () => good.replace(/"step":\d/, '"step":"x"'),
        () => '{"metrics":{}}',
        () => '[1,2,3]',
        () => Buffer.from(Array.from({ length: 1 + int(40) }, noiseByte)).toString('latin1'),
      ])();
      line = Buffer.from(`@runlens ${broken}`, 'latin1');
      expectedBad++;
    } else if (kind < 0.7) {
      line = Buffer.from(`epoch ${int(99)} loss=${pick(['abc', '--', '1.2.3', 'e5'])} done`);
      expectedBad++;
    } else if (kind < 0.72) {
      line = Buffer.concat([Buffer.from('@runlens {"metrics":{"a":"'), Buffer.alloc(MAX_LINE + int(3 * MAX_LINE), 0x61), Buffer.from('"}}')]);
      expectedBad++;
    } else {
      const length = rnd() < 0.02 ? MAX_LINE * (1 + int(20)) : int(120);
      line = Buffer.from(Array.from({ length }, noiseByte));
      if (line[0] === 0x40) line[0] = 0x41; // never the marker by accident
    }
    parts.push(line, Buffer.from(pick(['\n', '\r\n', '\r'])));
  }
  const all = Buffer.concat(parts);
  const parser = createStdoutParser([{ regex: '^(?:\\x1b\\[2m)?epoch (?<step>\\d+) loss=(?<loss>\\S+) done$' }], () => NOW, { maxLineBytes: MAX_LINE });
  const got: MetricRecord[] = [];
  for (let at = 0; at < all.length; ) {
    const size = rnd() < 0.1 ? 1 + int(8) : 1 + int(8192);
    got.push(...parser.push(all.subarray(at, at + size)));
    at += size;
  }
  got.push(...parser.flush());
  assert.equal(got.length, expected.length, `seed ${seed}: record count`);
  for (let i = 0; i < got.length; i++) {
    const g = got[i];
    assert.deepStrictEqual(g && { ...g, values: { ...g.values } }, expected[i], `seed ${seed}: record ${i}`);
  }
  assert.equal(parser.badLines, expectedBad, `seed ${seed}: bad lines`);
}

describe('stdout parser fuzz', () => {
  it('recovers every good line and counts every bad one in 10,000 random lines', () => {
    fuzz(20240601, 10_000);
  });

  it('holds for other seeds too', () => {
    for (const seed of [1, 2, 3]) fuzz(seed, 2_000);
  });
});
