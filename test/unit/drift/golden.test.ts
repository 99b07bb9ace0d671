// Profiles and drift verdicts against golden values computed by pandas/scipy on the fixtures of
// test/fixtures/drift (generate.py writes both; generate-parquet.mjs writes the same values as typed
// Parquet, checked against the same golden values). Exact where Runlens has every value, within the
// sketch tolerance of docs/data-shift.md where it does not.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareProfiles } from '../../../src/core/drift/drift';
import { profileFile } from '../../../src/core/profile/profileFile';
import { type FileProfile } from '../../../src/core/profile/types';
import { repoRoot } from '../cli/harness';

const DIR = join(repoRoot(), 'test', 'fixtures', 'drift');

interface GoldenColumn { count: number; missing: number; distinct: number; min?: number; max?: number; mean?: number; std?: number; quantiles?: Record<string, number> }
interface GoldenDrift { test: string; statistic: number; pValue?: number; psi: number }
interface Golden {
  profiles: Record<string, { rows: number; columns: Record<string, GoldenColumn> }>;
  drift: Record<'small' | 'same' | 'large', Record<string, GoldenDrift>>;
}

const golden = JSON.parse(readFileSync(join(DIR, 'golden.json'), 'utf8')) as Golden;
const profiles = new Map<string, FileProfile>();

async function profile(name: string): Promise<FileProfile> {
  let p = profiles.get(name);
  if (!p) {
    p = await profileFile(join(DIR, name), '0'.repeat(64), 0);
    profiles.set(name, p);
  }
  return p;
}

/** |a − b| ≤ rel·|b| + abs. */
function close(actual: number | undefined, expected: number, rel: number, abs = 0, what = ''): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= rel * Math.abs(expected) + abs, `${what}: ${actual} vs ${expected}`);
}

/** Share of the exact values at or below `x`. */
function rankOf(values: number[], x: number): number {
  return values.filter((v) => v <= x).length / values.length;
}

for (const format of ['csv', 'parquet'] as const) describe(`data shift of ${format} fixtures against scipy/pandas golden values`, () => {
  /** The fixture `csvName` in this format. */
  const file = (csvName: string): string => csvName.replace(/\.csv$/, `.${format}`);
  for (const name of Object.keys(golden.profiles)) {
    it(`profiles ${file(name)} as pandas describes ${name}`, async () => {
      const p = await profile(file(name));
      const g = golden.profiles[name]!;
      assert.equal(p.source.kind, format);
      if (format === 'parquet') assert.equal(p.source.rowGroups, Math.ceil(g.rows / 1000), 'row groups');
      assert.equal(p.rows, g.rows);
      assert.deepEqual(p.columns.map((c) => c.name), Object.keys(g.columns).sort((a, b) => p.columns.findIndex((c) => c.name === a) - p.columns.findIndex((c) => c.name === b)));
      const types = Object.fromEntries(p.columns.map((c) => [c.name, c.type]));
      assert.deepEqual(types, { num_a: 'numeric', num_b: 'numeric', cat: 'categorical', flag: 'boolean', few: 'numeric', id: 'text' });
      for (const c of p.columns) {
        const e = g.columns[c.name]!;
        assert.equal(c.count, e.count, `${c.name} count`);
        assert.equal(c.missing, e.missing, `${c.name} missing`);
        if (c.distinctExact) assert.equal(c.distinct, e.distinct, `${c.name} distinct`);
        else close(c.distinct, e.distinct, 0.05, 0, `${c.name} distinct (HyperLogLog)`);
        if (e.mean === undefined) continue;
        const n = c.numeric!;
        assert.equal(n.min, e.min);
        assert.equal(n.max, e.max);
        close(n.mean, e.mean, 1e-12, 1e-12, `${c.name} mean`);
        close(n.std, e.std!, 1e-9, 1e-12, `${c.name} std`);
        for (const [q, v] of Object.entries(e.quantiles!)) {
          if (n.kll.n <= 200) assert.equal(n.quantiles[q], v, `${c.name} q${q}`);
        }
      }
    });
  }

  it('keeps quantiles of 3,000 values within 1 % of rank of the exact ones (KLL, k = 400)', async () => {
    const p = await profile(file('ref_large.csv'));
    const text = readFileSync(join(DIR, 'ref_large.csv'), 'utf8').trim().split('\n').slice(1);
    const exact = text.map((l) => Number(l.split(',')[0]));
    const n = p.columns[0]!.numeric!;
    for (const [q, v] of Object.entries(n.quantiles)) close(rankOf(exact, v), Number(q), 0, 0.01, `rank of q${q}`);
  });

  for (const pair of ['small', 'same', 'large'] as const) {
    it(`judges drift on the ${pair} ${format} pair as scipy computes it`, async () => {
      const [ref, cur] = pair === 'small' ? ['ref_small.csv', 'cur_small.csv'] : pair === 'same' ? ['ref_small.csv', 'same_small.csv'] : ['ref_large.csv', 'cur_large.csv'];
      const report = compareProfiles(await profile(file(ref)), await profile(file(cur)));
      for (const [name, g] of Object.entries(golden.drift[pair])) {
        const c = report.columns.find((x) => x.name === name)!;
        assert.equal(c.test, g.test, `${name} test`);
        if (c.exact) {
          close(c.statistic, g.statistic, 1e-9, 1e-12, `${name} statistic`);
          close(c.psi, g.psi, 1e-9, 1e-12, `${name} psi`);
        } else {
          // From sketches: within the documented tolerance of the exact statistic.
          close(c.statistic, g.statistic, 0, 0.02, `${name} statistic (sketch)`);
          close(c.psi, g.psi, 0.1, 0.02, `${name} psi (sketch)`);
        }
        if (g.pValue !== undefined) close(c.pValue, g.pValue, 1e-6, 0, `${name} p-value`);
      }
      const shifted = pair !== 'same';
      assert.equal(report.shifted, shifted, JSON.stringify(report.columns.map((c) => [c.name, c.drifted])));
    });
  }
});
