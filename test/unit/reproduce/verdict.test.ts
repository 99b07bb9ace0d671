// The verdict: tolerance arithmetic (exact by default, absolute, relative, per metric), non-finite
// values, missing metrics, outputs and status; and reproduce.tolerance in runlens.yaml.
import * as assert from 'node:assert/strict';
import { parseConfig } from '../../../src/core/config/config';
import { type MetricSummary, type RunManifest } from '../../../src/core/model';
import { newManifest } from '../../../src/core/store/manifest';
import { verdictHeadline, verdictLines } from '../../../src/core/reproduce/report';
import { EXACT, judge, within } from '../../../src/core/reproduce/verdict';

const s = (last: number, min: number | null = last, max: number | null = last, count = 1): MetricSummary => ({ count, last, lastStep: null, min, max, nonFinite: 0 });

function run(id: string, metrics: Record<string, MetricSummary>, outputHash = 'h'): RunManifest {
  const m = newManifest({ experiment: 'e', command: ['x'], shell: false, cwd: '/', params: {}, env: {} }, id, id, new Date(0));
  m.status = 'finished';
  m.metrics = metrics;
  m.data = { hashing: true, datasets: [], outputs: [{ spec: 'out', hash: outputHash, files: 1, bytes: 1, errors: 0, skipped: 0, missing: false }], warnings: [] };
  return m;
}

