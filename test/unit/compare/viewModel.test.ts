// The Compare view's view-model: which params differ across runs, deltas judged by each metric's
// goal, the best run, and the CSV of the tables (quoted, formula-like text defused).
import * as assert from 'node:assert/strict';
import { bestOf, goalOfMetric } from '../../../src/core/compare/metricGoals';
import { diffParamsAcross, looksLikeSweep } from '../../../src/core/compare/paramDiff';
import { type RunManifest } from '../../../src/core/model';
import { type CompareRun, type RunMetricStats } from '../../../src/protocol/compare';
import { csvCell, metricsCsv, paramsCsv } from '../../../webview/compare/csv';
import { bestRun, deltaOf, formatDelta, formatNumber } from '../../../webview/compare/deltas';

function manifest(id: string, params: Record<string, string | number | boolean | null>, experiment: string | null = 'train'): RunManifest {
  return { id, name: id, experiment, params, metrics: {} } as unknown as RunManifest;
}

function run(id: string, stats: Partial<RunMetricStats>[] = [], params: CompareRun['params'] = {}): CompareRun {
  return {
    id, name: id, status: 'finished', experiment: 'train', color: '#4e79a7', startedAt: 0, params,
    stats: stats.map((s) => ({ metric: 'loss', last: 1, best: null, min: null, max: null, count: 1, ...s })),
    code: null, data: [],
  };
}

