// The Data Shift view's payload and exports from real profiles of the drift fixtures: verdicts in
// words, thresholds as the table reads them, overlaid distributions on common bins (shares summing
// to one; a datetime column's bins as ISO dates), the summary line, and CSV/JSON exports (a
// formula-like column name defused).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareProfiles } from '../../../../src/core/drift/drift';
import { profileFile } from '../../../../src/core/profile/profileFile';
import { type FileProfile } from '../../../../src/core/profile/types';
import { OTHER_LABEL, SHIFT_BINS, columnChart } from '../../../../src/views/dataShift/charts';
import { reportCsv, reportJson } from '../../../../src/views/dataShift/export';
import { dataShiftPayload, driftedCount, shiftSummary } from '../../../../src/views/dataShift/payload';

const FIXTURES = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'drift');

async function profile(name: string, dir = FIXTURES): Promise<FileProfile> {
  const path = join(dir, name);
  return profileFile(path, name.replace(/\W/g, '').padEnd(64, '0').slice(0, 64), statSync(path).size);
}

const sum = (xs: readonly number[]): number => xs.reduce((s, v) => s + v, 0);

describe('Data Shift payload', () => {
  let ref: FileProfile;
  let cur: FileProfile;
  before(async () => {
    ref = await profile('ref_small.csv');
    cur = await profile('cur_small.csv');
  });

  it('gives every tested column its verdict, threshold, sample sizes and effect size as text', () => {
    const report = compareProfiles(ref, cur);
    const p = dataShiftPayload({ title: 't', referenceLabel: 'ref', currentLabel: 'cur', report, profiles: { reference: ref, current: cur }, problems: ['x: unreadable'], checkedAt: new Date('2026-01-02T03:04:05Z') });
    assert.equal(p.columns.length, report.columns.length);
    assert.equal(p.shifted, report.shifted);
    assert.equal(p.checkedAt, '2026-01-02 03:04:05 UTC');
    assert.deepEqual(p.problems, ['x: unreadable']);
    assert.equal(p.reference.columns, ref.columns.length);
    for (const [i, c] of report.columns.entries()) {
      const pc = p.columns[i];
      assert.ok(pc);
      assert.equal(pc.verdict, c.drifted ? 'drifted' : c.test === 'none' ? 'untested' : 'stable');
      assert.equal(pc.nReference, c.nReference);
      assert.equal(pc.nCurrent, c.nCurrent);
      if (c.test === 'ks' || c.test === 'chi-squared') {
        assert.ok(pc.pValue !== undefined, c.name);
        assert.equal(pc.threshold, 'p < 0.05');
      } else if (c.test !== 'none') {
        assert.equal(pc.pValue, undefined);
        assert.equal(pc.threshold, '≥ 0.1');
      }
      if (c.test !== 'none') assert.notEqual(pc.effect.value, '', c.name);
    }
    assert.ok(report.columns.some((c) => c.test !== 'none'));
  });

  it('draws a numeric column as shares over common equal-width bins and a categorical one as bars', () => {
    const numeric = ref.columns.find((c) => c.name === 'num_a');
    const cat = ref.columns.find((c) => c.name === 'cat');
    assert.ok(numeric && cat);
    const h = columnChart(numeric, cur.columns.find((c) => c.name === 'num_a') ?? numeric, 'ks');
    assert.equal(h?.kind, 'histogram');
    assert.equal(h.labels.length, SHIFT_BINS);
    assert.equal(h.reference.length, SHIFT_BINS);
    assert.ok(Math.abs(sum(h.reference) - 1) < 1e-9 && Math.abs(sum(h.current) - 1) < 1e-9);
    const b = columnChart(cat, cur.columns.find((c) => c.name === 'cat') ?? cat, 'chi-squared');
    assert.equal(b?.kind, 'bars');
    assert.ok(Math.abs(sum(b.reference) - 1) < 1e-9 && Math.abs(sum(b.current) - 1) < 1e-9);
    assert.ok(!b.labels.includes(OTHER_LABEL) || b.labels.at(-1) === OTHER_LABEL);
  });

  it('labels the bins of a datetime column as ISO dates, not epoch milliseconds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-shift-dates-'));
    try {
      // 21 days from 1 January against 21 days from 1 February: bins span 1 Jan - 21 Feb (51 days).
      const days = (month: string): string => `day,v\n${Array.from({ length: 21 }, (_, i) => `2024-${month}-${String(i + 1).padStart(2, '0')},${i}`).join('\n')}\n`;
      writeFileSync(join(dir, 'jan.csv'), days('01'));
      writeFileSync(join(dir, 'feb.csv'), days('02'));
      const [jan, feb] = [await profile('jan.csv', dir), await profile('feb.csv', dir)];
      assert.equal(jan.columns.find((c) => c.name === 'day')?.type, 'datetime');
      const p = dataShiftPayload({ title: 't', referenceLabel: 'jan', currentLabel: 'feb', report: compareProfiles(jan, feb), profiles: { reference: jan, current: feb }, problems: [], checkedAt: new Date(0) });
      const chart = p.columns.find((c) => c.name === 'day')?.chart;
      assert.equal(chart?.kind, 'histogram');
      assert.equal(chart.labels.length, SHIFT_BINS);
      // The first edge is the earliest day; the next is 51 / 20 days later, to the second.
      assert.equal(chart.labels[0], '2024-01-01 – 2024-01-03T13:12:00Z');
      assert.equal(chart.labels.at(-1), '2024-02-18T10:48:00Z – 2024-02-21');
      for (const l of chart.labels) assert.match(l, /^2024-\d\d-\d\d(T\d\d:\d\d:\d\dZ)? – 2024-\d\d-\d\d(T\d\d:\d\d:\d\dZ)?$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws a column compared with itself as identical shares', () => {
    for (const c of ref.columns) {
      const chart = columnChart(c, c, 'none');
      if (chart) assert.deepEqual(chart.current, chart.reference, c.name);
    }
  });

  it('says how many columns drifted, and from which share the dataset counts as shifted', () => {
    const report = compareProfiles(ref, cur);
    assert.equal(driftedCount({ drifted: 4, total: 12 }), '4 of 12 columns');
    assert.equal(driftedCount({ drifted: 1, total: 1 }), '1 of 1 column');
    assert.match(shiftSummary(report), /^(shifted|not shifted): \d+ of \d+ columns? drifted \(shifted from 50 %\)$/);
  });

  it('exports CSV with one row per reference column and JSON with both labels', () => {
    const renamed: FileProfile = { ...cur, columns: cur.columns.filter((c) => c.name !== 'flag').map((c) => (c.name === 'few' ? { ...c, type: 'text' as const } : c)) };
    const hostile: FileProfile = { ...ref, columns: ref.columns.map((c) => (c.name === 'id' ? { ...c, name: '=HYPERLINK("x")' } : c)) };
    const report = compareProfiles(hostile, { ...renamed, columns: renamed.columns.map((c) => (c.name === 'id' ? { ...c, name: '=HYPERLINK("x")' } : c)) });
    const lines = reportCsv(report).trimEnd().split('\r\n');
    assert.equal(lines.length, 1 + ref.columns.length);
    assert.match(lines[0] ?? '', /^column,type,test,statistic,p_value,threshold,drifted,/);
    assert.ok(lines.some((l) => l.startsWith('flag,') && l.includes('removed')));
    assert.ok(lines.some((l) => l.startsWith('few,text,') && l.includes('type changed')));
    assert.ok(lines.some((l) => l.startsWith('"\'=HYPERLINK(""x"")"')), 'a formula-like name is defused and quoted');
    const json = JSON.parse(reportJson(report, 'R', 'C', ['p'])) as { reference: { label: string }; current: { label: string }; problems: string[]; columns: unknown[] };
    assert.equal(json.reference.label, 'R');
    assert.equal(json.current.label, 'C');
    assert.deepEqual(json.problems, ['p']);
    assert.equal(json.columns.length, report.columns.length);
  });

  it('gives each file of a several-file current side its own verdict, sizes and effect sizes', async () => {
    const same = await profile('same_small.csv');
    const files = [{ path: 'in/a.csv', report: compareProfiles(ref, same) }, { path: 'in/b.csv', report: compareProfiles(ref, cur) }];
    const p = dataShiftPayload({ title: 't', referenceLabel: 'ref', currentLabel: 'in/*.csv', report: compareProfiles(ref, cur), problems: [], checkedAt: new Date(0), files });
    assert.deepEqual(p.files?.map((f) => [f.path, f.shifted, f.rows]), [['in/a.csv', false, same.rows], ['in/b.csv', true, cur.rows]]);
    assert.deepEqual(p.files?.[0]?.drifted, []);
    const b = p.files?.[1];
    assert.equal(b?.summary, shiftSummary(files[1]!.report));
    assert.deepEqual(b?.drifted.map((c) => c.name), files[1]!.report.columns.filter((c) => c.drifted).map((c) => c.name));
    const numA = b?.drifted.find((c) => c.name === 'num_a');
    assert.deepEqual(numA && { test: numA.test, statistic: numA.statistic, pValue: numA.pValue, n: [numA.nReference, numA.nCurrent], effect: numA.effect.value },
      { test: 'KS', statistic: '0.366', pValue: '9.449e-17', n: [300, 250], effect: '0.366' });
    assert.equal(dataShiftPayload({ title: 't', referenceLabel: 'r', currentLabel: 'c', report: files[0]!.report, problems: [], checkedAt: new Date(0) }).files, undefined);
  });
});