describe('reproduce verdict', () => {
  it('compares exactly by default, within abs or rel when asked', () => {
    assert.ok(within(0.1, 0.1, EXACT.default));
    assert.ok(!within(0.1, 0.1 + 1e-15, EXACT.default));
    assert.ok(within(1, 1.04, { abs: 0.05, rel: 0 }));
    assert.ok(!within(1, 1.06, { abs: 0.05, rel: 0 }));
    assert.ok(within(100, 101, { abs: 0, rel: 0.01 }));
    assert.ok(!within(100, 102, { abs: 0, rel: 0.01 }));
  });

  it('leaves system metrics (CPU, memory, GPU load) out of the verdict', () => {
    const v = judge(run('a', { loss: s(0.5), 'system/cpu_percent': s(97) }), run('b', { loss: s(0.5), 'system/cpu_percent': s(12), 'system/gpu0/memory_mb': s(900) }));
    assert.equal(v.verdict, 'reproduced');
    assert.deepEqual(v.metrics.map((m) => m.name), ['loss']);
  });

  it('treats NaN as equal to NaN and an infinity only to itself', () => {
    const t = { abs: 1e9, rel: 1 };
    assert.ok(within(NaN, NaN, EXACT.default));
    assert.ok(!within(NaN, 1, t));
    assert.ok(within(Infinity, Infinity, EXACT.default));
    assert.ok(!within(Infinity, -Infinity, t));
    assert.ok(!within(Infinity, 1e300, t));
  });

  it('reports each differing value, missing metrics, outputs and status', () => {
    const a = run('a', { loss: s(0.5, 0.4, 0.9, 3), acc: s(0.8), gone: s(1) });
    const b = run('b', { loss: s(0.5, 0.41, 0.9, 3), acc: s(0.8), extra: s(2) }, 'other');
    b.status = 'failed';
    const v = judge(a, b);
    assert.equal(v.verdict, 'diverged');
    assert.deepEqual(v.metrics.map((m) => [m.name, m.same]), [['acc', true], ['extra', false], ['gone', false], ['loss', false]]);
    assert.equal(v.metrics.find((m) => m.name === 'loss')?.detail, 'min 0.4 vs 0.41');
    assert.deepEqual(v.outputs, [{ spec: 'out', original: 'h', reproduced: 'other', same: false }]);
    assert.ok(v.reasons.some((r) => r.includes('the original finished, the reproduction failed')));
    assert.match(verdictHeadline(v), /^diverged: 3 of 4 metric\(s\) differ, 1 of 1 output\(s\) differ, run failed$/);
  });

  it('uses per-metric tolerances over the default and says reproduced when all agree', () => {
    const tolerance = { default: { abs: 0, rel: 0 }, metrics: { loss: { abs: 0.02, rel: 0 } } };
    const v = judge(run('a', { loss: s(0.5), acc: s(0.8) }), run('b', { loss: s(0.51), acc: s(0.8) }), tolerance);
    assert.equal(v.verdict, 'reproduced');
    assert.match(verdictHeadline(v), /^reproduced: 2 metric\(s\) within tolerance, outputs identical$/);
    assert.ok(verdictLines(v).some((l) => /same\s+loss\s+0\.5\s+0\.51.*abs 0\.02/.test(l)));
    assert.equal(judge(run('a', { loss: s(0.5) }), run('b', { loss: s(0.53) }), tolerance).verdict, 'diverged');
  });

  it('reads reproduce.tolerance from runlens.yaml; old configs and string datasets stay valid', () => {
    const c = parseConfig([
      'experiments:',
      '  t:',
      '    command: x',
      '    datasets: [a.csv, { path: b/, cache: true }]',
      '    reproduce: { tolerance: { rel: 1.0e-6, metrics: { acc: { abs: 0.01 } } } }',
      '  old:',
      '    command: y',
      '    datasets: [a.csv]',
    ].join('\n'), 'runlens.yaml');
    assert.deepEqual(c.problems, []);
    const t = c.experiments.get('t');
    assert.deepEqual(t?.datasets, [{ path: 'a.csv', cache: false }, { path: 'b/', cache: true }]);
    assert.deepEqual(t?.reproduce?.tolerance, { default: { abs: 0, rel: 1e-6 }, metrics: { acc: { abs: 0.01, rel: 0 } } });
    assert.equal(c.experiments.get('old')?.reproduce, undefined);
    const bad = parseConfig('experiments:\n  t:\n    command: x\n    reproduce: { tolerance: { abs: -1 } }\n', 'runlens.yaml');
    assert.equal(bad.problems.length, 1);
  });

  it('reproduce.metrics leaves a metric out of the verdict or gives it its own tolerance', () => {
    const c = parseConfig([
      'experiments:',
      '  t:',
      '    command: x',
      '    reproduce:',
      '      tolerance: { abs: 0.5, metrics: { acc: { abs: 0.2 } } }',
      '      metrics: { epoch_time_s: ignore, loss: 0.01, acc: { abs: 0.001 } }',
    ].join('\n'), 'runlens.yaml');
    assert.deepEqual(c.problems, []);
    const tolerance = c.experiments.get('t')?.reproduce?.tolerance;
    assert.deepEqual(tolerance, { default: { abs: 0.5, rel: 0 }, metrics: { acc: { abs: 0.001, rel: 0 }, loss: { abs: 0, rel: 0.01 } }, ignored: ['epoch_time_s'] });
    const a = run('a', { epoch_time_s: s(12.3), loss: s(100), acc: s(0.9) });
    const same = judge(a, run('b', { epoch_time_s: s(15.9), loss: s(100.9), acc: s(0.9005) }), tolerance);
    assert.equal(same.verdict, 'reproduced', same.reasons.join('; '));
    assert.equal(same.metrics.find((m) => m.name === 'epoch_time_s')?.ignored, true);
    assert.equal(verdictHeadline(same), 'reproduced: 2 metric(s) within tolerance (1 ignored), outputs identical');
    assert.match(verdictLines(same).join('\n'), /ignored\s+epoch_time_s\s+12\.3\s+15\.9.*ignored$/m);
    const off = judge(a, run('b', { epoch_time_s: s(12.3), loss: s(102), acc: s(0.9) }), tolerance);
    assert.deepEqual(off.reasons, ['metric loss: final 100 vs 102, min 100 vs 102, max 100 vs 102']);
    const bad = parseConfig('experiments:\n  t:\n    command: x\n    reproduce: { metrics: { loss: skip } }\n', 'runlens.yaml');
    assert.deepEqual(bad.problems.map((p) => p.message), ['loss must be "ignore", a relative tolerance (a number) or a mapping with abs and/or rel (got the string "skip")']);
  });
});
