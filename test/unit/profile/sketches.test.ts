// The sketches behind profiles: HyperLogLog within its error, KLL exact while small and mergeable,
// the reservoir exact up to its size, merged profiles equal to the profile of the concatenation.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HyperLogLog } from '../../../src/core/profile/hll';
import { KllSketch, quantileOf } from '../../../src/core/profile/kll';
import { mergeProfiles } from '../../../src/core/profile/merge';
import { profileFile } from '../../../src/core/profile/profileFile';
import { hashNumber, hashString, seededRandom } from '../../../src/core/profile/random';
import { Reservoir } from '../../../src/core/profile/reservoir';
import { fromSample, wasserstein } from '../../../src/core/drift/tests';

describe('profile sketches', () => {
  it('estimates distinct counts within 5 % and merges by union', () => {
    const a = new HyperLogLog();
    const b = new HyperLogLog();
    for (let i = 0; i < 50_000; i++) a.add(hashString(`k${i}`));
    for (let i = 25_000; i < 100_000; i++) b.add(hashString(`k${i}`));
    assert.ok(Math.abs(a.estimate() - 50_000) < 2_500, String(a.estimate()));
    a.merge(b);
    assert.ok(Math.abs(a.estimate() - 100_000) < 5_000, String(a.estimate()));
    const small = new HyperLogLog();
    for (const x of [1, 2, 3, 2, 1]) small.add(hashNumber(x));
    assert.equal(small.estimate(), 3);
    assert.equal(HyperLogLog.fromBase64(a.toBase64()).estimate(), a.estimate());
  });

  it('keeps KLL exact while small, and within 1 % rank error once compacted and merged', () => {
    const s = new KllSketch();
    for (let i = 100; i > 0; i--) s.add(i);
    assert.equal(quantileOf(s.items(), 0.5), 50);
    const random = seededRandom(7);
    const a = new KllSketch();
    const b = new KllSketch(400, 99);
    const all: number[] = [];
    for (let i = 0; i < 40_000; i++) {
      const x = random() * 1000;
      all.push(x);
      (i % 2 === 0 ? a : b).add(x);
    }
    a.merge(b);
    assert.equal(a.n, 40_000);
    all.sort((x, y) => x - y);
    for (const q of [0.01, 0.25, 0.5, 0.9, 0.99]) {
      const v = quantileOf(a.items(), q);
      const rank = all.findIndex((x) => x > v) / all.length;
      assert.ok(Math.abs(rank - q) < 0.01, `q${q}: rank ${rank}`);
    }
    assert.ok(a.toState().levels.flat().length < 1300, 'bounded size');
  });

  it('keeps KLL within 1 % rank error once its sampler skips values (2,000,000 sorted-then-reversed values)', () => {
    // Adversarial order for a sampler: ascending then descending runs, so a block's values are close.
    const n = 2_000_000;
    const s = new KllSketch();
    for (let i = 0; i < n / 2; i++) s.add(i);
    for (let i = n - 1; i >= n / 2; i--) s.add(i);
    assert.equal(s.n, n);
    const items = s.items();
    assert.ok(Math.abs(items.total - n) <= 64, `total weight ${items.total}`);
    for (const q of [0.001, 0.01, 0.25, 0.5, 0.75, 0.99, 0.999]) {
      const rank = quantileOf(items, q) / n;
      assert.ok(Math.abs(rank - q) < 0.01, `q${q}: rank ${rank}`);
    }
    assert.ok(items.values.length < 1300, `bounded size: ${items.values.length}`);
  });

  it('keeps the Wasserstein distance of 300,000 values from sketches within 0.02 std of the exact one', () => {
    // A shift of 0.1 std, right at Evidently's threshold, where the sketch's error decides verdicts.
    for (let seed = 1; seed <= 4; seed++) {
      const random = seededRandom(seed);
      const a = new KllSketch(undefined, seed);
      const b = new KllSketch(undefined, seed + 50);
      const xa = Float64Array.from({ length: 240_000 }, () => (random() + random() + random() - 1.5) * 20);
      const xb = Float64Array.from({ length: 60_000 }, () => 1 + (random() + random() + random() - 1.5) * 20);
      for (const x of xa) a.add(x);
      for (const x of xb) b.add(x);
      const exact = wasserstein(fromSample(Array.from(xa)), fromSample(Array.from(xb))) / 10;
      const sketched = wasserstein(a.items(), b.items()) / 10;
      assert.ok(Math.abs(sketched - exact) <= 0.02, `seed ${seed}: ${sketched} vs exact ${exact}`);
    }
  });

  it('samples every value up to its size, then stays at its size', () => {
    const r = new Reservoir(10);
    for (let i = 0; i < 10; i++) r.add(i);
    assert.deepEqual(r.values, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let i = 10; i < 10_000; i++) r.add(i);
    assert.equal(r.values.length, 10);
    assert.ok(r.values.some((v) => v >= 10), 'later values get in');
  });

  it('merges the profiles of two files into the profile of both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runlens-merge-'));
    try {
      const rows = (from: number, to: number): string => Array.from({ length: to - from }, (_, i) => `${from + i},${(from + i) % 3 === 0 ? 'a' : 'b'}`).join('\n');
      writeFileSync(join(dir, '1.csv'), `x,c\n${rows(0, 150)}\n`);
      writeFileSync(join(dir, '2.csv'), `x,c,extra\n${rows(150, 400).replace(/\n/g, ',1\n')},1\n`);
      writeFileSync(join(dir, 'all.csv'), `x,c\n${rows(0, 400)}\n`);
      const sha = '0'.repeat(64);
      const merged = mergeProfiles(sha, [await profileFile(join(dir, '1.csv'), sha, 0), await profileFile(join(dir, '2.csv'), sha, 0)]);
      const whole = await profileFile(join(dir, 'all.csv'), sha, 0);
      assert.equal(merged.rows, 400);
      const [mx, wx] = [merged.columns[0]!, whole.columns[0]!];
      assert.equal(mx.count, wx.count);
      assert.equal(mx.numeric!.min, wx.numeric!.min);
      assert.equal(mx.numeric!.max, wx.numeric!.max);
      assert.ok(Math.abs(mx.numeric!.mean - wx.numeric!.mean) < 1e-9);
      assert.ok(Math.abs(mx.numeric!.std - wx.numeric!.std) < 1e-9);
      assert.deepEqual(merged.columns[1]!.categories!.top, whole.columns[1]!.categories!.top);
      const extra = merged.columns[2]!;
      assert.equal(extra.missing, 150, 'rows of the file without the column count as missing');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