describe('compare view-model', () => {
  describe('param diff across runs', () => {
    it('lists every param and those that differ, by value and by type', () => {
      const d = diffParamsAcross([
        manifest('a', { lr: 0.1, epochs: 10, model: 'mlp', seed: 1 }),
        manifest('b', { lr: 0.3, epochs: 10, model: 'mlp', seed: '1' }),
        manifest('c', { lr: 0.1, epochs: 10, model: 'mlp', seed: 1, extra: true }),
      ]);
      assert.deepEqual(d.names, ['epochs', 'extra', 'lr', 'model', 'seed']);
      assert.deepEqual(d.differing, ['extra', 'lr', 'seed']);
      assert.deepEqual(d.same, ['epochs', 'model']);
    });

    it('treats a null param as a value (not as missing) and one run as differing in nothing', () => {
      assert.deepEqual(diffParamsAcross([manifest('a', { x: null }), manifest('b', { x: null })]).differing, []);
      assert.deepEqual(diffParamsAcross([manifest('a', { x: null }), manifest('b', {})]).differing, ['x']);
      assert.deepEqual(diffParamsAcross([manifest('a', { x: 1 })]).differing, []);
    });

    it('calls runs a sweep only when they share an experiment and vary enough', () => {
      const two = [manifest('a', { lr: 1, wd: 1 }), manifest('b', { lr: 2, wd: 2 })];
      assert.equal(looksLikeSweep(two, diffParamsAcross(two)), true);
      const oneParamTwoRuns = [manifest('a', { lr: 1 }), manifest('b', { lr: 2 })];
      assert.equal(looksLikeSweep(oneParamTwoRuns, diffParamsAcross(oneParamTwoRuns)), false);
      const oneParamThreeRuns = [...oneParamTwoRuns, manifest('c', { lr: 3 })];
      assert.equal(looksLikeSweep(oneParamThreeRuns, diffParamsAcross(oneParamThreeRuns)), true);
      const mixed = [manifest('a', { lr: 1, wd: 1 }, 'train'), manifest('b', { lr: 2, wd: 2 }, 'other')];
      assert.equal(looksLikeSweep(mixed, diffParamsAcross(mixed)), false);
      const adHoc = [manifest('a', { lr: 1, wd: 1 }, null), manifest('b', { lr: 2, wd: 2 }, null)];
      assert.equal(looksLikeSweep(adHoc, diffParamsAcross(adHoc)), false);
    });
  });

  describe('goals and deltas', () => {
    it('takes the declared goal for the primary metric and guesses others from their names', () => {
      const declared = { primary: 'score', goal: 'min' as const };
      assert.equal(goalOfMetric('score', declared), 'min');
      assert.equal(goalOfMetric('val_loss', declared), 'min');
      assert.equal(goalOfMetric('top1_acc', declared), 'max');
      assert.equal(goalOfMetric('f1', undefined), 'max');
      assert.equal(goalOfMetric('lr', undefined), null);
    });

    it('picks the best of a summary by goal', () => {
      const s = { count: 3, last: 0.5, lastStep: 2, min: 0.2, max: 0.9, nonFinite: 0 };
      assert.equal(bestOf(s, 'min'), 0.2);
      assert.equal(bestOf(s, 'max'), 0.9);
      assert.equal(bestOf(s, null), null);
    });

    it('colours a delta better or worse by the goal', () => {
      assert.deepEqual(deltaOf(0.2, 0.5, 'min'), { delta: 0.2 - 0.5, verdict: 'better' });
      assert.deepEqual(deltaOf(0.2, 0.5, 'max'), { delta: 0.2 - 0.5, verdict: 'worse' });
      assert.deepEqual(deltaOf(0.9, 0.5, 'max'), { delta: 0.9 - 0.5, verdict: 'better' });
      assert.deepEqual(deltaOf(0.5, 0.5, 'min'), { delta: 0, verdict: 'same' });
      assert.deepEqual(deltaOf(0.9, 0.5, null), { delta: 0.9 - 0.5, verdict: null });
      assert.deepEqual(deltaOf(NaN, 0.5, 'min'), { delta: null, verdict: null });
      assert.deepEqual(deltaOf(1, Infinity, 'min'), { delta: null, verdict: null });
      assert.deepEqual(deltaOf(null, 0.5, 'min'), { delta: null, verdict: null });
    });

    it('marks the best run of a metric, skipping runs without a finite best', () => {
      const runs = [run('a', [{ best: 0.4 }]), run('b', [{ best: 0.1 }]), run('c', [{ best: null }]), run('d')];
      assert.equal(bestRun(runs, 'loss', 'min'), 'b');
      assert.equal(bestRun(runs, 'loss', 'max'), 'a');
      assert.equal(bestRun(runs, 'loss', null), null);
      assert.equal(bestRun(runs, 'acc', 'max'), null);
    });

    it('formats numbers and deltas for the table', () => {
      assert.equal(formatNumber(0.123456), '0.1235');
      assert.equal(formatNumber(NaN), 'NaN');
      assert.equal(formatNumber(-Infinity), '−∞');
      assert.equal(formatNumber(null), '–');
      assert.equal(formatNumber(1234567), '1.235e+6');
      assert.equal(formatDelta(-0.05), '−0.05');
      assert.equal(formatDelta(0.12), '+0.12');
    });
  });

  describe('CSV export', () => {
    it('quotes separators and defuses formula-like text but not negative numbers', () => {
      assert.equal(csvCell('a,b'), '"a,b"');
      assert.equal(csvCell('say "hi"'), '"say ""hi"""');
      assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
      assert.equal(csvCell('@cmd'), "'@cmd");
      assert.equal(csvCell(-0.5), '-0.5');
      assert.equal(csvCell(NaN), 'NaN');
      assert.equal(csvCell(null), '');
    });

    it('writes the params and metrics tables with deltas to the baseline', () => {
      const a = run('a', [{ last: 0.5, best: 0.4, min: 0.4, max: 1 }], { lr: 0.1, name: '<img src=x>' });
      const b = run('b', [{ last: 'NaN', best: 0.3, min: 0.3, max: 2 }], { lr: 0.3 });
      const c = run('c', [{ last: 0.25, best: 0.25, min: 0.25, max: 0.9 }], { lr: 0.2 });
      assert.equal(paramsCsv([a, b], ['lr', 'name']), 'run,id,status,lr,name\r\na,a,finished,0.1,<img src=x>\r\nb,b,finished,0.3,\r\n');
      const csv = metricsCsv([a, b, c], [{ name: 'loss', goal: 'min', primary: true }], 'a').split('\r\n');
      assert.equal(csv[0], 'run,id,status,loss last,loss best,loss min,loss max,loss delta');
      assert.equal(csv[1], 'a,a,finished,0.5,0.4,0.4,1,');
      assert.equal(csv[2], 'b,b,finished,NaN,0.3,0.3,2,');
      assert.equal(csv[3], 'c,c,finished,0.25,0.25,0.25,0.9,-0.25');
    });
  });
});
