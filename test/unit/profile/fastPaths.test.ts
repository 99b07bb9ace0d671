// The profiling pass's fast paths give what the plain ones give: the radix sort of the KLL buffers,
// the one read buffer reused across chunks (rows and the hashed bytes across chunk boundaries), and
// numbers folded into the statistics in batches, and batches added to a KLL sketch and a HyperLogLog.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HyperLogLog } from '../../../src/core/profile/hll';
import { KllSketch } from '../../../src/core/profile/kll';
import { NumericAccumulator } from '../../../src/core/profile/numeric';
import { profileFile } from '../../../src/core/profile/profileFile';
import { hashNumber, seededRandom } from '../../../src/core/profile/random';
import { sortFloats } from '../../../src/core/profile/sortNumbers';

describe('profile fast paths', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'runlens-fast-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sorts doubles by their bits as a comparison sort does: negatives, zeros, tiny and huge values', () => {
    const random = seededRandom(7);
    for (const n of [3, 255, 256, 257, 4096, 10_000]) {
      const values = Array.from({ length: n }, (_, i) => {
        const r = random();
        if (i % 97 === 0) return i % 2 === 0 ? -0 : 0;
        if (i % 89 === 0) return (r - 0.5) * 1e300;
        if (i % 83 === 0) return (r - 0.5) * 1e-300;
        return Math.round((r - 0.5) * 200_000) / 1000;
      });
      const a = Float64Array.from(values);
      sortFloats(a);
      const expected = [...values].sort((x, y) => x - y);
      assert.deepEqual(Array.from(a, (v) => (v === 0 ? 0 : v)), expected.map((v) => (v === 0 ? 0 : v)), `n = ${n}`);
      for (let i = 1; i < n; i++) assert.ok((a[i - 1] as number) <= (a[i] as number), `n = ${n}: sorted at ${i}`);
    }
  });

  it('reads rows across 1 MiB chunk boundaries, and hands the hasher each byte of the file once', async () => {
    // 3.5 MiB: rows (some with a quoted line break) straddle every chunk boundary; no final newline.
    const lines = ['id,x,label'];
    let bytes = 0;
    let sum = 0;
    for (let i = 0; bytes < 3.5 * 2 ** 20; i++) {
      const line = i % 1000 === 0 ? `${i},${i % 7}.5,"two\nlines"` : `${i},${i % 7}.5,label${i % 5}`;
      sum += (i % 7) + 0.5;
      lines.push(line);
      bytes += line.length + 1;
    }
    const text = lines.join('\n');
    const path = join(dir, 'big.csv');
    writeFileSync(path, text);
    const hash = createHash('sha256');
    const profile = await profileFile(path, 'x', text.length, { onChunk: (c) => hash.update(c) });
    assert.equal(hash.digest('hex'), createHash('sha256').update(text).digest('hex'));
    assert.equal(profile.rows, lines.length - 1);
    assert.deepEqual(profile.warnings, []);
    const x = profile.columns[1]?.numeric;
    assert.equal(x?.count, lines.length - 1);
    assert.ok(Math.abs((x?.mean ?? 0) - sum / (lines.length - 1)) < 1e-12);
    assert.equal(profile.columns[2]?.categories?.top.find((c) => c.value === 'two\nlines')?.count, Math.ceil((lines.length - 1) / 1000));
  });

  it('profiles a CSV read by column as the same values added one by one (JSON Lines): order, missing and ragged rows kept', async () => {
    // 120,000 rows: batches of 8,192 rows, 1 MiB chunks and the KLL sampler (past 100,000 values)
    // all see the values in file order, or the sketches, the sample and the ID check differ.
    const random = seededRandom(9);
    const csv = ['id,x,label'];
    const jsonl: string[] = [];
    for (let i = 0; i < 120_000; i++) {
      const x = Math.round((random() - 0.5) * 2e5) / 1000;
      const kind = i % 11;
      // Plain numbers, quoted ones and exponents (read as text, then as numbers), missing markers.
      const xCsv = kind === 1 ? `"${x}"` : kind === 2 ? `${x * 1000}e-3` : kind === 3 ? '' : kind === 4 ? 'NA' : String(x);
      const xJson = kind === 1 ? JSON.stringify(String(x)) : kind === 2 ? JSON.stringify(`${x * 1000}e-3`) : kind === 3 ? 'null' : kind === 4 ? '"NA"' : String(x);
      const label = ['a', 'b', '"c, d"', 'e'][i % 4] as string;
      const id = i % 3 === 0 ? `"${i}"` : String(i);
      if (i % 997 === 0) { csv.push(`${id},${xCsv}`); jsonl.push(`{"id":${i},"x":${xJson}}`); continue; } // a short row
      csv.push(`${id},${xCsv},${label}`);
      jsonl.push(`{"id":${i},"x":${xJson},"label":${JSON.stringify(label.replaceAll('"', ''))}}`);
    }
    writeFileSync(join(dir, 'a.csv'), csv.join('\n'));
    writeFileSync(join(dir, 'a.jsonl'), jsonl.join('\n'));
    const a = await profileFile(join(dir, 'a.csv'), 'x', 0);
    const b = await profileFile(join(dir, 'a.jsonl'), 'x', 0);
    assert.equal(a.rows, 120_000);
    assert.equal(a.columns[0]?.idLike, true);
    assert.ok((a.columns[1]?.numeric?.count ?? 0) > 100_000 * 0.8);
    assert.deepEqual(a.columns, b.columns);
  });

  it('folds numbers in batches to the mean, variance, min and max of Welford\'s update', () => {
    const random = seededRandom(3);
    const acc = new NumericAccumulator();
    let n = 0; let mean = 0; let m2 = 0; let min = Infinity; let max = -Infinity;
    for (let i = 0; i < 5_000; i++) {
      const x = 1e6 + (random() - 0.5) * (i % 3 === 0 ? 1 : 1000);
      acc.add(x);
      min = Math.min(min, x); max = Math.max(max, x);
      n++; const d = x - mean; mean += d / n; m2 += d * (x - mean);
    }
    const s = acc.toStats();
    assert.equal(s.count, n);
    assert.equal(s.min, min);
    assert.equal(s.max, max);
    assert.ok(Math.abs(s.mean - mean) / mean < 1e-12);
    assert.ok(Math.abs(s.std - Math.sqrt(m2 / n)) / s.std < 1e-9);
  });

  it('adds a batch to a KLL sketch as value-by-value adds do, once its sampler skips values too', () => {
    const random = seededRandom(11);
    const one = new KllSketch();
    const many = new KllSketch();
    const batch = new Float64Array(4096);
    // Past 1.6M values the sampler keeps one value per block of 16 and more: blocks span batches.
    for (let done = 0, round = 0; done < 1_700_000; round++) {
      const m = [512, 1, 37, 4096, 3000, 2][round % 6] as number;
      for (let i = 0; i < m; i++) {
        batch[i] = (random() - 0.5) * 1e4;
        one.add(batch[i] as number);
      }
      many.addMany(batch, m);
      done += m;
    }
    assert.deepEqual(many.toState(), one.toState());
  });

  it('hashes a batch of numbers into HyperLogLog registers as one add per number does, -0 as 0', () => {
    const random = seededRandom(5);
    const values = Float64Array.from({ length: 20_000 }, (_, i) => (i % 5 === 0 ? -0 : i % 7 === 0 ? Math.round(random() * 50) : (random() - 0.5) * 1e9));
    const one = new HyperLogLog();
    for (const x of values) one.add(hashNumber(x));
    const batch = new HyperLogLog();
    // From an offset into a larger buffer, as a column's pending numbers are not always at its start.
    const big = new Float64Array(values.length + 3);
    big.set(values, 3);
    batch.addNumbers(big.subarray(3), values.length);
    assert.deepEqual(batch.registers, one.registers);
    const zeros = new HyperLogLog();
    zeros.addNumbers(Float64Array.of(-0, 0), 2);
    assert.equal(zeros.estimate(), 1);
  });
});
