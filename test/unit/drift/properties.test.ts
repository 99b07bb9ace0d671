// Properties of drift over random data: a dataset compared with itself never drifts, whatever its
// size or test; a mean shifted by one standard deviation always drifts, small sample or large.
import * as assert from 'node:assert/strict';
import { compareProfiles } from '../../../src/core/drift/drift';
import { ColumnAccumulator } from '../../../src/core/profile/column';
import { seededRandom, type Random } from '../../../src/core/profile/random';
import { PROFILE_FORMAT, type FileProfile } from '../../../src/core/profile/types';

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A profile of columns given as arrays (null: missing). */
function profileOf(columns: Record<string, (number | string | null)[]>): FileProfile {
  const cols = Object.entries(columns).map(([name, values]) => {
    const acc = new ColumnAccumulator();
    for (const v of values) {
      if (v === null) acc.missing++;
      else if (typeof v === 'number') acc.addNumber(v);
      else acc.addText(v);
    }
    return acc.finish(name);
  });
  const rows = Object.values(columns)[0]?.length ?? 0;
  return { format: PROFILE_FORMAT, sha256: '0'.repeat(64), source: { kind: 'csv' }, rows, bytes: 0, columns: cols, warnings: [] };
}

function dataset(random: Random, n: number, shift: number): Record<string, (number | string | null)[]> {
  const cats = ['a', 'b', 'c', 'd', 'e', 'f'];
  return {
    x: Array.from({ length: n }, () => 5 + 2 * normal(random) + 2 * shift),
    y: Array.from({ length: n }, () => (random() < 0.1 ? null : Math.round(random() * 1000) / 10)),
    c: Array.from({ length: n }, () => cats[Math.floor(random() ** (1 + shift) * cats.length)] as string),
    k: Array.from({ length: n }, () => Math.floor(random() * 3)),
  };
}

describe('drift properties', () => {
  const sizes = [20, 60, 200, 999, 1000, 1001, 4000, 20_000];

  for (const n of sizes) {
    it(`never finds drift between a dataset of ${n} rows and itself`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const p = profileOf(dataset(seededRandom(seed * 7919 + n), n, 0));
        const r = compareProfiles(p, p);
        assert.equal(r.drifted, 0, JSON.stringify(r.columns.filter((c) => c.drifted)));
        assert.equal(r.shifted, false);
        for (const c of r.columns) if (c.test !== 'none') assert.ok(c.psi < 1e-9, `${c.name} psi ${c.psi}`);
      }
    });
  }

  for (const n of sizes.filter((s) => s >= 60)) {
    it(`always finds drift in a column whose mean moved by one std (${n} rows)`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const random = seededRandom(seed * 104729 + n);
        const ref = profileOf(dataset(random, n, 0));
        const cur = profileOf({ ...dataset(random, n, 0), x: dataset(random, n, 1).x ?? [] });
        const x = compareProfiles(ref, cur).columns.find((c) => c.name === 'x')!;
        assert.equal(x.drifted, true, `seed ${seed}: ${x.test} ${x.statistic} p ${x.pValue}`);
        assert.equal(x.test, n <= 1000 ? 'ks' : 'wasserstein');
        assert.ok(x.effectSize.value > 0.2, `effect ${x.effectSize.value}`);
      }
    });
  }

  it('leaves an ID column (unique, monotone integers) out of the tests, with the reason, and tests one that is not monotone', () => {
    const n = 500;
    const ids = (from: number): number[] => Array.from({ length: n }, (_, i) => from + i);
    const random = seededRandom(11);
    const x = Array.from({ length: n }, () => normal(random));
    // The current file's IDs continue where the reference's stop: as numbers they are fully shifted.
    const ref = profileOf({ id: ids(1), down: ids(1).reverse(), x });
    const cur = profileOf({ id: ids(n + 1), down: ids(n + 1).reverse(), x });
    assert.deepEqual(ref.columns.map((c) => c.idLike === true), [true, true, false]);
    const r = compareProfiles(ref, cur);
    for (const name of ['id', 'down']) {
      const c = r.columns.find((col) => col.name === name)!;
      assert.equal(c.test, 'none', name);
      assert.equal(c.drifted, false, name);
      assert.match(c.note ?? '', /^ID-like/);
    }
    assert.equal(r.drifted, 0);
    // Shuffled, repeated or fractional values are measurements: tested (and here drifted).
    const shuffled = profileOf({ id: ids(1).map((v, i) => (i % 2 === 0 ? v : n - v)) });
    const repeated = profileOf({ id: ids(1).map((v) => Math.floor(v / 2)) });
    const fractional = profileOf({ id: ids(1).map((v) => v + 0.5) });
    for (const p of [shuffled, repeated, fractional]) assert.equal(p.columns[0]!.idLike, undefined);
    const few = profileOf({ id: ids(1).slice(0, 19) });
    assert.equal(few.columns[0]!.idLike, undefined, 'fewer than 20 values: too few to call it an ID');
    const forced = compareProfiles(ref, cur, { columns: { id: { test: 'ks' } } }).columns.find((c) => c.name === 'id')!;
    assert.equal(forced.test, 'ks');
    assert.equal(forced.drifted, true);
  });
});
